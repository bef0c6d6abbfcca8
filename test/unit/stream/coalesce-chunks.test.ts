import { describe, expect, it } from 'vitest';
import { coalesceChunks } from '@/lib/stream/coalesce-chunks';
import { concat } from './stream-helpers';

async function through(chunks: Uint8Array[], minBytes: number): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
  // No stall-time flush here: the sizes must not depend on how fast this machine runs the pipe.
  const reader = source.pipeThrough(coalesceChunks(minBytes, 60_000)).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    out.push(value);
  }
}

function bytes(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 7 + seed) & 0xff);
}

describe('coalesceChunks', () => {
  it.each([
    ['many small chunks, one large', [512, 100, 512, 3000, 512, 1], 1024, [1024, 100, 3000, 513]],
    ['small chunks across a batch edge', [700, 700, 700], 1024, [1024, 1024, 52]],
    ['exact multiples', [256, 256, 256, 256], 512, [512, 512]],
    ['a large chunk between small ones keeps the order', [100, 5000, 100], 1024, [100, 5000, 100]],
    ['a large chunk alone', [4096], 1024, [4096]],
    ['empty chunks', [0, 10, 0], 1024, [10]],
    ['nothing', [], 1024, []],
  ])('%s', async (_name, sizes, minBytes, want) => {
    const input = sizes.map((n, i) => bytes(n, i));
    const output = await through(input, minBytes);
    expect(output.map((c) => c.byteLength)).toEqual(want);
    expect(concat(output)).toEqual(concat(input));
  });

  it('never hands out a buffer that shares memory with its input: the source may reuse its buffers', async () => {
    const shared = new Uint8Array(2048);
    const input = [shared.subarray(0, 100), shared.subarray(100, 2048), bytes(50, 3)];
    const output = await through(input, 1024);
    for (const chunk of output) {
      expect(chunk.buffer).not.toBe(shared.buffer);
      // Whole-buffer chunks, so the next hop can transfer them.
      expect(chunk.byteOffset).toBe(0);
      expect(chunk.byteLength).toBe(chunk.buffer.byteLength);
    }
    const before = concat(output);
    shared.fill(0xee);
    expect(concat(output)).toEqual(before);
  });
});

describe('coalesceChunks with a source that stalls', () => {
  it('hands over a part-filled chunk when no more comes, without waiting for the end', async () => {
    let push!: (c: Uint8Array) => void;
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        push = (c) => controller.enqueue(c);
      },
    });
    const reader = source.pipeThrough(coalesceChunks(1024, 20)).getReader();
    push(bytes(100, 1));
    push(bytes(200, 2));
    // The source never ends: the 300 bytes still arrive, as one chunk.
    const first = await reader.read();
    expect(first.value?.byteLength).toBe(300);
    push(bytes(2000, 3));
    expect((await reader.read()).value?.byteLength).toBe(2000);
    await reader.cancel();
  });
});
