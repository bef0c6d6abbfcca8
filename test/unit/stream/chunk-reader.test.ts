// createChunkReader: a byte stream is read into one buffer, used again for
// every read; any other stream is read as it is.
import { describe, expect, it } from 'vitest';
import { createChunkReader } from '@/lib/stream/chunk-reader';
import { byteSourceOf, chunks, concat, pseudoRandom, sourceOf } from './stream-helpers';

const BYTES = pseudoRandom(10_000, 7);

async function readCopies(reader: ReturnType<typeof createChunkReader>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (let chunk = await reader.read(); chunk !== undefined; chunk = await reader.read()) out.push(chunk.slice());
  return out;
}

describe('createChunkReader', () => {
  it.each([1, 333, 4096, 20_000])('reads a byte stream in parts of %i bytes through one buffer', async (size) => {
    const reader = createChunkReader(byteSourceOf(chunks(BYTES, size)), 1024);
    expect(reader.reusesBuffer).toBe(true);
    const copies = await readCopies(reader);
    expect(concat(copies)).toEqual(BYTES);
    expect(Math.max(...copies.map((c) => c.byteLength))).toBeLessThanOrEqual(1024);
  });

  it('takes the previous chunk back on the next read: its buffer is the one read into again', async () => {
    const reader = createChunkReader(byteSourceOf(chunks(BYTES, 500)), 1024);
    const first = await reader.read();
    const firstCopy = first!.slice();
    const second = await reader.read();
    // A BYOB read transfers the buffer it is given, detaching the old views of it.
    expect(first!.byteLength).toBe(0);
    expect(second!.buffer.byteLength).toBe(1024);
    expect(firstCopy).toEqual(BYTES.subarray(0, 500));
  });

  it("yields a default stream's chunks as they are, skipping empty ones", async () => {
    const parts = [BYTES.subarray(0, 10), new Uint8Array(0), BYTES.subarray(10, 30)];
    const reader = createChunkReader(sourceOf(parts));
    expect(reader.reusesBuffer).toBe(false);
    expect(await reader.read()).toBe(parts[0]);
    expect(await reader.read()).toBe(parts[2]);
    expect(await reader.read()).toBeUndefined();
  });

  it('cancels its stream', async () => {
    let reason: unknown;
    const stream = new ReadableStream({ type: 'bytes', cancel: (r) => void (reason = r) });
    const reader = createChunkReader(stream);
    await reader.cancel('stop');
    expect(reason).toBe('stop');
  });
});
