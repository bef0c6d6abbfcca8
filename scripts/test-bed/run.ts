/**
 * Running the real tools (umoci, skopeo, htpasswd, openssl): one place that
 * turns a non-zero exit into an error that shows the command and its stderr.
 */
import { execFile } from 'node:child_process';

/** A tool exited non-zero or could not be started. */
export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly stderr: string,
    options?: { cause?: unknown },
  ) {
    super(`command failed: ${command}\n${stderr.trim()}`, options);
    this.name = 'CommandError';
  }
}

/** Runs a program without a shell and returns its stdout as bytes. */
export function runBytes(file: string, args: readonly string[], options: { cwd?: string } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { cwd: options.cwd, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new CommandError([file, ...args].join(' '), stderr.toString('utf8'), { cause: error }));
        } else {
          resolve(stdout);
        }
      },
    );
  });
}

/** Runs a program without a shell and returns its stdout as text. */
export async function run(file: string, args: readonly string[], options: { cwd?: string } = {}): Promise<string> {
  return (await runBytes(file, args, options)).toString('utf8');
}
