/**
 * Encodes the header blocks of one tar entry: a POSIX ustar header, preceded
 * by a PAX `x` extended header when a value does not fit ustar
 * (POSIX.1-2017 pax, "ustar Interchange Format" and "pax Extended Header";
 * field layout in lib/stream/tar-header.ts):
 *
 *   entry   ::= pax-x? ustar-header data (padded to 512)
 *   pax-x   ::= ustar-header(typeflag "x", size = len(records)) records (padded to 512)
 *   record  ::= length " " keyword "=" value "\n"      length counts the whole record
 *
 * A PAX record is written for: `path` when the UTF-8 path is not ASCII or
 * cannot be split into ustar's 155-byte prefix and 100-byte name; `linkpath`
 * when not ASCII or over 100 bytes; `uname`/`gname` when not ASCII or over 32
 * bytes; `size` at 8 GiB and above; `uid`/`gid` beyond 7 octal digits;
 * `mtime` when negative, fractional or beyond 11 octal digits (the caller's
 * exact text when it gives one); plus any records the caller adds. The
 * ustar field then holds a fallback (a truncated name, 0 for numbers), as
 * Go's archive/tar and Python's tarfile write it. Device numbers beyond 7
 * octal digits use GNU base-256.
 *
 * Output is a pure function of the entry: records in a fixed order, the PAX
 * header named `PaxHeaders/<name>`, no pid, time or host in it, so the same
 * entries always give the same bytes.
 */
import { decodeTarText, encodeTarText, hasEscapedBytes } from '../stream/tar-text';
import { concatBytes } from '../stream/concat-bytes';
import { paxTime } from '../stream/tar-pax';
import { TarWriteError } from './errors';

/** Size of a tar block; headers and data are padded to it. */
export const TAR_BLOCK_SIZE = 512;

/** The kinds of entry the writer produces. */
export type TarWriterEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';

/** One entry to write: a tar header's fields (`mtime` in seconds since the epoch). */
export interface TarWriterEntry {
  /** Relative path as it should be stored ("usr/bin/env"); a directory gets a trailing "/" if it has none. */
  path: string;
  type: TarWriterEntryType;
  /** Permission bits with setuid/setgid/sticky; only the low 12 bits are written. Default 0o644, directories 0o755. */
  mode?: number;
  uid?: number;
  gid?: number;
  uname?: string;
  gname?: string;
  /** Content length; regular files only (0 otherwise). */
  size?: number;
  /** Seconds since the epoch, may be negative or fractional; default 0. */
  mtime?: number;
  /**
   * `mtime` as a PAX text that holds more than a float does ("1700000000.123456789"),
   * e.g. as a layer header wrote it: written as is, so copying an entry keeps every digit.
   */
  mtimeText?: string;
  /** Target of a symlink (as written) or a hardlink (an archive path). */
  linkpath?: string;
  devmajor?: number;
  devminor?: number;
  /** Extra PAX records (e.g. `SCHILY.xattr.*`), written after the standard ones in key order. */
  pax?: Readonly<Record<string, string>>;
}

const TYPEFLAG: Record<TarWriterEntryType, string> = {
  file: '0',
  hardlink: '1',
  symlink: '2',
  char: '3',
  block: '4',
  directory: '5',
  fifo: '6',
};

const MAX_OCTAL_7 = 0o7777777; // mode, uid, gid, devmajor, devminor: 7 digits + NUL
const MAX_OCTAL_11 = 0o77777777777; // size, mtime: 11 digits + NUL (8 GiB - 1)
const ASCII = /^[\x01-\x7f]*$/;
const NONZERO_FRACTION = /\.[0-9]*[1-9]/;
// The pax values `hdrcharset` speaks for.
const TEXT_KEYS = new Set(['path', 'linkpath', 'uname', 'gname']);

