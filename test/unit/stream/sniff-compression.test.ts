import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sniffCompression } from '@/lib/stream/inflate';
import { textLike } from './stream-helpers';

/** A v7 header block (no magic) with a valid checksum. */
function v7Header(): Uint8Array {
  const block = new Uint8Array(512);
  const put = (s: string, at: number) => block.set(new TextEncoder().encode(s), at);
  put('hello.txt', 0);
  put('0000644\0', 100);
  put('00000000005\0', 124);
  put('        ', 148);
  block[156] = 0x30;
  const sum = block.reduce((a, b) => a + b, 0);
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return block;
}

describe('sniffCompression', () => {
  const ustar = new Uint8Array(512);
  ustar.set(new TextEncoder().encode('ustar\0'), 257);

  it.each([
    ['gzip magic', new Uint8Array(gzipSync(textLike(100))), 'gzip'],
    ['zstd magic', new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x00]), 'zstd'],
    ['ustar magic at 257', ustar, 'none'],
    ['v7 header with a valid checksum', v7Header(), 'none'],
    ['an empty tar (zero blocks)', new Uint8Array(1024), 'none'],
    ['text', textLike(600), 'unknown'],
    ['too few bytes to tell', new Uint8Array([0x1f]), 'unknown'],
    ['nothing', new Uint8Array(0), 'unknown'],
  ] as const)('%s -> %s', (_name, bytes, want) => {
    expect(sniffCompression(bytes)).toBe(want);
  });
});
