import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IN_FLIGHT_BYTES, offThreadVerifyStream } from '@/app/api/_server/off-thread-digest';
import { DigestMismatchError } from '@/lib/digest';
import { chunks, concat, pseudoRandom } from '../stream/stream-helpers';

const sha256 = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** `parts` through a verifying stream for `want`: the bytes that came out, or the error it ended in. */
async function through(parts: Uint8Array[], want: string): Promise<{ out: Uint8Array; error?: unknown }> {
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      controller.close();
    },
  });
  const got: Uint8Array[] = [];
  const reader = source.pipeThrough(offThreadVerifyStream(want)).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      got.push(value);
    }
  } catch (error) {
    return { out: concat(got), error };
  }
  return { out: concat(got) };
}

describe('offThreadVerifyStream', () => {
  it('passes a blob larger than its in-flight bound through unchanged and ends cleanly when it is its digest’s content', async () => {
    const blob = pseudoRandom(IN_FLIGHT_BYTES * 3 + 12_345, 7);
    const { out, error } = await through(chunks(blob, 256 * 1024), sha256(blob));
    expect(error, 'the stream of the right bytes ended in an error').toBeUndefined();
    expect(Buffer.compare(out, blob), 'got other bytes than were sent').toBe(0);
  });

  it('ends in a digest mismatch naming what the bytes hashed to, after passing every byte on', async () => {
    const blob = pseudoRandom(1_000_000, 3);
    const want = sha256(pseudoRandom(1_000_000, 4));
    const { out, error } = await through(chunks(blob, 64 * 1024), want);
    expect(error).toBeInstanceOf(DigestMismatchError);
    const mismatch = error as DigestMismatchError;
    expect(mismatch.want).toBe(want);
    expect(mismatch.got, 'the error names another digest than the bytes’ own').toBe(sha256(blob));
    expect(mismatch.bytes).toBe(blob.byteLength);
    expect(out.byteLength).toBe(blob.byteLength);
  });

  it('keeps the hashes of streams that run at the same time apart', async () => {
    const blobs = [1, 2, 3, 4].map((seed) => pseudoRandom(300_000 + seed * 1000, seed));
    // Every other stream claims its neighbour's digest, so a hash fed from the wrong stream shows either way.
    const results = await Promise.all(blobs.map((blob, i) => through(chunks(blob, 10_000), sha256(i % 2 === 0 ? blob : blobs[i - 1]))));
    results.forEach(({ error }, i) => {
      if (i % 2 === 0) expect(error, `stream ${i} of the right bytes failed`).toBeUndefined();
      else expect(error, `stream ${i} of the wrong bytes passed`).toBeInstanceOf(DigestMismatchError);
    });
  });

  it('goes on hashing later streams after one is cancelled half-way', async () => {
    const blob = pseudoRandom(2_000_000, 9);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(pseudoRandom(100_000, 1));
      },
    }).pipeThrough(offThreadVerifyStream(sha256(blob)));
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel(new Error('the browser went away'));
    const { out, error } = await through(chunks(blob, 128 * 1024), sha256(blob));
    expect(error).toBeUndefined();
    expect(out.byteLength).toBe(blob.byteLength);
  });
});
