/**
 * The state file: how tests find the running bed. It is written only once
 * every server answers and every image is pushed, and removed when the bed
 * stops, so its presence (with live pids) means "the bed is up".
 */
import fs from 'node:fs';
import path from 'node:path';

/** One pushed test image. `digest` is what its tag resolves to (sha256 of the manifest bytes). */
export interface TestImage {
  repository: string;
  tag: string;
  digest: string;
  mediaType: string;
}

/** Everything a test needs to reach the bed. Hosts are `127.0.0.1:PORT`. */
export interface TestBed {
  /** The registries' shared filesystem storage root. */
  storageRoot: string;
  /** No auth at all; also where the images were pushed. */
  anonymous: { host: string };
  /** htpasswd (bcrypt) Basic auth: every request needs the credentials. */
  basic: { host: string; username: string; password: string };
  /** Bearer tokens from our token server: anonymous pull except `private/*`, which needs the credentials. */
  token: { host: string; realm: string; service: string; username: string; password: string };
  /**
   * Blob GETs answer 307 to `cdnOrigin`, which refuses any request with an
   * Authorization header. It uses the same token auth as `token` (anonymous
   * pull of `test/*`), so a client holds a Bearer token it must not forward.
   */
  redirect: { host: string; cdnOrigin: string; realm: string; service: string };
  /** Keyed by `repository:tag`, e.g. `test/multi:v1`. */
  images: Record<string, TestImage>;
  /**
   * The second layer of test/corrupt:v1. Its stored blob had one byte flipped
   * after the push: every registry serves it under this digest, with the
   * right size, but its bytes hash to something else. Its first layer is intact.
   */
  corruptLayerDigest: string;
  /** Where in that blob the flipped byte is (the middle, inside a stored deflate block). */
  corruptByteOffset: number;
  /** The first layer of test/shares-base:v1: the same blob as the first layer of test/layers:v1. */
  sharedBaseLayerDigest: string;
  /** The bed's own process (`scripts/test-bed/start.ts`). */
  pid: number;
  /** The bed's own process and its children: all alive while the bed runs. */
  pids: number[];
  /** When the bed finished starting (ISO 8601). */
  startedAt: string;
}

/** Writes the state atomically (tests may poll for the file). */
export function writeState(statePath: string, state: TestBed): void {
  fs.mkdirSync(path.dirname(statePath), { recursive: true });
  const temporary = `${statePath}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(state, null, 2) + '\n');
  fs.renameSync(temporary, statePath);
}

/** Whether a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads the state file whether or not its processes live; undefined when absent or unreadable. */
export function readState(statePath: string): TestBed | undefined {
  try {
    return JSON.parse(fs.readFileSync(statePath, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Reads the state file; undefined when it is absent or any of its processes is gone. */
export function readLiveState(statePath: string): TestBed | undefined {
  const state = readState(statePath);
  if (!state || !Array.isArray(state.pids) || state.pids.length === 0 || !state.pids.every(isAlive)) return undefined;
  return state;
}
