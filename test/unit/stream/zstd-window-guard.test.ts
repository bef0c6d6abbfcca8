/**
 * zstd frames declaring a window above 128 MiB are refused before fzstd
 * allocates it (a 3 KB frame declaring a 1 GiB window cost 1.1 GiB of RSS and
 * ran for hours), with the limit the zstd CLI applies; frames within it
 * decode as before. Cross-checked with `zstd -t`.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { InflateError } from '@/lib/stream/errors';
import { inflateStream } from '@/lib/stream/inflate';
import { MAX_ZSTD_WINDOW } from '@/lib/stream/zstd-window-guard';
import { chunks, concat, errorOf, runThrough } from './stream-helpers';

/** One frame of `blocks` RLE blocks of `blockSize` zeros, without content size, with this window descriptor byte. */
function rleFrame(windowDescriptor: number, blocks: number, blockSize: number): Uint8Array {
  const out = [0x28, 0xb5, 0x2f, 0xfd, 0x00, windowDescriptor];
  for (let i = 0; i < blocks; i++) {
    const header = (i === blocks - 1 ? 1 : 0) | (1 << 1) | (blockSize << 3);
    out.push(header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff, 0);
  }
  return new Uint8Array(out);
}

/** A single-segment frame whose 4-byte content size says `size`, holding one raw block of one byte. */
function singleSegmentFrame(size: number): Uint8Array {
  const fcs = new Uint8Array(4);
  new DataView(fcs.buffer).setUint32(0, size, true);
  // Descriptor: content-size field of 4 bytes (flag 2), single segment.
  return concat([new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, (2 << 6) | (1 << 5)]), fcs, new Uint8Array([0x01 | (1 << 3), 0, 0, 0x61])]);
}

/** Window descriptor for 2^log bytes (RFC 8878 §3.1.1.1.2: exponent = log - 10, mantissa 0). */
const windowOf = (log: number) => (log - 10) << 3;

const zstdAccepts = (bytes: Uint8Array) => {
  try {
    execFileSync('zstd', ['-q', '-t'], { input: bytes, stdio: ['pipe', 'ignore', 'ignore'] });
    return true;
  } catch {
    return false;
  }
};

describe('zstd window limit', () => {
  const huge = rleFrame(windowOf(30), 800, 128 * 1024);

  it.each([1, 5, 65536])('refuses a frame declaring a 1 GiB window, pushed in %i-byte chunks, before decoding', async (size) => {
    const error = await errorOf(chunks(huge, size), inflateStream('zstd'));
    expect(error).toBeInstanceOf(InflateError);
    expect((error as InflateError).offset).toBe(0);
    expect((error as InflateError).message).toContain(`needs a ${2 ** 30}-byte window, more than the ${MAX_ZSTD_WINDOW} bytes allowed`);
    expect(zstdAccepts(huge), 'zstd -t accepts it').toBe(false);
  });

  it('refuses a single-segment frame whose content size is the window', async () => {
    const frame = singleSegmentFrame(2 ** 28);
    const error = await errorOf(chunks(frame, 3), inflateStream('zstd'));
    expect((error as InflateError).message).toContain(`needs a ${2 ** 28}-byte window`);
  });

  it('finds the oversized frame after a real frame and a skippable one, naming its offset', async () => {
    const first = new Uint8Array(execFileSync('zstd', ['-q', '-c', '--check'], { input: new TextEncoder().encode('hello '.repeat(5000)) }));
    const skippable = new Uint8Array([0x5a, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3]);
    const stream = concat([first, skippable, huge]);
    const error = await errorOf(chunks(stream, 7), inflateStream('zstd'));
    expect((error as InflateError).offset).toBe(first.length + skippable.length);
  });

  it('decodes a frame whose window is exactly the limit, as zstd -t does', async () => {
    const frame = rleFrame(windowOf(27), 3, 1000);
    expect(zstdAccepts(frame), 'zstd -t refuses it').toBe(true);
    const got = await runThrough(chunks(frame, 4), inflateStream('zstd'));
    expect(got).toEqual(new Uint8Array(3000));
  });
});
