// Hand-made tar blocks for the tar reader tests: every field settable, including
// ones no archiver writes on purpose (bad checksums, base-256, odd padding).
import { concat } from './stream-helpers';

const enc = new TextEncoder();

export interface HeaderSpec {
  name?: string;
  mode?: string | Uint8Array;
  uid?: string | Uint8Array;
  gid?: string | Uint8Array;
  size?: number | Uint8Array;
  mtime?: string | Uint8Array;
  typeflag?: string;
  linkname?: string;
  magic?: 'ustar' | 'gnu' | 'v7';
  uname?: string;
  gname?: string;
  devmajor?: string;
  devminor?: string;
  prefix?: string;
  /** Bytes written over the block after the fields, before the checksum. */
  patch?: Array<[offset: number, bytes: Uint8Array]>;
  checksum?: 'unsigned' | 'signed' | 'bad';
}

const field = (v: string | Uint8Array) => (typeof v === 'string' ? enc.encode(v) : v);

/** One 512-byte header block. */
export function header(spec: HeaderSpec): Uint8Array {
  const b = new Uint8Array(512);
  const put = (at: number, v: string | Uint8Array | undefined) => v !== undefined && b.set(field(v), at);
  put(0, spec.name ?? 'file');
  put(100, spec.mode ?? '0000644\0');
  put(108, spec.uid ?? '0000000\0');
  put(116, spec.gid ?? '0000000\0');
  const size = spec.size ?? 0;
  put(124, typeof size === 'number' ? `${size.toString(8).padStart(11, '0')}\0` : size);
  put(136, spec.mtime ?? '14000000000\0');
  b[156] = (spec.typeflag ?? '0').charCodeAt(0);
  put(157, spec.linkname);
  const magic = spec.magic ?? 'ustar';
  if (magic === 'ustar') put(257, 'ustar\u000000');
  if (magic === 'gnu') put(257, 'ustar  \0');
  if (magic !== 'v7') {
    put(265, spec.uname);
    put(297, spec.gname);
    put(329, spec.devmajor);
    put(337, spec.devminor);
    put(345, spec.prefix);
  }
  for (const [at, bytes] of spec.patch ?? []) b.set(bytes, at);
  b.fill(0x20, 148, 156);
  let unsigned = 0;
  let signed = 0;
  for (const x of b) {
    unsigned += x;
    signed += x < 128 ? x : x - 256;
  }
  const sum = spec.checksum === 'signed' ? signed : spec.checksum === 'bad' ? unsigned + 1 : unsigned;
  // Negative sums cannot be written in octal; the tests only make positive ones.
  put(148, `${sum.toString(8).padStart(6, '0')}\0 `);
  return b;
}

/** Content padded to whole blocks. */
export function data(content: string | Uint8Array): Uint8Array {
  const bytes = field(content);
  const out = new Uint8Array(Math.ceil(bytes.length / 512) * 512);
  out.set(bytes);
  return out;
}

/** A PAX record with its self-inclusive length. */
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLength = enc.encode(body).length;
  let length = bodyLength + 1;
  while (String(length).length + bodyLength !== length) length++;
  return `${length}${body}`;
}

/** A PAX extended header ('x' or 'g') with its data blocks. */
export function paxHeader(records: Array<[string, string]>, typeflag: 'x' | 'g' = 'x'): Uint8Array {
  const body = enc.encode(records.map(([k, v]) => paxRecord(k, v)).join(''));
  return concat([header({ name: 'PaxHeaders/x', typeflag, size: body.length }), data(body)]);
}

/** A GNU long name ('L') or long link ('K') header with its NUL-terminated payload. */
export function gnuLong(typeflag: 'L' | 'K', value: string): Uint8Array {
  const body = enc.encode(`${value}\0`);
  return concat([header({ name: '././@LongLink', typeflag, size: body.length, magic: 'gnu' }), data(body)]);
}

/** A file entry: header and padded content. */
export function file(name: string, content: string | Uint8Array, spec: HeaderSpec = {}): Uint8Array {
  const bytes = field(content);
  return concat([header({ name, size: bytes.length, ...spec }), data(bytes)]);
}

/** The end-of-archive marker. */
export const END = new Uint8Array(1024);

/** Base-256 encoding of a number in a field of `length` bytes (GNU tar). */
export function base256(value: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let v = value < 0 ? -value - 1 : value;
  for (let i = length - 1; i >= 1; i--) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  if (value < 0) for (let i = 0; i < length; i++) out[i] ^= 0xff;
  out[0] = value < 0 ? 0xff : 0x80;
  return out;
}
