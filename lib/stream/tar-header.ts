/**
 * One 512-byte tar header block, as POSIX.1-2017 (pax, "ustar Interchange
 * Format") and the GNU tar manual ("Basic Tar Format") lay it out:
 *
 *   offset len  field                      offset len  field
 *        0 100  name                          257   6  magic  "ustar\0" POSIX | "ustar " GNU | other v7
 *      100   8  mode      numeric             263   2  version
 *      108   8  uid       numeric             265  32  uname
 *      116   8  gid       numeric             297  32  gname
 *      124  12  size      numeric             329   8  devmajor numeric
 *      136  12  mtime     numeric             337   8  devminor numeric
 *      148   8  chksum    octal               345 155  prefix (POSIX only; GNU keeps atime/ctime there;
 *      156   1  typeflag                                  star: 131-byte prefix, "tar\0" at 508)
 *      157 100  linkname
 *
 *   numeric  ::= octal | base256
 *   octal    ::= [ \0]* [0-7]* [ \0]*         (GNU tar and others pad either side)
 *   base256  ::= byte with high bit set, then big-endian two's complement (GNU tar, star)
 *   chksum   = sum of the 512 bytes with the chksum field read as 8 spaces, as
 *              unsigned bytes (POSIX) or signed bytes (old Sun and GNU tars)
 *
 * Strings end at the first NUL or at the end of the field, and are read as
 * UTF-8 (what PAX mandates and what layer builders write).
 */
import { decodeTarText } from './tar-text';
import { TarFormatError } from './errors';

/** Size of a tar block; headers and data are padded to it. */
export const BLOCK_SIZE = 512;

/** The kind of filesystem object an entry describes (from its typeflag). */
export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo' | 'other';

/** One archive member as the consumer sees it, with PAX and GNU long names already applied. */
export interface TarHeader {
  /** Path as stored (PAX path, GNU long name, or ustar prefix + "/" + name); not normalized. */
  path: string;
  type: TarEntryType;
  /** The raw typeflag character ("0", "5", "\0", …). */
  typeflag: string;
  /** Mode bits as stored: permissions plus setuid/setgid/sticky (some archivers add file-type bits too). */
  mode: number;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  /** Bytes of content that follow the header (0 for links, directories and devices). */
  size: number;
  /** Modification time in seconds since the epoch; fractional when a PAX header says so. */
  mtime: number;
  /** Target of a symlink or hardlink. */
  linkpath?: string;
  devmajor?: number;
  devminor?: number;
  /** Offset of this entry's own header block in the tar. */
  headerOffset: number;
  /** Offset of this entry's first block, counting the PAX / GNU long-name headers before it. */
  recordOffset: number;
  /** Offset of the content's first byte. */
  dataOffset: number;
  /**
   * A GNU sparse file (old GNU 'S', or PAX 0.0, 0.1, 1.0): `size` is its real
   * size, holes included, and `dataOffset` where its stored fragments start;
   * `stored` bytes of them follow, placed by `regions`. TarReader's `onData`
   * delivers the content expanded, zeros in the holes.
   */
  sparse?: { stored: number; regions: readonly { offset: number; length: number }[] };
  /** PAX records in force for this entry (global, then per-file), empty values dropped; may be shared between entries. */
  pax?: Readonly<Record<string, string>>;
}

/** The fields of one header block, before PAX or GNU extensions are applied. */
export interface RawTarHeader {
  name: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  typeflag: string;
  linkname: string;
  format: 'ustar' | 'gnu' | 'v7';
  uname: string;
  gname: string;
  devmajor: number;
  devminor: number;
  /** The ustar prefix ("" in GNU and v7 headers). */
  prefix: string;
}

const CHKSUM_START = 148;
const CHKSUM_END = 156;

/** True when all 512 bytes are zero (the end-of-archive marker). */
export function isZeroBlock(block: Uint8Array): boolean {
  for (let i = 0; i < BLOCK_SIZE; i++) if (block[i] !== 0) return false;
  return true;
}

/** True when the block could start a tar: its checksum holds, or it is all zero (an empty archive). */
export function isTarHeaderBlock(block: Uint8Array): boolean {
  if (block.length < BLOCK_SIZE) return false;
  if (isZeroBlock(block)) return true;
  const stored = parseNumeric(block.subarray(CHKSUM_START, CHKSUM_END));
  if (stored === undefined) return false;
  const { unsigned, signed } = checksums(block);
  return stored === unsigned || stored === signed;
}

