/**
 * How integration and e2e tests reach the test bed (`scripts/test-bed/`):
 * the registries, the token server, the CDN stand-in and the pushed images,
 * as `.test-bed/state.json` describes them. `npm test` starts the bed.
 */
import { execFile } from 'node:child_process';
import { statePath } from '../../scripts/test-bed/paths';
import { readLiveState, type TestBed, type TestImage } from '../../scripts/test-bed/state';

export type { TestBed, TestImage };

/** Reads the running bed's state; throws when the bed is not running. */
export function loadTestBed(path: string = statePath): TestBed {
  const state = readLiveState(path);
  if (!state) {
    throw new Error(
      'the test bed is not running: start it with `npx tsx scripts/test-bed/start.ts` or run `npm test`' +
        ` (no live state at ${path})`,
    );
  }
  return state;
}

/** Options of `skopeoInspect`. */
export interface SkopeoInspectOptions {
  /** The manifest (or with `config`, the config) exactly as the registry stores it. */
  raw?: boolean;
  /** `user:password` for the registry. */
  creds?: string;
  /** The image config instead of the manifest summary. */
  config?: boolean;
}

/**
 * Runs `skopeo inspect` on a reference such as `127.0.0.1:PORT/test/multi:v1`
 * (TLS verification off: the bed speaks plain HTTP). Parsed JSON, or the exact
 * bytes with `raw`.
 */
export function skopeoInspect(ref: string, opts: SkopeoInspectOptions & { raw: true }): Promise<Uint8Array>;
export function skopeoInspect(ref: string, opts?: SkopeoInspectOptions): Promise<any>;
export function skopeoInspect(ref: string, opts: SkopeoInspectOptions = {}): Promise<unknown> {
  const args = ['inspect', '--tls-verify=false'];
  if (opts.raw) args.push('--raw');
  if (opts.config) args.push('--config');
  if (opts.creds !== undefined) args.push('--creds', opts.creds);
  args.push(ref.includes('://') ? ref : `docker://${ref}`);
  return new Promise((resolve, reject) => {
    execFile('skopeo', args, { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`skopeo ${args.join(' ')} failed: ${stderr.toString('utf8').trim()}`, { cause: error }));
      } else if (opts.raw) {
        resolve(new Uint8Array(stdout));
      } else {
        resolve(JSON.parse(stdout.toString('utf8')));
      }
    });
  });
}
