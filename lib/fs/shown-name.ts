import { visibleText, type EscapeRules } from '../visible-text';

// Slashes that are not '/' (DIVISION SLASH, FRACTION SLASH, BIG SOLIDUS, FULLWIDTH SOLIDUS): in a name they read as a
// directory that is not there (`passwd\u2215etc`), so they are escaped too.
const NAME_RULES: EscapeRules = { reversible: true, also: '\u2215\u2044\u29f8\uff0f' };

/**
 * A file name or path as shown to a person, one visible form per name, as
 * `ls -b` and `tar -tv` print them: a byte that was not UTF-8 (held as
 * U+DC80–U+DCFF, see lib/stream/tar-text.ts) reads `\xe9`; control
 * characters read `\n`, `\t`, `\x01`; characters that reorder or hide text
 * (bidi controls, zero-width marks) read `\u202e` (lib/visible-text.ts),
 * as do look-alike slashes, so a name cannot pass for a path;
 * and a backslash reads `\\`, so no escape can be mistaken for a name that
 * spells it out. Other characters, non-ASCII ones included, are shown as
 * they are.
 */
export function shownName(name: string): string {
  return visibleText(name, NAME_RULES);
}

/**
 * The name shownName shows, read back: for a view link's `path`, which a
 * URL cannot carry as lone surrogates. A backslash before anything but
 * these escapes is kept as written.
 */
export function nameFromShown(shown: string): string {
  return shown.replace(/\\(\\|n|t|r|x[0-9a-f]{2}|u[0-9a-f]{4}|u\{[0-9a-f]{5,6}\})/g, (whole, escape: string) => {
    if (escape === '\\') return '\\';
    if (escape === 'n') return '\n';
    if (escape === 't') return '\t';
    if (escape === 'r') return '\r';
    if (escape.startsWith('u{')) return String.fromCodePoint(parseInt(escape.slice(2, -1), 16));
    const code = parseInt(escape.slice(1), 16);
    if (escape[0] === 'x') return String.fromCharCode(code >= 0x80 ? 0xdc00 + code : code);
    return String.fromCharCode(code);
  });
}
