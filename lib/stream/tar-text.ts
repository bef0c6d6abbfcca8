/**
 * Names in a tar are bytes. Nearly all are UTF-8, but a Latin-1 name
 * (`caf\xe9`, pax `hdrcharset=BINARY`) is a different file from the UTF-8
 * `café` and from `caf\xe8`, and must stay so: decoding each bad byte as
 * U+FFFD would merge them and write the flattened rootfs under other names.
 *
 * So text is decoded losslessly, as Python's "surrogateescape" does: valid
 * UTF-8 as itself, and each byte of an invalid sequence (0x80–0xFF) as the
 * lone surrogate U+DC80–U+DCFF, which no valid UTF-8 decodes to. Encoding
 * maps those back to their bytes. Shown to people, they read `\xe9`
 * (see shownName).
 */

// ignoreBOM keeps a leading EF BB BF: by default the decoder drops it, and a name or a binary value would lose 3 bytes.
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

// A lone surrogate (with the u flag a valid pair is one code point, not \p{Cs}).
const LONE_SURROGATE = /\p{Cs}/u;

/** The text of name bytes, every byte kept (invalid UTF-8 as U+DC80–U+DCFF). */
export function decodeTarText(bytes: Uint8Array): string {
  try {
    return strict.decode(bytes);
  } catch {
    return decodeEscaping(bytes);
  }
}

/** The bytes of text decodeTarText gave (an escaped byte as itself; any other lone surrogate as U+FFFD). */
export function encodeTarText(text: string): Uint8Array {
  if (!hasEscapedBytes(text)) return encoder.encode(text);
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xdc80 && code <= 0xdcff) out.push(code - 0xdc00);
    else for (const b of encoder.encode(ch)) out.push(b);
  }
  return Uint8Array.from(out);
}

/** True when the text holds a byte that is not UTF-8 (or any lone surrogate). */
export function hasEscapedBytes(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

function decodeEscaping(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const n = sequenceLength(bytes, i);
    if (n === 0) {
      out += String.fromCharCode(0xdc00 + bytes[i]);
      i++;
    } else {
      out += strict.decode(bytes.subarray(i, i + n));
      i += n;
    }
  }
  return out;
}

// The length of the well-formed UTF-8 sequence at `i`, or 0 (Unicode 15, table 3-7).
function sequenceLength(b: Uint8Array, i: number): number {
  const lead = b[i];
  if (lead < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  if (lead >= 0xc2 && lead <= 0xdf) return cont(1) ? 2 : 0;
  if (lead === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((lead >= 0xe1 && lead <= 0xec) || lead === 0xee || lead === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (lead === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (lead === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (lead >= 0xf1 && lead <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (lead === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
