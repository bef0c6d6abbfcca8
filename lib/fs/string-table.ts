/**
 * A list of strings packed into two transferable arrays, so a worker can hand
 * a million names to the page without structured-cloning a million strings:
 * the text of all strings joined, and where each one ends in UTF-16 code
 * units of the joined string.
 *
 * The text is UTF-8, so decoding is one TextDecoder call and one `slice` per
 * string. Names that were not UTF-8 in their tar hold lone surrogates (see
 * lib/stream/tar-text.ts), which UTF-8 cannot carry: then the text goes as
 * its UTF-16 code units instead, every unit kept.
 */

/** Packed strings: the joined text (UTF-8, or UTF-16 code units when `utf16`), `ends[i]` = end of string i in UTF-16 units. */
export interface PackedStrings {
  bytes: Uint8Array<ArrayBuffer>;
  utf16: boolean;
  ends: Uint32Array<ArrayBuffer>;
}

// A lone surrogate (with the u flag a valid pair is one code point, not \p{Cs}).
const LONE_SURROGATE = /\p{Cs}/u;

/** Packs strings into two arrays whose buffers can be transferred. */
export function packStrings(strings: readonly string[]): PackedStrings {
  const ends = new Uint32Array(strings.length);
  let total = 0;
  for (let i = 0; i < strings.length; i++) {
    total += strings[i].length;
    ends[i] = total;
  }
  const joined = strings.join('');
  if (LONE_SURROGATE.test(joined)) {
    const units = new Uint16Array(joined.length);
    for (let i = 0; i < joined.length; i++) units[i] = joined.charCodeAt(i);
    return { bytes: new Uint8Array(units.buffer), utf16: true, ends };
  }
  let bytes = new TextEncoder().encode(joined) as Uint8Array<ArrayBuffer>;
  // Transfer moves whole buffers: make sure this one holds exactly these bytes.
  if (bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength) bytes = bytes.slice();
  return { bytes, utf16: false, ends };
}

/** The strings `packStrings` packed. */
export function unpackStrings(packed: PackedStrings): string[] {
  const joined = packed.utf16 ? fromCodeUnits(new Uint16Array(packed.bytes.buffer, packed.bytes.byteOffset, packed.bytes.byteLength / 2)) : new TextDecoder().decode(packed.bytes);
  const out = new Array<string>(packed.ends.length);
  let start = 0;
  for (let i = 0; i < packed.ends.length; i++) {
    const end = packed.ends[i];
    out[i] = joined.slice(start, end);
    start = end;
  }
  return out;
}

// Not TextDecoder('utf-16le'): it turns lone surrogates into U+FFFD, which is what this path exists to avoid.
function fromCodeUnits(units: Uint16Array): string {
  let text = '';
  for (let i = 0; i < units.length; i += 8192) text += String.fromCharCode(...units.subarray(i, i + 8192));
  return text;
}
