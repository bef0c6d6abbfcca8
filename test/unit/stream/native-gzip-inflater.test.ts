// The platform's gzip decoder is given a large chunk in pieces: its output
// for each write waits in the stream's queue, so smaller writes keep less of
// it waiting (bench/changes.md, memory). The output must not change.
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NativeGzipInflater } from '@/lib/stream/native-gzip-inflater';
import { concat, pseudoRandom, sameBytes, textLike } from './stream-helpers';

const Platform = globalThis.DecompressionStream;

/** The platform's decoder behind a stream that records the size of every write it gets. */
function recordingDecompressionStream(writes: number[]) {
  return class {
    readonly readable: ReadableStream<Uint8Array>;
    readonly writable: WritableStream<BufferSource>;
    constructor(format: CompressionFormat) {
      const inner = new Platform(format);
      const recorder = new TransformStream<BufferSource, BufferSource>({
        transform(chunk, controller) {
          writes.push(chunk.byteLength);
          controller.enqueue(chunk);
        },
      });
      void recorder.readable.pipeTo(inner.writable).catch(() => {});
      this.writable = recorder.writable;
      this.readable = inner.readable;
    }
  };
}

describe('NativeGzipInflater', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('gives the decoder at most 128 KiB per write, and decodes the same bytes', async () => {
    const tar = concat([textLike(3_000_000), pseudoRandom(700_000, 3)]);
    const gz = new Uint8Array(gzipSync(tar, { level: 1 }));
    const writes: number[] = [];
    vi.stubGlobal('DecompressionStream', recordingDecompressionStream(writes));
    const out: Uint8Array[] = [];
    const inflater = new NativeGzipInflater((chunk) => out.push(chunk.slice()));
    // One push of the whole blob, as a 512 KiB read would be, only larger.
    await inflater.push(gz);
    await inflater.end();
    expect(sameBytes(concat(out), tar), 'decoded bytes are the tar').toBe(true);
    expect(Math.max(...writes), 'largest write').toBeLessThanOrEqual(128 * 1024);
    expect(writes.reduce((a, b) => a + b, 0)).toBe(gz.length);
    expect(writes.length).toBe(Math.ceil(gz.length / (128 * 1024)));
  });
});
