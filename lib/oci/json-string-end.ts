/**
 * Where a JSON string ends (RFC 8259 §7):
 *
 *   string ::= '"' ( unescaped | "\" escape )* '"'
 *
 * A quote closes the string unless an odd number of backslashes stands
 * before it (`\"` is a quote inside, `\\"` a backslash and the close).
 */

/** The offset of the quote that closes the string opened at `open` in `text`, or `text.length` when it is never closed. */
export function endOfString(text: string, open: number): number {
  let from = open + 1;
  for (;;) {
    const close = text.indexOf('"', from);
    if (close < 0) return text.length;
    let backslashes = 0;
    for (let k = close - 1; k > open && text.charCodeAt(k) === 0x5c; k--) backslashes++;
    if (backslashes % 2 === 0) return close;
    from = close + 1;
  }
}
