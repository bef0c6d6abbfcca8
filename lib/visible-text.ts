/**
 * Text that came from an image or a registry (a config's command, a label,
 * a platform, a tag, a file's name or content), as shown to a person. Its
 * author chose every character, so none may hide or reorder what is shown
 * around it ("Trojan Source", CVE-2021-42574): control characters (C0, DEL,
 * C1: an ANSI `ESC[31m` reads `\x1b[31m`), format characters (bidi
 * overrides, embeddings, isolates and marks, zero-width characters, the
 * byte-order mark, tag characters), line and paragraph separators and lone
 * surrogates read as visible escapes (`\u202e`, `\u{e0041}`), as
 * `git diff`, GitHub and `ls -b` show them. Every other character, non-ASCII
 * ones included, is shown as it is.
 */

/** How strictly a text is escaped. */
export interface EscapeRules {
  /** Keep line feeds, tabs and a carriage return that ends a line: text read line by line (a file, a shell command). */
  multiline?: boolean;
  /**
   * Escape a backslash too (`\\`), so that every shown form reads back to one
   * text (a file name in a link); a byte that was not UTF-8, held as
   * U+DC80–U+DCFF (lib/stream/tar-text.ts), then reads `\xe9`.
   */
  reversible?: boolean;
  /** More characters to escape: a regular-expression class body, such as look-alike slashes in a path. */
  also?: string;
}

/** One stretch of shown text: as written, or one character as its visible escape. */
export type TextPiece = string | { escape: string; codePoint: number };

const NAMED: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '\\': '\\\\' };

const compiled = new Map<string, RegExp>();

function hiddenPattern(rules: EscapeRules): RegExp {
  const key = `${rules.multiline ? 'm' : ''}${rules.reversible ? 'r' : ''}:${rules.also ?? ''}`;
  let pattern = compiled.get(key);
  if (!pattern) {
    // \p{Cc} less what a multi-line text keeps; a CR is kept only before a LF (a CRLF line end).
    const controls = rules.multiline ? '[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]|\\r(?!\\n)' : '\\p{Cc}';
    const more = `${rules.reversible ? '\\\\' : ''}${rules.also ?? ''}`;
    pattern = new RegExp(`${controls}|[\\p{Cf}\\p{Zl}\\p{Zp}\\p{Cs}${more}]`, 'gu');
    compiled.set(key, pattern);
  }
  pattern.lastIndex = 0;
  return pattern;
}

function escapeOf(ch: string, rules: EscapeRules): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const code = ch.codePointAt(0)!;
  if (rules.reversible && code >= 0xdc80 && code <= 0xdcff) return `\\x${(code - 0xdc00).toString(16)}`;
  if (code < 0x80) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code > 0xffff) return `\\u{${code.toString(16)}}`;
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` cut into stretches shown as written and characters shown as their escapes, in order. */
export function textPieces(text: string, rules: EscapeRules = {}): TextPiece[] {
  const pieces: TextPiece[] = [];
  let from = 0;
  for (const match of text.matchAll(hiddenPattern(rules))) {
    if (match.index > from) pieces.push(text.slice(from, match.index));
    pieces.push({ escape: escapeOf(match[0], rules), codePoint: match[0].codePointAt(0)! });
    from = match.index + match[0].length;
  }
  if (from < text.length) pieces.push(text.slice(from));
  return pieces;
}

/** `text` with each character that would hide or reorder text written as its escape. */
export function visibleText(text: string, rules: EscapeRules = {}): string {
  return text.replace(hiddenPattern(rules), (ch) => escapeOf(ch, rules));
}

/** Whether `text` holds a character that visibleText escapes. */
export function hasHiddenCharacters(text: string, rules: EscapeRules = {}): boolean {
  return hiddenPattern(rules).test(text);
}

/**
 * Whether `text` holds a character that changes the direction of the text
 * around it (a bidi override, embedding, isolate or mark): what a reader of
 * a file is warned about, as GitHub does.
 */
export function hasBidiControls(text: string): boolean {
  return /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(text);
}

/**
 * Whether `text` holds right-to-left letters (Hebrew, Arabic, Syriac, Thaana,
 * N'Ko and their neighbours: the blocks of Bidi_Class R and AL), which
 * reorder the neutral characters next to them: such a text is isolated
 * where it is set among other words.
 */
export function hasRightToLeft(text: string): boolean {
  return /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u.test(text);
}
