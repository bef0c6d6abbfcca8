// The hash ring across two real threads, blocking in Atomics.wait as the
// layer worker and the hash worker do: whatever the timing, no wake-up is
// lost and every digest is Node's.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHashRingMemory, HashRingWriter } from '@/lib/pipeline/hash-ring';
import { chunks, pseudoRandom } from '../stream/stream-helpers';
import { sha256 } from './layer-fixtures';

describe('a hash ring between two threads', () => {
  const memory = createHashRingMemory(64 * 1024);
  const reader = new Worker(path.resolve(__dirname, 'ring-reader-thread.mjs'), { workerData: { memory } });
  // A lost wake-up would block this thread for good; a wait with no change
  // for a minute fails the test instead (a liveness guard, not a speed limit).
  const writer = new HashRingWriter(memory, (view, index, value) => {
    if (Atomics.wait(view, index, value, 60_000) === 'timed-out') throw new Error(`word ${index} stayed ${value} for a minute: a wake-up was lost`);
  });
  // The writer blocks this thread: the reader must be serving first.
  beforeAll(
    () =>
      new Promise<void>((resolve, reject) => {
        reader.once('message', () => resolve());
        reader.once('error', reject);
      }),
  );
  afterAll(async () => {
    await reader.terminate();
  });

  it('hashes a stream many times the ring, in chunks of every size, as Node does', () => {
    const bytes = pseudoRandom(3 * 1024 * 1024 + 17, 11);
    for (const size of [1000, 64 * 1024, 200_000, 7]) {
      const part = size === 7 ? bytes.subarray(0, 100_000) : bytes;
      const hash = writer.begin()!;
      for (const chunk of chunks(part, size)) hash.update(chunk);
      expect(hash.digest(), `chunks of ${size}`).toBe(sha256(part));
    }
  });

  it('takes hash after hash, released or finished, without losing one', () => {
    for (let i = 0; i < 300; i++) {
      const bytes = pseudoRandom(1 + ((i * 7919) % 150_000), i);
      const hash = writer.begin()!;
      hash.update(bytes);
      if (i % 3 === 0) hash.release();
      else expect(hash.digest()).toBe(sha256(bytes));
    }
  });
});
