/**
 * The long-running child processes of the bed (the registries). They are
 * tracked here so that every way out — a signal, a start-up failure, a crash
 * of this process — stops them, and no registry outlives the bed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

const children = new Set<ChildProcess>();

/** Starts a long-running program with stdout and stderr appended to a log file. */
export function spawnLogged(file: string, args: readonly string[], logPath: string): ChildProcess {
  const log = fs.openSync(logPath, 'a');
  try {
    // Its own process group: a terminal's Ctrl-C reaches only the bed, which
    // then stops its children in order instead of seeing them die first.
    const child = spawn(file, args, { stdio: ['ignore', log, log], detached: true });
    children.add(child);
    child.once('exit', () => children.delete(child));
    return child;
  } finally {
    // The child holds its own copy of the descriptor.
    fs.closeSync(log);
  }
}

/** Asks every child to stop, then kills the ones still running after `graceMs`. */
export async function stopChildren(graceMs = 5_000): Promise<void> {
  const running = [...children].filter((c) => c.exitCode === null && c.signalCode === null);
  await Promise.all(
    running.map(
      (child) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}

/** Last resort on process exit, where nothing asynchronous runs any more. */
export function killChildrenNow(): void {
  for (const child of children) child.kill('SIGKILL');
}

/** The pids of the children still running. */
export function childPids(): number[] {
  return [...children].flatMap((c) => (c.pid === undefined ? [] : [c.pid]));
}
