import { describe, expect, it } from 'vitest';
import { contentKind, hexDump } from '@/lib/files/content-kind';

const enc = new TextEncoder();

describe('contentKind', () => {
  it.each([
    ['ELF executable', [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]],
    ['gzip data', [0x1f, 0x8b, 8, 0]],
    ['PNG image', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]],
  ])('names %s by its magic number', (format, bytes) => {
    expect(contentKind(Uint8Array.from(bytes))).toEqual({ text: false, format });
  });

  it.each([
    ['ASCII', 'NAME="Debian GNU/Linux"\nID=debian\n'],
    ['UTF-8', 'naïve café ☕\n'],
    ['empty', ''],
  ])('treats %s text as text', (_name, text) => {
    expect(contentKind(enc.encode(text)).text).toBe(true);
  });

  it('treats bytes with NULs as binary', () => {
    expect(contentKind(Uint8Array.from([65, 0, 66])).text).toBe(false);
  });

  it('treats invalid UTF-8 as binary', () => {
    expect(contentKind(Uint8Array.from([0xc3, 0x28, 0x41])).text).toBe(false);
  });

  it('keeps text whose sample ends inside a multi-byte character', () => {
    const text = 'a'.repeat(8191) + 'é' + 'b'.repeat(100);
    expect(contentKind(enc.encode(text)).text).toBe(true);
  });
});

describe('hexDump', () => {
  it('prints offset, hex and ASCII like hexdump -C', () => {
    const lines = hexDump(enc.encode('Hello, world!\n\x00\x01xyz'));
    expect(lines).toEqual([
      '00000000  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 21 0a 00 01  |Hello, world!...|',
      '00000010  78 79 7a                                          |xyz|',
    ]);
  });
});
