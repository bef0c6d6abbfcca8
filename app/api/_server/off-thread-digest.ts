/**
 * The sha256 of a streamed blob, taken on a worker thread. The proxy hashes
 * every blob it lets caches keep (answer-body.ts), and on the relay's own
 * thread that hash cost as much per byte as the relay itself (Node's sha256
 * runs at ~1.4 GB/s here, the relay at ~0.7 GB/s). The relay now only copies
 * each chunk into a buffer that moves to the worker (a transfer, not a
 * clone) and comes back once hashed, to be filled again: a fresh copy per
 * chunk left ~100 MiB of spent buffers waiting for the worker's garbage
 * collection per GiB relayed. One worker serves every stream of the
 * process, one hash per stream, in arrival order; a stream that runs more
 * than IN_FLIGHT_BYTES ahead of its hash waits, so a busy worker slows the
 * relay rather than piling up memory.
 *
 * The worker is a short script given as source (no file of its own to
 * bundle); where no worker can start, the stream is hashed on the relay's
 * thread as before.
 */
import { Worker } from 'node:worker_threads';
import { DigestMismatchError } from '@/lib/digest';
import { verifyDigestStream } from '@/lib/stream/verify-digest';
import { createNodeDigest } from './node-digest';
import { processWide } from './process-wide';

/** How far a stream may run ahead of its hash before it waits for the worker. */
export const IN_FLIGHT_BYTES = 4 * 1024 * 1024;

/** The size of the buffers that go to the worker and back; a larger chunk goes in several. */
const BUFFER_BYTES = 256 * 1024;

/** The most idle buffers kept for reuse (one stream's in-flight bound). */
const POOL_BUFFERS = IN_FLIGHT_BYTES / BUFFER_BYTES;

// Messages in: { id, chunk } | { id, end: true } | { id, drop: true }. Out: { id, hashed, buffer } | { id, digest }.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hashes = new Map();
parentPort.on('message', (message) => {
  const { id } = message;
  if (message.chunk) {
    let hash = hashes.get(id);
    if (!hash) hashes.set(id, (hash = createHash('sha256')));
    hash.update(message.chunk);
    parentPort.postMessage({ id, hashed: message.chunk.byteLength, buffer: message.chunk.buffer }, [message.chunk.buffer]);
  } else if (message.end) {
    const hash = hashes.get(id) ?? createHash('sha256');
    hashes.delete(id);
    parentPort.postMessage({ id, digest: 'sha256:' + hash.digest('hex') });
  } else if (message.drop) hashes.delete(id);
});
`;

interface Waiter {
  /** Bytes sent and not yet hashed. */
  inFlight: number;
  /** Called when the worker hashed some of them, or the digest is in. */
  onHashed?: () => void;
  onDigest?: (digest: string) => void;
  onFailure: (error: Error) => void;
}

/** The process's hash worker and the streams it is hashing. */
interface HashWorker {
  worker: Worker;
  streams: Map<number, Waiter>;
  nextId: number;
  /** Buffers back from the worker, to be filled again. */
  pool: ArrayBuffer[];
}

const slot = processWide<{ current?: HashWorker; unavailable?: boolean }>('hash-worker', () => ({}));

/**
 * Starts the process's hash worker, if it is not running (instrumentation.ts
 * calls this as the server starts, so the first blob does not wait for a
 * thread to start, and the thread's memory is the server's from the start).
 */
export function startHashWorker(): void {
  hashWorker();
}

function hashWorker(): HashWorker | undefined {
  if (slot.current) return slot.current;
  if (slot.unavailable) return undefined;
  let worker: Worker;
  try {
    // A hash needs next to no heap: small limits keep the thread's memory small.
    worker = new Worker(WORKER_SOURCE, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 8, stackSizeMb: 1 } });
  } catch {
    slot.unavailable = true;
    return undefined;
  }
  const current: HashWorker = { worker, streams: new Map(), nextId: 1, pool: [] };
  worker.on('message', (message: { id: number; hashed?: number; buffer?: ArrayBuffer; digest?: string }) => {
    if (message.buffer && current.pool.length < POOL_BUFFERS) current.pool.push(message.buffer);
    const waiter = current.streams.get(message.id);
    if (!waiter) return;
    if (message.digest !== undefined) {
      current.streams.delete(message.id);
      waiter.onDigest?.(message.digest);
      return;
    }
    waiter.inFlight -= message.hashed ?? 0;
    const resume = waiter.onHashed;
    waiter.onHashed = undefined;
    resume?.();
  });
  const fail = (error: Error) => {
    if (slot.current === current) slot.current = undefined;
    for (const waiter of current.streams.values()) waiter.onFailure(error);
    current.streams.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the hash worker stopped (exit code ${code})`)));
  // The worker never keeps the process running on its own (after the listeners, which would ref it again).
  worker.unref();
  slot.current = current;
  return current;
}

/**
 * Passes a blob's bytes through unchanged while the worker hashes them; ends
 * in a DigestMismatchError (so the answer is cut, not ended) when they are
 * not the content of `want`, a sha256 digest.
 */
export function offThreadVerifyStream(want: string): TransformStream<Uint8Array, Uint8Array> {
  const hashing = hashWorker();
  if (!hashing) return verifyDigestStream({ want, subject: 'blob', createHasher: createNodeDigest });
  const id = hashing.nextId++;
  let failure: Error | undefined;
  const waiter: Waiter = {
    inFlight: 0,
    onFailure: (error) => {
      failure = error;
      waiter.onHashed?.();
    },
  };
  hashing.streams.set(id, waiter);
  let bytes = 0;
  const drop = () => {
    if (hashing.streams.delete(id)) hashing.worker.postMessage({ id, drop: true });
  };
  const transformer: Transformer<Uint8Array, Uint8Array> & { cancel: () => void } = {
    transform(chunk, controller) {
      if (failure) throw failure;
      controller.enqueue(chunk);
      bytes += chunk.byteLength;
      // The chunk goes on to the response, so the worker gets a copy.
      for (let offset = 0; offset < chunk.byteLength; offset += BUFFER_BYTES) {
        const part = chunk.subarray(offset, offset + BUFFER_BYTES);
        const copy = new Uint8Array(hashing.pool.pop() ?? new ArrayBuffer(BUFFER_BYTES), 0, part.byteLength);
        copy.set(part);
        waiter.inFlight += copy.byteLength;
        hashing.worker.postMessage({ id, chunk: copy }, [copy.buffer]);
      }
      if (waiter.inFlight <= IN_FLIGHT_BYTES) return;
      return new Promise<void>((resolve) => {
        const check = () => {
          if (failure || waiter.inFlight <= IN_FLIGHT_BYTES) resolve();
          else waiter.onHashed = check;
        };
        check();
      });
    },
    async flush() {
      if (failure) throw failure;
      const got = await new Promise<string>((resolve, reject) => {
        waiter.onDigest = resolve;
        waiter.onFailure = reject;
        hashing.worker.postMessage({ id, end: true });
      });
      if (got !== want) throw new DigestMismatchError('blob', want, got, bytes);
    },
    // Called when the answer is cancelled or its source fails (Node has it; TypeScript's DOM types do not yet).
    cancel: drop,
  };
  return new TransformStream(transformer);
}
