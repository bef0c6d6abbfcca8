/**
 * A character named for a person, as the Unicode standard names it: for a
 * message about a character that cannot be seen (`U+200B ZERO WIDTH SPACE`),
 * where quoting it would show nothing.
 */

// The invisible, direction-changing and look-alike characters a pasted or published text is likely to carry.
const NAMES: Record<number, string> = {
  0x00: 'NULL',
  0x09: 'CHARACTER TABULATION',
  0x0a: 'LINE FEED',
  0x0d: 'CARRIAGE RETURN',
  0x1b: 'ESCAPE',
  0x7f: 'DELETE',
  0x85: 'NEXT LINE',
  0xa0: 'NO-BREAK SPACE',
  0xad: 'SOFT HYPHEN',
  0x034f: 'COMBINING GRAPHEME JOINER',
  0x061c: 'ARABIC LETTER MARK',
  0x115f: 'HANGUL CHOSEONG FILLER',
  0x1160: 'HANGUL JUNGSEONG FILLER',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x202f: 'NARROW NO-BREAK SPACE',
  0x2044: 'FRACTION SLASH',
  0x2060: 'WORD JOINER',
  0x2061: 'FUNCTION APPLICATION',
  0x2062: 'INVISIBLE TIMES',
  0x2063: 'INVISIBLE SEPARATOR',
  0x2064: 'INVISIBLE PLUS',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0x2215: 'DIVISION SLASH',
  0x29f8: 'BIG SOLIDUS',
  0x3000: 'IDEOGRAPHIC SPACE',
  0x3164: 'HANGUL FILLER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0xff0f: 'FULLWIDTH SOLIDUS',
  0xfffc: 'OBJECT REPLACEMENT CHARACTER',
};

/** `U+XXXX`, the way Unicode writes a code point. */
export function codePointLabel(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * `U+200B ZERO WIDTH SPACE`; a character without a name here is said by its
 * kind (`U+0001, a control character`), or by its code point alone.
 */
export function describeCharacter(codePoint: number): string {
  const label = codePointLabel(codePoint);
  const name = NAMES[codePoint];
  if (name) return `${label} ${name}`;
  const ch = String.fromCodePoint(codePoint);
  if (/\p{Cc}/u.test(ch)) return `${label}, a control character`;
  if (/\p{Cf}/u.test(ch)) return `${label}, an invisible formatting character`;
  if (/\p{Cs}/u.test(ch)) return `${label}, half of a surrogate pair`;
  return label;
}