/** The header blocks (PAX extended header included) of one entry; throws TarWriteError for an entry tar cannot hold. */
export function encodeTarHeader(entry: TarWriterEntry): Uint8Array {
  const path = entryPath(entry);
  const size = entry.type === 'file' ? (entry.size ?? 0) : 0;
  checkEntry(entry, path, size);
  const pax: [string, string][] = [];
  const mtime = entry.mtime ?? 0;
  const uid = entry.uid ?? 0;
  const gid = entry.gid ?? 0;

  const split = splitUstarPath(path);
  if (split === undefined) pax.push(['path', path]);
  const linkpath = entry.linkpath ?? '';
  if (!fitsField(linkpath, 100)) pax.push(['linkpath', linkpath]);
  if (size > MAX_OCTAL_11) pax.push(['size', String(size)]);
  if (uid > MAX_OCTAL_7) pax.push(['uid', String(uid)]);
  if (gid > MAX_OCTAL_7) pax.push(['gid', String(gid)]);
  const uname = entry.uname ?? '';
  const gname = entry.gname ?? '';
  if (!fitsField(uname, 32)) pax.push(['uname', uname]);
  if (!fitsField(gname, 32)) pax.push(['gname', gname]);
  // A text whose fraction a float rounded away still needs its record.
  const mtimeFits = Number.isInteger(mtime) && mtime >= 0 && mtime <= MAX_OCTAL_11 && !NONZERO_FRACTION.test(entry.mtimeText ?? '');
  if (!mtimeFits) pax.push(['mtime', entry.mtimeText ?? formatPaxTime(mtime)]);
  if (entry.pax) {
    for (const key of Object.keys(entry.pax).sort()) pax.push([key, entry.pax[key]]);
  }
  // A name that was not UTF-8 in its layer goes out as the same bytes, which pax then says are not UTF-8.
  if (pax.some(([key, value]) => TEXT_KEYS.has(key) && hasEscapedBytes(value))) pax.unshift(['hdrcharset', 'BINARY']);

  const header = new Uint8Array(TAR_BLOCK_SIZE);
  const name = split ?? { prefix: '', name: truncateUtf8(path, 100) };
  writeString(header, 0, 100, name.name);
  writeOctal(header, 100, 8, (entry.mode ?? (entry.type === 'directory' ? 0o755 : 0o644)) & 0o7777);
  writeOctal(header, 108, 8, uid > MAX_OCTAL_7 ? 0 : uid);
  writeOctal(header, 116, 8, gid > MAX_OCTAL_7 ? 0 : gid);
  writeOctal(header, 124, 12, size > MAX_OCTAL_11 ? 0 : size);
  writeOctal(header, 136, 12, mtimeFits ? mtime : clampedSeconds(mtime));
  header[156] = TYPEFLAG[entry.type].charCodeAt(0);
  writeString(header, 157, 100, truncateUtf8(linkpath, 100));
  writeUstarMagic(header);
  writeString(header, 265, 32, truncateUtf8(uname, 32));
  writeString(header, 297, 32, truncateUtf8(gname, 32));
  if (entry.type === 'char' || entry.type === 'block') {
    writeNumeric(header, 329, 8, entry.devmajor ?? 0);
    writeNumeric(header, 337, 8, entry.devminor ?? 0);
  }
  writeString(header, 345, 155, name.prefix);
  writeChecksum(header);
  if (pax.length === 0) return header;

  const records = encodePaxRecords(pax);
  const paxHeader = new Uint8Array(TAR_BLOCK_SIZE);
  writeString(paxHeader, 0, 100, truncateUtf8(`PaxHeaders/${baseName(path)}`, 100));
  writeOctal(paxHeader, 100, 8, 0o644);
  writeOctal(paxHeader, 108, 8, 0);
  writeOctal(paxHeader, 116, 8, 0);
  writeOctal(paxHeader, 124, 12, records.length);
  writeOctal(paxHeader, 136, 12, mtimeFits ? mtime : clampedSeconds(mtime));
  paxHeader[156] = 'x'.charCodeAt(0);
  writeUstarMagic(paxHeader);
  writeChecksum(paxHeader);
  const out = new Uint8Array(TAR_BLOCK_SIZE + paddedLength(records.length) + TAR_BLOCK_SIZE);
  out.set(paxHeader, 0);
  out.set(records, TAR_BLOCK_SIZE);
  out.set(header, out.length - TAR_BLOCK_SIZE);
  return out;
}

/** `size` rounded up to whole blocks. */
export function paddedLength(size: number): number {
  return Math.ceil(size / TAR_BLOCK_SIZE) * TAR_BLOCK_SIZE;
}

/** Bytes of zero padding after `size` bytes of content. */
export function paddingLength(size: number): number {
  return paddedLength(size) - size;
}

/** The end-of-archive marker: two zero blocks. */
export function tarEndMarker(): Uint8Array {
  return new Uint8Array(2 * TAR_BLOCK_SIZE);
}

/** The exact length of the archive these entries make (headers, padded contents, end marker): for progress and Content-Length. */
export function tarLength(entries: Iterable<TarWriterEntry>): number {
  let total = 2 * TAR_BLOCK_SIZE;
  for (const e of entries) total += encodeTarHeader(e).length + (e.type === 'file' ? paddedLength(e.size ?? 0) : 0);
  return total;
}

/** Encodes PAX records; each length prefix counts its own digits. */
export function encodePaxRecords(records: readonly (readonly [string, string])[]): Uint8Array {
  const parts = records.map(([key, value]) => {
    const body = encodeTarText(` ${key}=${value}\n`);
    let length = body.length + 1;
    // Adding the digits can add a digit (e.g. 98 + 2 = 100): settle on a fixed point.
    while (String(length).length + body.length !== length) length = String(length).length + body.length;
    const record = new Uint8Array(length);
    const prefix = encodeTarText(String(length));
    record.set(prefix, 0);
    record.set(body, prefix.length);
    return record;
  });
  return concatBytes(parts);
}

function entryPath(entry: TarWriterEntry): string {
  return entry.type === 'directory' && !entry.path.endsWith('/') ? `${entry.path}/` : entry.path;
}