/** Parses one non-zero header block at `offset`; throws TarFormatError on a bad checksum or field. */
export function parseHeaderBlock(block: Uint8Array, offset: number): RawTarHeader {
  const stored = parseNumeric(block.subarray(CHKSUM_START, CHKSUM_END));
  const { unsigned, signed } = checksums(block);
  if (stored === undefined || (stored !== unsigned && stored !== signed)) {
    throw new TarFormatError(offset, `bad tar header checksum at byte ${offset}`);
  }
  const format = formatOf(block);
  const num = (start: number, len: number, field: string): number => {
    const value = parseNumeric(block.subarray(start, start + len));
    if (value === undefined) throw new TarFormatError(offset + start, `bad ${field} field in tar header at byte ${offset}`);
    return value;
  };
  let prefix = '';
  if (format === 'ustar') {
    // star puts atime/ctime after a 131-byte prefix and marks it with "tar\0" at 508.
    const star = block[508] === 0x74 && block[509] === 0x61 && block[510] === 0x72 && block[511] === 0;
    prefix = str(block, 345, star ? 131 : 155);
  }
  const typeflag = block[156] === 0 ? '\0' : String.fromCharCode(block[156]);
  const hasDevice = typeflag === '3' || typeflag === '4';
  return {
    name: str(block, 0, 100),
    mode: num(100, 8, 'mode'),
    uid: num(108, 8, 'uid'),
    gid: num(116, 8, 'gid'),
    size: num(124, 12, 'size'),
    mtime: num(136, 12, 'mtime'),
    typeflag,
    linkname: str(block, 157, 100),
    format,
    uname: format === 'v7' ? '' : str(block, 265, 32),
    gname: format === 'v7' ? '' : str(block, 297, 32),
    // Only devices use these; other archivers leave garbage in them.
    devmajor: format !== 'v7' && hasDevice ? num(329, 8, 'devmajor') : 0,
    devminor: format !== 'v7' && hasDevice ? num(337, 8, 'devminor') : 0,
    prefix,
  };
}

/**
 * Reads a numeric header field (octal, or base-256 when the high bit of the
 * first byte is set); undefined when malformed or beyond 2^53.
 */
export function parseNumeric(field: Uint8Array): number | undefined {
  if (field.length > 0 && field[0] & 0x80) return parseBase256(field);
  let i = 0;
  while (i < field.length && (field[i] === 0x20 || field[i] === 0)) i++;
  let value = 0;
  for (; i < field.length; i++) {
    const c = field[i];
    if (c < 0x30 || c > 0x37) break;
    value = value * 8 + (c - 0x30);
  }
  for (; i < field.length; i++) {
    if (field[i] === 0) break;
    if (field[i] !== 0x20) return undefined;
  }
  return value;
}

/** Base-256: big-endian two's complement after the marker bit (GNU tar "Numeric values" extension). */
function parseBase256(field: Uint8Array): number | undefined {
  const invert = field[0] & 0x40 ? 0xff : 0;
  let value = 0;
  for (let i = 0; i < field.length; i++) {
    let c = field[i] ^ invert;
    if (i === 0) c &= 0x7f;
    value = value * 256 + c;
    if (value > Number.MAX_SAFE_INTEGER) return undefined;
  }
  return invert ? -value - 1 : value;
}

function checksums(block: Uint8Array): { unsigned: number; signed: number } {
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK_SIZE; i++) {
    const b = i >= CHKSUM_START && i < CHKSUM_END ? 0x20 : block[i];
    unsigned += b;
    signed += b < 0x80 ? b : b - 0x100;
  }
  return { unsigned, signed };
}

function formatOf(block: Uint8Array): RawTarHeader['format'] {
  const isUstar = block[257] === 0x75 && block[258] === 0x73 && block[259] === 0x74 && block[260] === 0x61 && block[261] === 0x72;
  if (!isUstar) return 'v7';
  if (block[262] === 0) return 'ustar';
  // GNU: "ustar  \0" (magic "ustar " and version " \0").
  return block[262] === 0x20 ? 'gnu' : 'v7';
}

function str(block: Uint8Array, start: number, len: number): string {
  let end = start;
  const limit = start + len;
  while (end < limit && block[end] !== 0) end++;
  if (end === start) return '';
  return decodeTarText(block.subarray(start, end));
}

/** Decodes a NUL-terminated string payload (GNU long name / long link data). */
export function decodeCString(data: Uint8Array): string {
  const nul = data.indexOf(0);
  return decodeTarText(nul === -1 ? data : data.subarray(0, nul));
}
