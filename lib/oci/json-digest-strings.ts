/**
 * The digests a JSON document names, found in its text as received, each
 * with where it stands and the keys and indexes that lead to it. A view can
 * then link each one over the exact text, never re-serializing the bytes
 * whose digest was checked (design.md: documents are shown as received).
 *
 *   value  ::= object | array | string | number | "true" | "false" | "null"
 *   object ::= "{" [ string ":" value ( "," string ":" value )* ] "}"
 *   array  ::= "[" [ value ( "," value )* ] "]"
 *   string ::= '"' ( unescaped | "\" escape )* '"'      (RFC 8259 §§4-7)
 *
 * Only string values count: an object's keys are names, not references. A
 * value may spell a digest with escapes (`"sha256:\u0061…"`, which JSON.parse
 * and Go read as the plain one): it is decoded to be recognized, and its span
 * is the escaped text as written. A digest is one of the algorithms the spec
 * registers (descriptor.md#registered-algorithms), well formed.
 */
import { verifiableAlgorithm } from '../digest';
import type { JsonPath } from './json-duplicate-keys';
import { endOfString } from './json-string-end';

/** A string value of a document that is a digest. */
export interface DigestString {
  /** The digest, escapes decoded. */
  digest: string;
  /** The keys and indexes from the top to the value: `['layers', 0, 'digest']`. */
  path: JsonPath;
  /** Offset in the text of the string's opening quote. */
  start: number;
  /** Offset just after its closing quote. */
  end: number;
}

interface Frame {
  /** An object's current key, an array's current index. */
  at: string | number;
  isObject: boolean;
}

/** Every string value of `text` that is a digest, in the order written; malformed text yields what was read before it went wrong. */
export function findDigestStrings(text: string): DigestString[] {
  const found: DigestString[] = [];
  const stack: Frame[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') {
      stack.push({ at: c === '{' ? '' : 0, isObject: c === '{' });
      expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      if (stack.pop() === undefined) break;
      expectKey = false;
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top === undefined) break;
      if (top.isObject) expectKey = true;
      else (top.at as number)++;
    } else if (c === '"') {
      const close = endOfString(text, i);
      if (close >= text.length) break;
      const value = decode(text.slice(i, close + 1));
      if (value === undefined) break;
      if (expectKey) {
        stack[stack.length - 1].at = value;
        expectKey = false;
      } else if (verifiableAlgorithm(value) !== undefined) {
        found.push({ digest: value, path: stack.map((f) => f.at), start: i, end: close + 1 });
      }
      i = close;
    }
  }
  return found;
}

/** The value of one string token, quotes included; undefined when its escapes are malformed. */
function decode(token: string): string | undefined {
  if (!token.includes('\\')) return token.slice(1, -1);
  try {
    return JSON.parse(token) as string;
  } catch {
    return undefined;
  }
}
