// Shared helpers of the stream tests: deterministic bytes, chunked sources, collecting sinks.

/** Deterministic pseudo-random bytes (xorshift32), the same on every run. */
export function pseudoRandom(length: number, seed = 0x9e3779b9): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** Compressible text-like bytes: numbered lines of paths. */
export function textLike(length: number): Uint8Array {
  let s = '';
  for (let i = 0; s.length < length; i++) s += `${i}\t/usr/lib/x86_64-linux-gnu/libexample.so.${i % 97} ${'ab'.repeat(i % 13)}\n`;
  return new TextEncoder().encode(s.slice(0, length));
}

/** Splits bytes into chunks of `size` (the last may be shorter). */
export function chunks(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

/** Splits bytes at the given offsets. */
export function splitAt(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const o of [...offsets, bytes.length]) {
    out.push(bytes.subarray(prev, o));
    prev = o;
  }
  return out;
}

/** A ReadableStream that yields exactly these chunks. */
export function sourceOf(parts: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < parts.length) controller.enqueue(parts[i++]);
      else controller.close();
    },
  });
}

/**
 * A byte stream (as fetch and Blob bodies are) that yields these bytes: into
 * a reader's own buffer when it brings one (BYOB), else as copies.
 */
export function byteSourceOf(parts: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    type: 'bytes',
    pull(controller) {
      if (i >= parts.length) {
        controller.close();
        controller.byobRequest?.respond(0);
        return;
      }
      // enqueue fills a waiting BYOB request from a copy; the part stays the test's.
      controller.enqueue(parts[i++].slice());
    },
  });
}

/** Joins byte arrays. */
export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Pipes the chunks through a transform and joins what comes out. */
export async function runThrough(parts: Uint8Array[], transform: TransformStream<Uint8Array, Uint8Array>): Promise<Uint8Array> {
  const out: Uint8Array[] = [];
  await sourceOf(parts)
    .pipeThrough(transform)
    .pipeTo(new WritableStream({ write: (c) => void out.push(c) }));
  return concat(out);
}

/** Pipes the chunks through a transform and returns what it rejects with (or undefined). */
export async function errorOf(parts: Uint8Array[], transform: TransformStream<Uint8Array, unknown>): Promise<unknown> {
  try {
    await sourceOf(parts).pipeThrough(transform).pipeTo(new WritableStream());
    return undefined;
  } catch (err) {
    return err;
  }
}

/** True when the two arrays hold the same bytes (fast, no per-element assertion output). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** What `promise` rejects with; fails the test when it resolves. */
export async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('got success, want an error');
}
