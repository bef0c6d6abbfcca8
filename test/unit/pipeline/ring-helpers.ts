/**
 * Both sides of a hash ring in one thread: the writer's waits run the
 * reader's steps instead of blocking, as the hash worker would run them on
 * its own thread. Counts the bytes the reader hashed.
 */
import { createHash } from 'node:crypto';
import { createHashRingMemory, HashRingReader, HashRingWriter, type RingWait } from '@/lib/pipeline/hash-ring';
import type { RawSha256 } from '@/lib/stream/sha256';

/** Node's sha256 as the reader's hash. */
export function nodeRawSha256(): RawSha256 {
  const hash = createHash('sha256');
  return {
    update: (bytes) => void hash.update(bytes),
    digest: () => new Uint8Array(hash.digest()),
  };
}

/** A writer and reader over one ring of `ringBytes`, the reader stepping whenever the writer would wait. */
export function ringInOneThread(ringBytes = 64) {
  const memory = createHashRingMemory(ringBytes);
  const counts = { hashed: 0, hashes: 0, steps: 0 };
  let reader: HashRingReader | undefined;
  const wait: RingWait = () => {
    counts.steps++;
    if (!reader!.step()) throw new Error('the writer waits on a reader with nothing to do: it would block forever');
  };
  reader = new HashRingReader(memory, () => {
    counts.hashes++;
    const inner = nodeRawSha256();
    return {
      update: (bytes) => {
        counts.hashed += bytes.byteLength;
        inner.update(bytes);
      },
      digest: () => inner.digest(),
    };
  });
  const writer = new HashRingWriter(memory, wait);
  return { memory, writer, reader, counts };
}
