/**
 * The app as users get it: `next start` on the production build (built
 * first when there is none, or when asked), on a free loopback port, with
 * the bench registries allowed. `next start` serves from its own process,
 * so the child's pid is the server whose memory we read.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePorts } from '../test-bed/ports';
import { waitForHttp } from '../test-bed/wait-for-http';

/** A running production server. */
export interface AppServer {
  url: string;
  pid: number;
  /** The build served (its BUILD_ID and when it was made). */
  buildId: string;
  builtAt: string;
  /** True when `.next` was rebuilt while we served it (by a concurrent `next build`): the figures are then suspect. */
  buildChanged(): boolean;
  stop(): Promise<void>;
}

/** Builds when `.next/BUILD_ID` is missing (or `rebuild`), then starts the server and waits until it answers. */
export async function startAppServer(root: string, logPath: string, rebuild: boolean, log: (line: string) => void): Promise<AppServer> {
  const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  const buildIdPath = path.join(root, '.next', 'BUILD_ID');
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  // Another `next build` of this checkout (a test run) deletes BUILD_ID while it works: wait for its build.
  for (let waited = 0; !rebuild && !fs.existsSync(buildIdPath) && buildRunningIn(root) && waited < 600; waited++) {
    if (waited === 0) log('another next build of this checkout is running; waiting for it');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  if (rebuild || !fs.existsSync(buildIdPath)) {
    log('building the app (next build)');
    const build = spawnSync(process.execPath, [nextBin, 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env });
    if (build.status !== 0) throw new Error(`next build failed with exit code ${build.status}`);
  }
  const buildId = fs.readFileSync(buildIdPath, 'utf8').trim();
  const builtAt = fs.statSync(buildIdPath).mtime.toISOString();

  const [port] = await freePorts(1);
  const out = fs.openSync(logPath, 'w');
  const child = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: root,
    env: { ...env, PULLSCOPE_ALLOWED_HOSTS: '127.0.0.1,localhost' },
    stdio: ['ignore', out, out],
    detached: true,
  });
  fs.closeSync(out);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(url, { child, name: 'app server', timeoutMs: 60_000 });
  } catch (error) {
    await stop();
    throw error;
  }
  const buildChanged = () => {
    try {
      return fs.readFileSync(buildIdPath, 'utf8').trim() !== buildId || fs.statSync(buildIdPath).mtime.toISOString() !== builtAt;
    } catch {
      return true;
    }
  };
  return { url, pid: child.pid!, buildId, builtAt, buildChanged, stop };
}

/** Whether some process is running `next build` with `root` as its working directory. */
function buildRunningIn(root: string): boolean {
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const args = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (args.some((a) => a.includes('next')) && args.includes('build') && fs.readlinkSync(`/proc/${name}/cwd`) === root) return true;
    } catch {
      // gone, or not ours to read
    }
  }
  return false;
}
