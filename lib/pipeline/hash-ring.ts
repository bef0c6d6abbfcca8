/**
 * A sha256 computed on another thread, fed through shared memory: the layer
 * worker copies bytes into a ring in a SharedArrayBuffer and the hash worker
 * (hash-worker.ts) hashes them as they land. A layer has two hashes of ~300
 * MiB between them for a 100 MiB gzip blob, and one thread hashes ~150
 * MiB/s; with the larger hash on its own thread, the layer worker reads,
 * decodes and indexes while it runs.
 *
 * Shared memory, not messages: a buffer posted per chunk left Chromium
 * objects for the garbage collector (~50 MiB more at the tab's peak for a
 * 512 MiB layer, against ~0 here), and the tab's memory is bounded.
 * SharedArrayBuffer needs a cross-origin isolated page (the app sends
 * COOP/COEP); without it the hashes stay in the layer worker.
 *
 * Layout: four Int32 words, a 32-byte digest, then the ring.
 *   WRITTEN, READ  bytes written and hashed since the hash began, mod 2^32
 *   STATE          IDLE -> OPEN (the writer began) -> CLOSING (all bytes in)
 *                  -> DONE (digest ready) -> IDLE; OPEN or CLOSING -> DROPPED
 *                  (the writer gave up) -> IDLE, set by the reader
 *   SIGNAL         bumped by the writer after each change, so the reader
 *                  waits on one word for bytes and commands alike
 * One hash at a time per ring; a second caller hashes in its own thread.
 * Every wait is Atomics.wait on a word the other side changes before it
 * notifies, so no wake-up is lost: the writer waits on READ when the ring is
 * full and on STATE for the digest, the reader on SIGNAL.
 */
import { UnexpectedError } from '../errors';
import type { RawSha256, Sha256 } from '../stream/sha256';

const WRITTEN = 0;
const READ = 1;
const STATE = 2;
const SIGNAL = 3;
const CONTROL_BYTES = 16;
const DIGEST_BYTES = 32;
const HEADER_BYTES = CONTROL_BYTES + DIGEST_BYTES;

const IDLE = 0;
const OPEN = 1;
const CLOSING = 2;
const DONE = 3;
const DROPPED = 4;

/** The ring's default size: a power of two (the counters wrap at 2^32), a few chunks of decoder output. */
export const HASH_RING_BYTES = 4 * 1024 * 1024;

/**
 * Blocks until `view[index]` may no longer be `value`; every wait is in a
 * loop that checks again. Injected so tests can run both sides in one thread.
 */
export type RingWait = (view: Int32Array, index: number, value: number) => void;

const atomicsWait: RingWait = (view, index, value) => {
  Atomics.wait(view, index, value);
};

/** True where a ring can be shared between threads: SharedArrayBuffer exists (a cross-origin isolated page or a worker of one, or Node). */
export function canShareMemory(): boolean {
  return typeof SharedArrayBuffer === 'function' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
}

/** The shared memory of one ring: made by the page, given to one layer worker and its hash worker. */
export function createHashRingMemory(ringBytes = HASH_RING_BYTES): SharedArrayBuffer {
  if (ringBytes <= 0 || (ringBytes & (ringBytes - 1)) !== 0) throw new UnexpectedError(`hash ring: size ${ringBytes} is not a power of two`);
  return new SharedArrayBuffer(HEADER_BYTES + ringBytes);
}

function views(memory: SharedArrayBuffer) {
  return {
    control: new Int32Array(memory, 0, CONTROL_BYTES / 4),
    digest: new Uint8Array(memory, CONTROL_BYTES, DIGEST_BYTES),
    ring: new Uint8Array(memory, HEADER_BYTES),
  };
}

/** A Sha256 whose bytes are hashed by the ring's reader; `release` gives the ring back without a digest. */
export interface RingSha256 extends Sha256 {
  /** Abandons the hash unless its digest was read; safe to call more than once. */
  release(): void;
}

/** The layer worker's side: hands out the ring to one hash at a time. */
export class HashRingWriter {
  private readonly control: Int32Array;
  private readonly digestBytes: Uint8Array;
  private readonly ring: Uint8Array;
  private busy = false;

  constructor(
    memory: SharedArrayBuffer,
    private readonly wait: RingWait = atomicsWait,
  ) {
    ({ control: this.control, digest: this.digestBytes, ring: this.ring } = views(memory));
  }

