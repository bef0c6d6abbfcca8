/**
 * A JSON document laid out for reading, one member or element per line,
 * without re-serializing it: only the whitespace between tokens changes.
 * Every string, number and literal stays as the registry wrote it (escapes,
 * `1e3`, `1.0`, duplicate keys, key order), so what a person reads is the
 * document whose digest was checked, spaced out. BuildKit and most registries
 * send compact JSON, a single line that is hard to read.
 *
 * Whitespace is what RFC 8259 §2 allows between tokens (space, tab, line
 * feed, carriage return). Text that is not well-formed JSON (an unclosed
 * string or bracket, a stray character) is returned as it is.
 */
import { endOfString } from './json-string-end';

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/** `text` with its tokens laid out `indent` spaces per level, as JSON.stringify(value, null, indent) lays them out. */
export function indentJson(text: string, indent = 2): string {
  const out: string[] = [];
  let depth = 0;
  const newline = () => '\n' + ' '.repeat(depth * indent);
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (WHITESPACE.has(c)) continue;
    if (c === '"') {
      const close = endOfString(text, i);
      if (close >= text.length) return text;
      out.push(text.slice(i, close + 1));
      i = close;
    } else if (c === '{' || c === '[') {
      const closing = c === '{' ? '}' : ']';
      const next = nextToken(text, i + 1);
      if (text[next] === closing) {
        out.push(c + closing);
        i = next;
      } else {
        depth++;
        out.push(c + newline());
      }
    } else if (c === '}' || c === ']') {
      if (depth === 0) return text;
      depth--;
      out.push(newline() + c);
    } else if (c === ',') {
      if (depth === 0) return text;
      out.push(',' + newline());
    } else if (c === ':') {
      out.push(': ');
    } else if (/[-0-9a-z.+E]/.test(c)) {
      // A number or a literal (true, false, null): up to the next structural character or whitespace.
      let end = i + 1;
      while (end < text.length && /[-0-9a-z.+E]/.test(text[end])) end++;
      out.push(text.slice(i, end));
      i = end - 1;
    } else return text;
  }
  return depth === 0 ? out.join('') : text;
}

/** The offset of the first non-whitespace character at or after `from`. */
function nextToken(text: string, from: number): number {
  let i = from;
  while (i < text.length && WHITESPACE.has(text[i])) i++;
  return i;
}
