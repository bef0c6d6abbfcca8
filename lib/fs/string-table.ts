/**
 * A list of strings packed into two transferable arrays, so a worker can hand
 * a million names to the page without structured-cloning a million strings:
 * the UTF-8 of all strings joined, and where each one ends in UTF-16 code
 * units of the joined string.
 *
 * Offsets count UTF-16 units, not bytes, so decoding is one TextDecoder call
 * and one `slice` per string. A lone surrogate (possible in a JS string, never
 * in valid UTF-8) comes back as U+FFFD, which is also one unit: offsets hold.
 */

/** Packed strings: `utf8` of the joined strings, `ends[i]` = end of string i in UTF-16 units. */
export interface PackedStrings {
  utf8: Uint8Array<ArrayBuffer>;
  ends: Uint32Array<ArrayBuffer>;
}

/** Packs strings into two arrays whose buffers can be transferred. */
export function packStrings(strings: readonly string[]): PackedStrings {
  const ends = new Uint32Array(strings.length);
  let total = 0;
  for (let i = 0; i < strings.length; i++) {
    total += strings[i].length;
    ends[i] = total;
  }
  let utf8 = new TextEncoder().encode(strings.join('')) as Uint8Array<ArrayBuffer>;
  // Transfer moves whole buffers: make sure this one holds exactly these bytes.
  if (utf8.byteOffset !== 0 || utf8.byteLength !== utf8.buffer.byteLength) utf8 = utf8.slice();
  return { utf8, ends };
}

/** The strings `packStrings` packed. */
export function unpackStrings(packed: PackedStrings): string[] {
  const joined = new TextDecoder().decode(packed.utf8);
  const out = new Array<string>(packed.ends.length);
  let start = 0;
  for (let i = 0; i < packed.ends.length; i++) {
    const end = packed.ends[i];
    out[i] = joined.slice(start, end);
    start = end;
  }
  return out;
}
