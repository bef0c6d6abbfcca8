/**
 * The Content-Disposition of a streamed download.
 *
 * Grammar (RFC 6266 section 4.1, with RFC 8187 section 3.2 for ext-value):
 *   content-disposition = "attachment" *( ";" disp-ext-parm )
 *   disp-ext-parm       = "filename" "=" quoted-string | "filename*" "=" ext-value
 *   ext-value           = "UTF-8" "'" [ language ] "'" value-chars
 *   value-chars         = *( pct-encoded / attr-char )
 *   attr-char           = ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
 * Browsers that know `filename*` prefer it (RFC 6266 section 4.3); the plain
 * `filename` is an ASCII stand-in for those that do not.
 */

const ATTR_CHAR = /[A-Za-z0-9!#$&+\-.^_`|~]/;

/** `attachment; filename="ascii"; filename*=UTF-8''percent-encoded` for a file name. */
export function attachmentDisposition(fileName: string): string {
  return `attachment; filename="${asciiFallback(fileName)}"; filename*=UTF-8''${encodeExtValue(fileName)}`;
}

/** The name with every character outside printable ASCII, and the quote and backslash a quoted-string would need escaped, replaced by `_`. */
export function asciiFallback(fileName: string): string {
  // Escapes in quoted-string are read inconsistently by browsers (RFC 6266 appendix D): replace, never escape.
  const ascii = [...fileName].map((c) => (/^[\x20-\x7e]$/.test(c) && c !== '"' && c !== '\\' ? c : '_')).join('');
  return ascii || 'download';
}

/** RFC 8187 value-chars: UTF-8 bytes, attr-chars as they are, every other byte as %XX. */
export function encodeExtValue(value: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(value)) {
    const c = String.fromCharCode(byte);
    out += byte < 0x80 && ATTR_CHAR.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
