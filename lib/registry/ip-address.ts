/**
 * IP address literals:
 *
 *   IPv4address = dec-octet "." dec-octet "." dec-octet "." dec-octet     (RFC 3986 §3.2.2)
 *   IPv6address = 8 groups of 1*4HEXDIG separated by ":", where one run of
 *                 zero groups may be written "::" and the last two groups may
 *                 be written as an IPv4address                             (RFC 4291 §2.2)
 *
 * Accepted extras: surrounding brackets (`[::1]`, as in URLs) and an IPv6
 * zone (`fe80::1%eth0`, RFC 6874), which are dropped. Only the strict dotted
 * decimal IPv4 form is accepted: WHATWG URL parsing already normalizes
 * `0x7f.1` and `2130706433` to `127.0.0.1` before we see a host.
 */

const DEC_OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;

/** The four bytes of a dotted-decimal IPv4 address, or undefined. */
export function parseIPv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => DEC_OCTET.test(p))) return undefined;
  return Uint8Array.from(parts, Number);
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
