/**
 * IP address literals:
 *
 *   IPv4address = dec-octet "." dec-octet "." dec-octet "." dec-octet     (RFC 3986 §3.2.2)
 *   IPv6address = 8 groups of 1*4HEXDIG separated by ":", where one run of
 *                 zero groups may be written "::" and the last two groups may
 *                 be written as an IPv4address                             (RFC 4291 §2.2)
 *
 * Accepted extras: surrounding brackets (`[::1]`, as in URLs) and an IPv6
 * zone (`fe80::1%eth0`, RFC 6874), which are dropped.
 *
 * parseIPv4 accepts only the strict dotted-decimal form. parseIPv4Loose
 * implements the legacy spellings that the WHATWG URL host parser ("IPv4
 * parser", URL Standard §3.5) and inet_aton(3) both accept, so a host like
 * `2130706433`, `0177.0.0.1` or `0x7f.1` is recognized as the address a
 * socket would reach (127.0.0.1), not sent to DNS as a name:
 *
 *   IPv4-loose = part *3( "." part ) [ "." ]
 *   part       = "0x" *HEXDIG / "0X" *HEXDIG / "0" 1*ODIGIT / 1*DIGIT
 *   with n parts, the first n-1 are one byte each and the last fills the
 *   remaining 5-n bytes (big-endian).
 */

const DEC_OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;

/** The four bytes of a dotted-decimal IPv4 address, or undefined. */
export function parseIPv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => DEC_OCTET.test(p))) return undefined;
  return Uint8Array.from(parts, Number);
}

/** The four bytes of an IPv4 address in any spelling URL parsers and inet_aton accept (see above), or undefined. */
export function parseIPv4Loose(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length === 0 || parts.length > 4) return undefined;
  const numbers: number[] = [];
  for (const part of parts) {
    const n = parseIPv4Number(part);
    if (n === undefined) return undefined;
    numbers.push(n);
  }
  const last = numbers.pop()!;
  if (numbers.some((n) => n > 255) || last >= 256 ** (4 - numbers.length)) return undefined;
  const value = numbers.reduce((acc, n, i) => acc + n * 256 ** (3 - i), 0) + last;
  return Uint8Array.of(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
}

/** One part of a loose IPv4 address: hex with 0x, octal with a leading 0, else decimal. */
function parseIPv4Number(part: string): number | undefined {
  let digits = part;
  let radix = 10;
  if (/^0x/i.test(part)) {
    digits = part.slice(2);
    radix = 16;
  } else if (part.length > 1 && part.startsWith('0')) {
    digits = part.slice(1);
    radix = 8;
  }
  if (digits === '') return radix === 16 || radix === 8 ? 0 : undefined;
  const valid = radix === 16 ? /^[0-9a-f]+$/i : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!valid.test(digits)) return undefined;
  // Anything at or above 2^32 is refused; parseInt stays exact well past that.
  const n = parseInt(digits, radix);
  return n < 2 ** 32 ? n : undefined;
}

/** The canonical dotted-decimal form of four bytes. */
export function formatIPv4(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 4)).join('.');
}

/** The sixteen bytes of an IPv6 address, or undefined. */
export function parseIPv6(input: string): Uint8Array | undefined {
  let text = input.startsWith('[') && input.endsWith(']') ? input.slice(1, -1) : input;
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  if (!text.includes(':')) return undefined;

  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = groupsOf(halves[0]);
  const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;

  const groups = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  return bytes;
}

/** Groups of one side of '::' as numbers; a trailing IPv4 counts as two groups. */
function groupsOf(side: string): number[] | undefined {
  if (side === '') return [];
  const parts = side.split(':');
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIPv4(part);
      if (!v4) return undefined;
      groups.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
    } else if (HEX_GROUP.test(part)) {
      groups.push(parseInt(part, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}