function checkEntry(entry: TarWriterEntry, path: string, size: number): void {
  const fail = (why: string) => new TarWriteError(entry.path, why);
  if (path === '' || path === '/') throw fail('an entry needs a path');
  if (path.includes('\0')) throw fail('a path cannot contain NUL');
  if ((entry.linkpath ?? '').includes('\0')) throw fail('a link target cannot contain NUL');
  if ((entry.type === 'symlink' || entry.type === 'hardlink') && !entry.linkpath) throw fail(`a ${entry.type} needs a target`);
  if (entry.type !== 'file' && entry.size !== undefined && entry.size !== 0) {
    throw fail(`a ${entry.type} carries no content, but size ${entry.size} was given`);
  }
  const checks: [string, number | undefined][] = [
    ['size', size],
    ['uid', entry.uid],
    ['gid', entry.gid],
    ['devmajor', entry.devmajor],
    ['devminor', entry.devminor],
  ];
  for (const [field, value] of checks) {
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) throw fail(`${field} must be a non-negative integer, got ${value}`);
  }
  if (entry.mtime !== undefined && !Number.isFinite(entry.mtime)) throw fail(`mtime must be a finite number, got ${entry.mtime}`);
  if (entry.mtimeText !== undefined && paxTime(entry.mtimeText) !== (entry.mtime ?? 0)) {
    throw fail(`mtimeText must be a PAX time equal to mtime ${entry.mtime ?? 0}, got ${JSON.stringify(entry.mtimeText)}`);
  }
  if (entry.pax) {
    for (const key of Object.keys(entry.pax)) {
      if (key === '' || key.includes('=') || !ASCII.test(key)) throw fail(`bad PAX keyword ${JSON.stringify(key)}`);
    }
  }
}

/** ustar's split of a path into prefix (≤155 bytes) "/" name (≤100 bytes), ASCII only; undefined when impossible. */
function splitUstarPath(path: string): { prefix: string; name: string } | undefined {
  if (!ASCII.test(path)) return undefined;
  if (path.length <= 100) return { prefix: '', name: path };
  if (path.length > 256) return undefined;
  // The longest prefix that fits leaves the shortest name; the name must not be empty.
  const last = path.endsWith('/') ? path.length - 2 : path.length - 1;
  for (let i = Math.min(155, last); i > 0; i--) {
    if (path[i] !== '/') continue;
    if (path.length - i - 1 > 100) return undefined;
    return { prefix: path.slice(0, i), name: path.slice(i + 1) };
  }
  return undefined;
}

function fitsField(value: string, bytes: number): boolean {
  return value.length <= bytes && ASCII.test(value);
}

/** The longest prefix of the UTF-8 bytes that fits and ends on a character boundary. */
function truncateUtf8(value: string, bytes: number): string {
  if (value.length <= bytes && ASCII.test(value)) return value;
  const encoded = encodeTarText(value);
  if (encoded.length <= bytes) return value;
  let end = bytes;
  while (end > 0 && (encoded[end] & 0xc0) === 0x80) end--;
  return decodeTarText(encoded.subarray(0, end));
}

function baseName(path: string): string {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** A PAX time: decimal seconds, up to nanoseconds, no exponent. */
function formatPaxTime(seconds: number): string {
  if (Number.isInteger(seconds)) return String(seconds);
  const fixed = seconds.toFixed(9).replace(/0+$/, '');
  return fixed.endsWith('.') ? fixed.slice(0, -1) : fixed;
}

function clampedSeconds(seconds: number): number {
  return Math.min(MAX_OCTAL_11, Math.max(0, Math.floor(seconds)));
}

function writeString(block: Uint8Array, offset: number, length: number, value: string): void {
  const bytes = encodeTarText(value);
  block.set(bytes.subarray(0, length), offset);
}

/** Zero-padded octal digits filling the field but its last byte, which stays NUL. */
function writeOctal(block: Uint8Array, offset: number, length: number, value: number): void {
  const digits = value.toString(8).padStart(length - 1, '0');
  for (let i = 0; i < length - 1; i++) block[offset + i] = digits.charCodeAt(i);
}

/** Octal when it fits, else GNU base-256 (high bit set, big-endian). */
function writeNumeric(block: Uint8Array, offset: number, length: number, value: number): void {
  if (value <= MAX_OCTAL_7) return writeOctal(block, offset, length, value);
  let v = value;
  for (let i = length - 1; i > 0; i--) {
    block[offset + i] = v % 256;
    v = Math.floor(v / 256);
  }
  block[offset] = 0x80;
}

function writeUstarMagic(block: Uint8Array): void {
  writeString(block, 257, 6, 'ustar\0');
  writeString(block, 263, 2, '00');
}

/** Sum of the block with the checksum field read as spaces, as 6 octal digits, NUL, space (what GNU tar writes). */
function writeChecksum(block: Uint8Array): void {
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < TAR_BLOCK_SIZE; i++) sum += block[i];
  const digits = sum.toString(8).padStart(6, '0');
  for (let i = 0; i < 6; i++) block[148 + i] = digits.charCodeAt(i);
  block[154] = 0;
  block[155] = 0x20;
}
