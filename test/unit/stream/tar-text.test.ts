import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeTarText, encodeTarText, hasEscapedBytes } from '@/lib/stream/tar-text';
import { packStrings, unpackStrings } from '@/lib/fs/string-table';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('tar text', () => {
  it('reads UTF-8 as itself, and keeps each byte of what is not UTF-8 apart', () => {
    expect(decodeTarText(new TextEncoder().encode('café/ünï'))).toBe('café/ünï');
    const latin1 = decodeTarText(bytes(0x61, 0xe9));
    const other = decodeTarText(bytes(0x61, 0xe8));
    expect(latin1).toBe('a\udce9');
    expect(other).not.toBe(latin1);
    expect(hasEscapedBytes(latin1)).toBe(true);
    expect(hasEscapedBytes('café 😀')).toBe(false);
    // A truncated sequence, an overlong form, an encoded surrogate: every byte escaped, the valid rest as itself.
    expect(decodeTarText(bytes(0xc3, 0x41))).toBe('\udcc3A');
    expect(decodeTarText(bytes(0xc0, 0xaf))).toBe('\udcc0\udcaf');
    expect(decodeTarText(bytes(0xed, 0xa0, 0x80, 0x62))).toBe('\udced\udca0\udc80b');
    // A leading byte order mark is part of the name (or attribute value), not a hint to drop.
    expect(Array.from(encodeTarText(decodeTarText(bytes(0xef, 0xbb, 0xbf, 0x61))))).toEqual([0xef, 0xbb, 0xbf, 0x61]);
    expect(Array.from(encodeTarText(decodeTarText(bytes(0xef, 0xbb, 0xbf, 0xff))))).toEqual([0xef, 0xbb, 0xbf, 0xff]);
  });

  it('gives back the very bytes it read, for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (raw) => {
        expect(Array.from(encodeTarText(decodeTarText(raw)))).toEqual(Array.from(raw));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads two different byte strings as two different texts', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), fc.uint8Array({ maxLength: 12 }), (a, b) => {
        fc.pre(Buffer.compare(Buffer.from(a), Buffer.from(b)) !== 0);
        expect(decodeTarText(a)).not.toBe(decodeTarText(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('packs names that were not UTF-8 for a worker transfer and unpacks them unchanged', () => {
    const names = ['etc', 'a\udce9', 'a\udce8', 'café', '😀', ''];
    const packed = packStrings(names);
    expect(packed.utf16).toBe(true);
    expect(unpackStrings(packed)).toEqual(names);
    expect(packStrings(['etc', 'café']).utf16).toBe(false);
    expect(unpackStrings(packStrings(['etc', 'café']))).toEqual(['etc', 'café']);
  });
});
