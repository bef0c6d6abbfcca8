/**
 * Finds a key given twice in one JSON object, scanning the exact text that
 * was parsed (never a re-serialization, which would have lost the evidence).
 *
 *   value  ::= object | array | string | number | "true" | "false" | "null"
 *   object ::= "{" [ string ":" value ( "," string ":" value )* ] "}"
 *   array  ::= "[" [ value ( "," value )* ] "]"            (RFC 8259 §§4-7)
 *
 * RFC 8259 §4 leaves duplicate names to the implementation: JavaScript's
 * JSON.parse and Go's encoding/json keep the last value, other parsers the
 * first or fail. A document that one parser (the registry's, when it
 * validated the push) reads differently from another (the client's) is a
 * known way to show a user one image and run another, so duplicates are
 * refused outright. Go also matches struct fields case-insensitively
 * ("Digest" sets `digest`), so outside the free-form string maps two keys
 * that differ only in case are the same key to the registry and count as
 * duplicates too.
 */

import { endOfString } from './json-string-end';

/** Maps whose keys are data (labels, annotations, port and volume sets), compared exactly: Go decodes them into maps, not structs. */
const FREE_FORM_MAPS: ReadonlySet<string> = new Set(['annotations', 'Labels', 'ExposedPorts', 'Volumes']);

/** Where a duplicate key sits: the keys and indexes from the top to it, the key itself last. */
export type JsonPath = (string | number)[];

interface Frame {
  /** Keys seen so far (exact, or case-folded for struct-like objects); undefined for an array. */
  keys: Set<string> | undefined;
  /** Keys are data here: compare them exactly. */
  exact: boolean;
  /** The current key (object) or index (array). */
  at: string | number;
}

/** The path of the first key repeated within one object of `text` (valid JSON), or undefined when every object's keys are distinct. */
export function findDuplicateKey(text: string): JsonPath | undefined {
  const stack: Frame[] = [];
  let expectKey = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */) {
      const parent = stack[stack.length - 1];
      const exact = parent?.keys !== undefined && typeof parent.at === 'string' && FREE_FORM_MAPS.has(parent.at);
      stack.push({ keys: new Set(), exact, at: '' });
      expectKey = true;
      i++;
    } else if (c === 0x5b /* [ */) {
      stack.push({ keys: undefined, exact: true, at: 0 });
      expectKey = false;
      i++;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      i++;
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top.keys !== undefined) expectKey = true;
      else (top.at as number)++;
      i++;
    } else if (c === 0x22 /* " */) {
      const end = endOfString(text, i);
      if (expectKey) {
        const top = stack[stack.length - 1];
        const raw = text.slice(i + 1, end);
        // Escapes ("dig\u0065st") name the same key as the plain spelling.
        const key = raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        const seen = top.exact ? key : fold(key);
        // Each enclosing frame's current key or index leads to the next one down.
        if (top.keys!.has(seen)) return [...stack.slice(0, -1).map((f) => f.at), key];
        top.keys!.add(seen);
        top.at = key;
        expectKey = false;
      }
      i = end + 1;
    } else {
      i++;
    }
  }
  return undefined;
}

/** Renders a path the way the document checks name fields: `manifest.layers[0].digest`. */
export function formatJsonPath(subject: string, path: JsonPath): string {
  let out = subject;
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += /^[A-Za-z0-9_.$-]+$/.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
  }
  return out;
}

// Go's encoding/json folds with Unicode simple case folding; upper-then-lower
// also maps the long s ("ſ") and the Kelvin sign to "s" and "k" as it does.
function fold(key: string): string {
  return key.toUpperCase().toLowerCase();
}
