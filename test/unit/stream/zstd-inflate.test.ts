import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { InflateError } from '@/lib/stream/errors';
import { inflateStream } from '@/lib/stream/inflate';
import { chunks, concat, errorOf, pseudoRandom, runThrough, sameBytes, textLike } from './stream-helpers';

/** The reference encoder: the zstd CLI. */
const zstd = (bytes: Uint8Array, ...args: string[]) =>
  new Uint8Array(execFileSync('zstd', ['-q', '-c', ...args], { input: bytes, maxBuffer: 1 << 26 }));

function expectSame(got: Uint8Array, want: Uint8Array) {
  expect(sameBytes(got, want), `got ${got.length} bytes, want ${want.length} bytes, identical`).toBe(true);
}

/** A skippable frame (RFC 8878 §3.1.2): magic 0x184D2A5?, little-endian size, payload. */
function skippableFrame(payload: Uint8Array): Uint8Array {
  const head = new Uint8Array(8);
  const view = new DataView(head.buffer);
  view.setUint32(0, 0x184d2a50, true);
  view.setUint32(4, payload.length, true);
  return concat([head, payload]);
}

describe('inflateStream zstd', () => {
  const text = textLike(2_000_000);
  const random = pseudoRandom(700_000, 11);

  it.each([
    ['text, level 3, 64 KiB chunks', text, [] as string[], 65536],
    ['text, level 19, 1000-byte chunks', textLike(300_000), ['-19'], 1000],
    ['random data (raw blocks), 64 KiB chunks', random, [], 65536],
    ['text, with content checksum, 7-byte chunks', textLike(100_000), ['--check'], 7],
    ['empty content', new Uint8Array(0), [], 1],
    ['exactly one full output buffer (256 KiB), one chunk', textLike(256 * 1024), [], 1 << 20],
    ['exactly two full output buffers (512 KiB), 64 KiB chunks', textLike(512 * 1024), ['--check'], 65536],
  ])('matches the zstd CLI byte for byte: %s', async (_name, content, args, chunkSize) => {
    const compressed = zstd(content, ...args);
    const viaCli = new Uint8Array(execFileSync('zstd', ['-q', '-d', '-c'], { input: compressed, maxBuffer: 1 << 26 }));
    const got = await runThrough(chunks(compressed, chunkSize), inflateStream('zstd'));
    expectSame(got, viaCli);
    expectSame(got, content);
  });

  it('decodes several frames, and skips skippable frames', async () => {
    const parts = [textLike(50_000), random.subarray(0, 30_000), textLike(10)];
    const stream = concat([skippableFrame(new Uint8Array(12)), zstd(parts[0]), zstd(parts[1]), skippableFrame(new Uint8Array(0)), zstd(parts[2], '-19')]);
    for (const size of [1, 100, 65536]) {
      expectSame(await runThrough(chunks(stream, size), inflateStream('zstd')), concat(parts));
    }
  });

  it('decodes two streams pushed in turn, each with its own decoder', async () => {
    const a = textLike(600_000);
    const b = pseudoRandom(300_000, 5);
    const [ca, cb] = [chunks(zstd(a), 4096), chunks(zstd(b, '-19'), 4096)];
    const outputs: Uint8Array[][] = [[], []];
    const inflaters = [inflateStream('zstd'), inflateStream('zstd')];
    const writers = inflaters.map((t) => t.writable.getWriter());
    const reads = inflaters.map(async (t, i) => {
      const reader = t.readable.getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) outputs[i].push(r.value);
    });
    for (let i = 0; i < Math.max(ca.length, cb.length); i++) {
      if (i < ca.length) await writers[0].write(ca[i]);
      if (i < cb.length) await writers[1].write(cb[i]);
    }
    await Promise.all(writers.map((w) => w.close()));
    await Promise.all(reads);
    expectSame(concat(outputs[0]), a);
    expectSame(concat(outputs[1]), b);
  });

  it('decodes frames whose chunks end exactly at the frame boundaries', async () => {
    const a = zstd(textLike(40_000));
    const b = zstd(textLike(41_000));
    expectSame(await runThrough([a, b], inflateStream('zstd')), concat([textLike(40_000), textLike(41_000)]));
  });
});

describe('inflateStream zstd errors', () => {
  const compressed = zstd(textLike(300_000));

  it.each([
    ['inside the frame header', 3],
    ['inside a block', Math.floor(compressed.length / 2)],
    ['just before the end', compressed.length - 1],
  ])('fails in flush when the stream is truncated %s', async (_where, cut) => {
    const err = await errorOf(chunks(compressed.subarray(0, cut), 4096), inflateStream('zstd'));
    expect(err).toBeInstanceOf(InflateError);
    expect((err as InflateError).code).toBe('INFLATE_FAILED');
    expect((err as InflateError).message).toBe(`zstd stream truncated after ${cut} bytes`);
  });

  it('fails on an empty stream', async () => {
    const err = await errorOf([], inflateStream('zstd'));
    expect((err as InflateError).message).toBe('zstd stream truncated after 0 bytes');
  });

  it('fails on a corrupt frame magic, naming the chunk it was in', async () => {
    const bad = compressed.slice();
    bad[1] ^= 0xff;
    const err = await errorOf(chunks(bad, 4096), inflateStream('zstd'));
    expect(err).toBeInstanceOf(InflateError);
    expect((err as InflateError).message).toBe('corrupt zstd in compressed bytes 0-4095: not a zstd frame (unknown magic number)');
  });

  it('fails on corrupted block content, naming the chunk it was in', async () => {
    const bad = compressed.slice();
    for (let i = 2000; i < 2100; i++) bad[i] ^= 0x5a;
    const err = await errorOf(chunks(bad, 4096), inflateStream('zstd'));
    expect(err).toBeInstanceOf(InflateError);
    expect((err as InflateError).message).toMatch(/^corrupt zstd in compressed bytes \d+-\d+: corrupted /);
    // zstd reads a whole block before decoding it: the chunk named is the one that completed the block.
    expect((err as InflateError).offset).toBeLessThan(bad.length);
  });

  it('fails when the content does not match the frame checksum', async () => {
    const content = textLike(100_000);
    const checked = zstd(content, '--check');
    const bad = checked.slice();
    bad[bad.length - 1] ^= 0x01; // the last byte belongs to the 4-byte checksum
    const err = await errorOf(chunks(bad, 4096), inflateStream('zstd'));
    expect(err).toBeInstanceOf(InflateError);
    expect((err as InflateError).message).toMatch(/: frame checksum does not match its content$/);
  });

  it('fails on trailing data that is not a frame', async () => {
    const err = await errorOf([compressed, new TextEncoder().encode('trailing garbage here')], inflateStream('zstd'));
    expect(err).toBeInstanceOf(InflateError);
    expect((err as InflateError).message).toMatch(/^corrupt zstd in compressed bytes \d+-\d+: not a zstd frame \(unknown magic number\)$/);
  });
});
