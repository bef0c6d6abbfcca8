/**
 * The table of contents of a zip held in a Blob, from its central directory
 * (PKWARE APPNOTE 6.3.10), read from the end of the file without touching
 * the entries' data:
 *
 *   zip     ::= (local-header data)* central-header* zip64-end? zip64-locator? end-of-central-dir
 *   eocd    ::= sig 0x06054b50, disk u16, cd-disk u16, entries-here u16, entries u16,
 *               cd-size u32, cd-offset u32, comment-length u16, comment      (4.3.16)
 *   zip64   ::= locator sig 0x07064b50 at eocd-20 naming the zip64 record (sig 0x06064b50),
 *               whose entries u64 @32, cd-size u64 @40, cd-offset u64 @48  (4.3.14, 4.3.15)
 *   central ::= sig 0x02014b50, …, flags u16 @8, method u16 @10, csize u32 @20, usize u32 @24,
 *               name-length u16 @28, extra-length u16 @30, comment-length u16 @32,
 *               local-offset u32 @42, name @46, extra, comment            (4.3.12)
 *   extra   ::= (id u16, length u16, data)*; id 0x0001 (Zip64) holds, in order, the u64
 *               usize, csize and local-offset whose u32 fields are 0xffffffff   (4.5.3)
 *   local   ::= sig 0x04034b50, …, name-length u16 @26, extra-length u16 @28, name, extra, data
 *
 * A stored entry (method 0) is a slice of the file: random access, no copy.
 * A deflated one (method 8) is inflated by DecompressionStream('deflate-raw')
 * into a new Blob when opened. CRC-32s are not checked: every blob of an
 * image layout is named by its sha256, which is checked instead.
 */
import type { ArchiveFiles, ArchiveMember } from './archive-files';
import { normalizeArchivePath } from './archive-path';
import { BadArchiveError } from './errors';
import { readRange } from './read-range';

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const STORED = 0;
const DEFLATED = 8;

/** True when the blob starts like a zip (a local header, or the end record of an empty zip). */
export function looksLikeZip(head: Uint8Array): boolean {
  if (head.length < 4) return false;
  const sig = new DataView(head.buffer, head.byteOffset, 4).getUint32(0, true);
  return sig === LOCAL_SIG || sig === EOCD_SIG;
}

/** Lists the files of a zip held in `blob`; throws BadArchiveError when its directory is unreadable. */
export async function zipFiles(blob: Blob): Promise<ArchiveFiles> {
  const tailStart = Math.max(0, blob.size - EOCD_SIZE - MAX_COMMENT);
  const tail = await readRange(blob, tailStart, blob.size);
  const tv = view(tail);
  let eocd = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tv.getUint32(i, true) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new BadArchiveError('The zip file has no central directory (it may be cut short)');
  let entries = tv.getUint16(eocd + 10, true);
  let cdSize = tv.getUint32(eocd + 12, true);
  let cdOffset = tv.getUint32(eocd + 16, true);

  if (eocd >= 20 && tv.getUint32(eocd - 20, true) === ZIP64_LOCATOR_SIG) {
    const recordOffset = Number(tv.getBigUint64(eocd - 20 + 8, true));
    const record = view(await readRange(blob, recordOffset, recordOffset + 56));
    if (record.byteLength < 56 || record.getUint32(0, true) !== ZIP64_EOCD_SIG) throw new BadArchiveError('The zip file has a damaged Zip64 end record');
    entries = Number(record.getBigUint64(32, true));
    cdSize = Number(record.getBigUint64(40, true));
    cdOffset = Number(record.getBigUint64(48, true));
  }
  if (cdOffset + cdSize > blob.size) throw new BadArchiveError('The zip file is cut short: its central directory lies past its end');

  const cd = await readRange(blob, cdOffset, cdOffset + cdSize);
  const cv = view(cd);
  const members = new Map<string, ArchiveMember>();
  const utf8 = new TextDecoder();
  let at = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > cd.length || cv.getUint32(at, true) !== CENTRAL_SIG) throw new BadArchiveError(`The zip file's central directory is damaged at entry ${n + 1}`);
    const flags = cv.getUint16(at + 8, true);
    const method = cv.getUint16(at + 10, true);
    let csize = cv.getUint32(at + 20, true);
    let usize = cv.getUint32(at + 24, true);
    const nameLength = cv.getUint16(at + 28, true);
    const extraLength = cv.getUint16(at + 30, true);
    const commentLength = cv.getUint16(at + 32, true);
    let localOffset = cv.getUint32(at + 42, true);
    const name = utf8.decode(cd.subarray(at + 46, at + 46 + nameLength));
    const zip64 = findExtra(cd.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), 0x0001);
    if (zip64) {
      const zv = view(zip64);
      let k = 0;
      if (usize === 0xffffffff) (usize = Number(zv.getBigUint64(k, true))), (k += 8);
      if (csize === 0xffffffff) (csize = Number(zv.getBigUint64(k, true))), (k += 8);
      if (localOffset === 0xffffffff) localOffset = Number(zv.getBigUint64(k, true));
    }
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    const path = normalizeArchivePath(name);
    if (path === undefined || path === '') continue;
    if (flags & 1) throw new BadArchiveError(`${name} in the zip file is encrypted`);
    if (method !== STORED && method !== DEFLATED) {
      throw new BadArchiveError(`${name} in the zip file uses compression method ${method}; only stored and deflated entries can be read`);
    }
    members.set(path, { path, size: usize, open: () => openEntry(blob, name, method, localOffset, csize, usize) });
  }
  return { container: 'zip', members };
}

async function openEntry(blob: Blob, name: string, method: number, localOffset: number, csize: number, usize: number): Promise<Blob> {
  const local = view(await readRange(blob, localOffset, localOffset + 30));
  if (local.byteLength < 30 || local.getUint32(0, true) !== LOCAL_SIG) throw new BadArchiveError(`The zip file's local header of ${name} is damaged`);
  const dataStart = localOffset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
  if (dataStart + csize > blob.size) throw new BadArchiveError(`The zip file is cut short inside ${name}`);
  const data = blob.slice(dataStart, dataStart + csize);
  if (method === STORED) return data;
  // Browsers keep a large Blob on disk rather than in memory, so inflating a big layer here is bounded by disk, not RAM.
  let inflated: Blob;
  try {
    inflated = await new Response(data.stream().pipeThrough(new DecompressionStream('deflate-raw'))).blob();
  } catch (err) {
    throw new BadArchiveError(`${name} in the zip file does not inflate`, { cause: err });
  }
  if (inflated.size !== usize) throw new BadArchiveError(`${name} in the zip file inflates to ${inflated.size} bytes, but its directory says ${usize}`);
  return inflated;
}

function findExtra(extra: Uint8Array, id: number): Uint8Array | undefined {
  const v = view(extra);
  for (let i = 0; i + 4 <= extra.length; ) {
    const length = v.getUint16(i + 2, true);
    if (v.getUint16(i, true) === id) return extra.subarray(i + 4, i + 4 + length);
    i += 4 + length;
  }
  return undefined;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
