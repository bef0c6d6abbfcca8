import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readableBody } from '@/app/api/_server/readable-body';
import { concat, pseudoRandom } from '../stream/stream-helpers';

/** Lets the source's queued 'data' events run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('readableBody', () => {
  const cases: [name: string, sizes: number[]][] = [
    ['no bytes at all', []],
    ['one chunk', [1000]],
    ['many chunks of different sizes', [1, 65536, 7, 300_000, 2]],
  ];
  it.each(cases)('passes %s through unchanged', async (_name, sizes) => {
    const source = new PassThrough();
    const parts = sizes.map((size, i) => pseudoRandom(size, i + 1));
    const body = readableBody(source);
    for (const part of parts) source.write(part);
    source.end();
    const got = new Uint8Array(await new Response(body).arrayBuffer());
    const want = concat(parts);
    expect(got.byteLength, `got ${got.byteLength} bytes, want ${want.byteLength}`).toBe(want.byteLength);
    expect(Buffer.compare(got, want), 'got other bytes than were sent').toBe(0);
  });

  it('hands what arrived while nobody read over as one chunk', async () => {
    const source = new PassThrough();
    const reader = readableBody(source).getReader();
    const parts = [pseudoRandom(100, 1), pseudoRandom(200, 2), pseudoRandom(300, 3)];
    for (const part of parts) source.write(part);
    await settle();
    const { value } = await reader.read();
    expect(value?.byteLength, `got a chunk of ${value?.byteLength} bytes, want all 600 that arrived`).toBe(600);
    expect(Buffer.compare(value!, concat(parts))).toBe(0);
  });

  it('wakes a waiting reader once per event-loop round, with every read of that round joined', async () => {
    const source = new PassThrough();
    const reader = readableBody(source).getReader();
    await settle();
    const read = reader.read(); // waiting: nothing has arrived yet
    const parts = [pseudoRandom(100, 1), pseudoRandom(200, 2)];
    source.write(parts[0]);
    // Later in the same round: a wake on each read would already have handed the first 100 bytes over.
    for (let i = 0; i < 5; i++) await Promise.resolve();
    source.write(parts[1]);
    const { value } = await read;
    expect(value?.byteLength, `got a chunk of ${value?.byteLength} bytes, want the 300 that arrived in one round`).toBe(300);
    expect(Buffer.compare(value!, concat(parts))).toBe(0);
  });

  it('stops reading its source at the read-ahead and reads on once it is read', async () => {
    const source = new PassThrough();
    const reader = readableBody(source, 1024).getReader();
    source.write(pseudoRandom(600, 1));
    await settle();
    expect(source.isPaused(), 'paused after 600 of 1024 bytes, want still reading').toBe(false);
    source.write(pseudoRandom(600, 2));
    await settle();
    expect(source.isPaused(), 'still reading after 1200 of 1024 bytes, want paused').toBe(true);
    await reader.read();
    expect(source.isPaused(), 'still paused after a read, want reading again').toBe(false);
  });

  it('delivers the bytes that came before an error, then the error', async () => {
    const source = new PassThrough();
    const reader = readableBody(source).getReader();
    source.write(pseudoRandom(10, 1));
    await settle();
    source.destroy(new Error('connection reset'));
    const first = await reader.read();
    expect(first.value?.byteLength).toBe(10);
    await expect(reader.read()).rejects.toThrow('connection reset');
  });

  it('names the bytes received when its source breaks off, and nothing when it was cancelled', async () => {
    const heard: number[] = [];
    const breakError = (_error: unknown, received: number) => {
      heard.push(received);
      return new Error(`broke off after ${received} bytes`);
    };
    const broken = new PassThrough();
    const reader = readableBody(broken, undefined, breakError).getReader();
    broken.write(pseudoRandom(10, 1));
    broken.write(pseudoRandom(20, 2));
    await settle();
    broken.destroy(new Error('other side closed'));
    expect((await reader.read()).value?.byteLength).toBe(30);
    await expect(reader.read()).rejects.toThrow('broke off after 30 bytes');

    const cancelled = new PassThrough();
    await readableBody(cancelled, undefined, breakError).cancel(new Error('the browser went away'));
    await settle();
    expect(heard, `got breaks after ${heard.join(', ')} bytes, want one, after 30`).toEqual([30]);
  });

  it('destroys its source when cancelled', async () => {
    const source = new PassThrough();
    const body = readableBody(source);
    await body.cancel(new Error('the browser went away'));
    expect(source.destroyed, 'source left open after cancel, want destroyed').toBe(true);
  });
});
