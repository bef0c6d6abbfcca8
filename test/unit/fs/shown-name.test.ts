import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameFromShown, shownName } from '@/lib/fs/shown-name';
import { decodeTarText } from '@/lib/stream/tar-text';

describe('shownName', () => {
  it.each([
    ['/etc/os-release', '/etc/os-release'],
    ['naïve-café 日本 😀', 'naïve-café 日本 😀'],
    ['caf\udce9', 'caf\\xe9'],
    ['new\nline', 'new\\nline'],
    ['tab\tname', 'tab\\tname'],
    ['bell\x07', 'bell\\x07'],
    ['a\\b', 'a\\\\b'],
    ['evil\u202etxt.exe', 'evil\\u202etxt.exe'],
    ['zero\u200bwidth', 'zero\\u200bwidth'],
    ['isolate\u2067d', 'isolate\\u2067d'],
    ['soft\u00adhyphen', 'soft\\u00adhyphen'],
    ['tag\u{e0041}', 'tag\\u{e0041}'],
    ['ansi\x1b[31m', 'ansi\\x1b[31m'],
    ['etc\u2215passwd', 'etc\\u2215passwd'],
    ['etc\u2044passwd', 'etc\\u2044passwd'],
    ['etc\u29f8passwd', 'etc\\u29f8passwd'],
    ['etc\uff0fpasswd', 'etc\\uff0fpasswd'],
  ])('shows %j as %j', (name, shown) => {
    expect(shownName(name)).toBe(shown);
    expect(nameFromShown(shown)).toBe(name);
  });

  it('shows different names differently, and reads each back, for names of any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 16 }), fc.uint8Array({ maxLength: 16 }), (a, b) => {
        const [na, nb] = [decodeTarText(a), decodeTarText(b)];
        expect(nameFromShown(shownName(na))).toBe(na);
        if (na !== nb) expect(shownName(na)).not.toBe(shownName(nb));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps a backslash that escapes nothing, as an older link may hold', () => {
    expect(nameFromShown('C:\\Temp')).toBe('C:\\Temp');
  });
});
