import { describe, expect, it } from 'vitest';
import { describeCharacter } from '@/lib/character-name';
import { hasBidiControls, hasHiddenCharacters, hasRightToLeft, textPieces, visibleText } from '@/lib/visible-text';

describe('visibleText', () => {
  it.each([
    ['plain ASCII', '/bin/sh -c make', '/bin/sh -c make'],
    ['non-ASCII letters, kept', 'naïve café 日本 😀 עברית', 'naïve café 日本 😀 עברית'],
    ['a backslash, kept', 'C:\\Windows', 'C:\\Windows'],
    ['a right-to-left override (Trojan Source)', 'echo hi; \u202erm -rf /', 'echo hi; \\u202erm -rf /'],
    ['every bidi embedding, override and pop', '\u202a\u202b\u202c\u202d\u202e', '\\u202a\\u202b\\u202c\\u202d\\u202e'],
    ['bidi isolates', '\u2066\u2067\u2068\u2069', '\\u2066\\u2067\\u2068\\u2069'],
    ['bidi marks', '\u200e\u200f\u061c', '\\u200e\\u200f\\u061c'],
    ['zero-width characters and the byte-order mark', 'a\u200bb\u200cc\u200dd\u2060e\ufeff', 'a\\u200bb\\u200cc\\u200dd\\u2060e\\ufeff'],
    ['a soft hyphen and a tag character', 'x\u00ady\u{e0041}', 'x\\u00ady\\u{e0041}'],
    ['an ANSI colour', '\x1b[31mred\x1b[0m', '\\x1b[31mred\\x1b[0m'],
    ['C1 controls and DEL', '\x7f\x85\x9b', '\\x7f\\u0085\\u009b'],
    ['line breaks on one line', 'a\nb\tc\rd', 'a\\nb\\tc\\rd'],
    ['line and paragraph separators', 'a\u2028b\u2029c', 'a\\u2028b\\u2029c'],
    ['a lone surrogate', 'a\udc80b', 'a\\udc80b'],
  ])('shows %s as escapes', (_name, text, shown) => {
    expect(visibleText(text)).toBe(shown);
  });

  it('keeps line feeds, tabs and CRLF line ends in multi-line text, and escapes the rest', () => {
    expect(visibleText('RUN a \\\n\tb\r\nc\rd\u202e', { multiline: true })).toBe('RUN a \\\n\tb\r\nc\\rd\\u202e');
  });

  it('escapes a backslash and names undecodable bytes when the shown form must read back', () => {
    expect(visibleText('a\\b\udce9', { reversible: true })).toBe('a\\\\b\\xe9');
  });

  it('escapes more characters on request', () => {
    expect(visibleText('etc\u2215passwd', { also: '\u2215' })).toBe('etc\\u2215passwd');
  });

  it('cuts text into pieces as written and escapes, with each escape’s code point', () => {
    expect(textPieces('ab\u202ecd\x1b')).toEqual(['ab', { escape: '\\u202e', codePoint: 0x202e }, 'cd', { escape: '\\x1b', codePoint: 0x1b }]);
    expect(textPieces('plain')).toEqual(['plain']);
    expect(textPieces('')).toEqual([]);
  });

  it('says whether a text has hidden characters, and whether it has bidi controls', () => {
    expect(hasHiddenCharacters('a\u200bb')).toBe(true);
    expect(hasHiddenCharacters('a\nb')).toBe(true);
    expect(hasHiddenCharacters('a\nb', { multiline: true })).toBe(false);
    expect(hasHiddenCharacters('日本')).toBe(false);
    // Asked twice in a row: a shared global pattern must not remember where it stopped.
    expect(hasHiddenCharacters('x\u202e')).toBe(true);
    expect(hasHiddenCharacters('x\u202e')).toBe(true);
    expect(hasBidiControls('a\u2067b')).toBe(true);
    expect(hasBidiControls('a\u200bb')).toBe(false);
  });
});

describe('hasRightToLeft', () => {
  it.each([
    ['Hebrew', 'linux/עברית', true],
    ['Arabic', 'مرحبا', true],
    ['Latin, CJK and emoji', 'naïve 日本 😀', false],
    ['an escaped override', '\\u202e', false],
  ])('says %s is %s', (_name, text, rtl) => {
    expect(hasRightToLeft(text)).toBe(rtl);
  });
});

describe('describeCharacter', () => {
  it.each([
    [0x200b, 'U+200B ZERO WIDTH SPACE'],
    [0x202e, 'U+202E RIGHT-TO-LEFT OVERRIDE'],
    [0xfeff, 'U+FEFF ZERO WIDTH NO-BREAK SPACE'],
    [0x2215, 'U+2215 DIVISION SLASH'],
    [0x01, 'U+0001, a control character'],
    [0xe0041, 'U+E0041, an invisible formatting character'],
    [0x4e00, 'U+4E00'],
  ])('names U+%s', (codePoint, said) => {
    expect(describeCharacter(codePoint)).toBe(said);
  });
});