  /** A hash on the reader's thread, or undefined while another hash holds the ring. */
  begin(): RingSha256 | undefined {
    if (this.busy) return undefined;
    // The reader sets IDLE once it has let go of a dropped hash.
    for (let s = Atomics.load(this.control, STATE); s !== IDLE; s = Atomics.load(this.control, STATE)) this.wait(this.control, STATE, s);
    this.busy = true;
    Atomics.store(this.control, WRITTEN, 0);
    Atomics.store(this.control, READ, 0);
    Atomics.store(this.control, STATE, OPEN);
    this.signal();
    let written = 0;
    let finished = false;
    const size = this.ring.length;
    const mask = size - 1;
    return {
      update: (chunk) => {
        if (finished) throw new UnexpectedError('sha256: update after digest or release');
        let at = 0;
        while (at < chunk.byteLength) {
          const read = Atomics.load(this.control, READ);
          const free = size - ((written - read) >>> 0);
          if (free === 0) {
            this.wait(this.control, READ, read);
            continue;
          }
          const start = written & mask;
          const n = Math.min(chunk.byteLength - at, free, size - start);
          this.ring.set(chunk.subarray(at, at + n), start);
          at += n;
          written = (written + n) | 0;
          Atomics.store(this.control, WRITTEN, written);
          this.signal();
        }
      },
      digest: () => {
        if (finished) throw new UnexpectedError('sha256: digest read twice or after release');
        finished = true;
        Atomics.store(this.control, STATE, CLOSING);
        this.signal();
        for (let s = Atomics.load(this.control, STATE); s !== DONE; s = Atomics.load(this.control, STATE)) this.wait(this.control, STATE, s);
        const hex = Array.from(this.digestBytes, (b) => b.toString(16).padStart(2, '0')).join('');
        Atomics.store(this.control, STATE, IDLE);
        this.signal();
        this.busy = false;
        return `sha256:${hex}`;
      },
      release: () => {
        if (finished) return;
        finished = true;
        Atomics.store(this.control, STATE, DROPPED);
        this.signal();
        this.busy = false;
      },
    };
  }

  /** Tells the reader something changed (it waits on SIGNAL alone). */
  private signal(): void {
    Atomics.add(this.control, SIGNAL, 1);
    Atomics.notify(this.control, SIGNAL);
  }
}

/** The hash worker's side: `step` does what can be done now, `serve` loops forever on it. */
export class HashRingReader {
  private readonly control: Int32Array;
  private readonly digestBytes: Uint8Array;
  private readonly ring: Uint8Array;
  private hash: RawSha256 | undefined;
  private read = 0;

  constructor(
    memory: SharedArrayBuffer,
    private readonly createHash: () => RawSha256,
    private readonly wait: RingWait = atomicsWait,
  ) {
    ({ control: this.control, digest: this.digestBytes, ring: this.ring } = views(memory));
  }

  /**
   * Hashes what has landed, finishes or drops the hash the writer asked to;
   * returns false when there was nothing to do (the caller then waits).
   */
  step(): boolean {
    const state = Atomics.load(this.control, STATE);
    if (state === IDLE || state === DONE) return false;
    if (state === DROPPED) {
      this.hash = undefined;
      Atomics.store(this.control, STATE, IDLE);
      Atomics.notify(this.control, STATE);
      return true;
    }
    if (!this.hash) {
      this.hash = this.createHash();
      this.read = 0;
    }
    const written = Atomics.load(this.control, WRITTEN);
    const size = this.ring.length;
    let progressed = false;
    for (let available = (written - this.read) >>> 0; available > 0; available = (written - this.read) >>> 0) {
      const start = this.read & (size - 1);
      const n = Math.min(available, size - start);
      this.hash.update(this.ring.subarray(start, start + n));
      this.read = (this.read + n) | 0;
      Atomics.store(this.control, READ, this.read);
      Atomics.notify(this.control, READ);
      progressed = true;
    }
    // CLOSING is set after the last byte's WRITTEN, so having read up to the
    // WRITTEN seen after it means every byte is in.
    if (state === CLOSING && Atomics.load(this.control, WRITTEN) === this.read) {
      this.digestBytes.set(this.hash.digest());
      this.hash = undefined;
      Atomics.store(this.control, STATE, DONE);
      Atomics.notify(this.control, STATE);
      return true;
    }
    return progressed;
  }

  /** Runs forever: the hash worker's only job. */
  serve(): never {
    for (;;) {
      // Read before looking: a change made after this read moves SIGNAL, so the wait returns at once.
      const signal = Atomics.load(this.control, SIGNAL);
      if (!this.step()) this.wait(this.control, SIGNAL, signal);
    }
  }
}
