/**
 * A file name or path as shown to a person, one visible form per name, as
 * `ls -b` and `tar -tv` print them: a byte that was not UTF-8 (held as
 * U+DC80–U+DCFF, see lib/stream/tar-text.ts) reads `\xe9`; control
 * characters read `\n`, `\t`, `\x01`; characters that reorder or hide text
 * (bidi controls, zero-width marks) read `\u202e`; and a backslash reads
 * `\\`, so no escape can be mistaken for a name that spells it out. Other
 * characters, non-ASCII ones included, are shown as they are.
 */

const NAMED: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '\\': '\\\\' };

// Control characters (C0, DEL, C1), lone surrogates, and format characters that change how text around them reads.
const NEEDS_ESCAPE = /[\\\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|\p{Cs}/gu;

export function shownName(name: string): string {
  return name.replace(NEEDS_ESCAPE, (ch) => {
    const named = NAMED[ch];
    if (named !== undefined) return named;
    const code = ch.charCodeAt(0);
    if (code >= 0xdc80 && code <= 0xdcff) return `\\x${(code - 0xdc00).toString(16)}`;
    if (code < 0x80) return `\\x${code.toString(16).padStart(2, '0')}`;
    return `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * The name shownName shows, read back: for a view link's `path`, which a
 * URL cannot carry as lone surrogates. A backslash before anything but
 * these escapes is kept as written.
 */
export function nameFromShown(shown: string): string {
  return shown.replace(/\\(\\|n|t|r|x[0-9a-f]{2}|u[0-9a-f]{4})/g, (whole, escape: string) => {
    if (escape === '\\') return '\\';
    if (escape === 'n') return '\n';
    if (escape === 't') return '\t';
    if (escape === 'r') return '\r';
    const code = parseInt(escape.slice(1), 16);
    if (escape[0] === 'x') return String.fromCharCode(code >= 0x80 ? 0xdc00 + code : code);
    return String.fromCharCode(code);
  });
}
