/**
 * The table of contents of a tar held in a Blob, read header by header
 * without reading any member's content (POSIX.1-2017 pax, "ustar
 * Interchange Format"; header layout in lib/stream/tar-header.ts):
 *
 *   archive ::= member* end-marker?
 *   member  ::= meta-header* header data (padded to 512)
 *   meta    ::= PAX "x" | PAX "g" | GNU "L" (long name) | GNU "K" (long link)
 *
 * Each member's data is then a slice of the Blob: a multi-GiB `docker save`
 * output costs one 512-byte read per member to list, and nothing more.
 */
import { BLOCK_SIZE, decodeCString, isTarHeaderBlock, isZeroBlock, parseHeaderBlock } from '../stream/tar-header';
import { MAX_META_SIZE } from '../stream/tar-reader';
import { paxInteger, parsePaxRecords } from '../stream/tar-pax';
import { addLinks, type ArchiveFiles, type ArchiveLink, type ArchiveMember } from './archive-files';
import { normalizeArchivePath } from './archive-path';
import { BadArchiveError } from './errors';
import { WindowedReader } from './read-range';

const HEADER_ONLY = new Set(['1', '2', '3', '4', '5', '6']);

/** True when the blob's first block is a tar header (its checksum holds). */
export function looksLikeTar(firstBlock: Uint8Array): boolean {
  return firstBlock.length >= BLOCK_SIZE && !isZeroBlock(firstBlock) && isTarHeaderBlock(firstBlock);
}

/** Lists the files of a tar held in `blob`; throws BadArchiveError when it is not a well-formed tar. */
export async function tarFiles(blob: Blob, container: ArchiveFiles['container'] = 'tar'): Promise<ArchiveFiles> {
  const reader = new WindowedReader(blob);
  const members = new Map<string, ArchiveMember>();
  const links: ArchiveLink[] = [];
  const hardlinks: ArchiveLink[] = [];
  const globalPax = new Map<string, string>();
  let pax: Map<string, string> | undefined;
  let longName: string | undefined;
  let longLink: string | undefined;
  let offset = 0;

  while (offset + BLOCK_SIZE <= blob.size) {
    const block = await reader.read(offset, BLOCK_SIZE);
    if (isZeroBlock(block)) break;
    let raw;
    try {
      raw = parseHeaderBlock(block, offset);
    } catch (err) {
      throw new BadArchiveError(offset === 0 ? 'The file is not a tar archive' : `The tar archive is damaged at byte ${offset}`, { cause: err });
    }
    const local = pax;
    // Links, directories and devices carry no data whatever their size says (Go archive/tar).
    const headerOnly = HEADER_ONLY.has(raw.typeflag);
    const size = headerOnly ? 0 : (paxInteger(local?.get('size') ?? globalPax.get('size') ?? '') ?? raw.size);
    const dataOffset = offset + BLOCK_SIZE;
    const next = dataOffset + Math.ceil(size / BLOCK_SIZE) * BLOCK_SIZE;
    if (dataOffset + size > blob.size) {
      throw new BadArchiveError(`The tar archive is cut short: the member at byte ${offset} needs ${size} bytes that the file does not have`);
    }
    const meta = async () => {
      if (size > MAX_META_SIZE) throw new BadArchiveError(`The tar archive has an oversized extended header at byte ${offset}`);
      return reader.read(dataOffset, size);
    };

    switch (raw.typeflag) {
      case 'x':
        pax = new Map(parsePaxRecords(await meta(), offset));
        offset = next;
        continue;
      case 'g':
        for (const [k, v] of parsePaxRecords(await meta(), offset)) globalPax.set(k, v);
        offset = next;
        continue;
      case 'L':
        longName = decodeCString(await meta());
        offset = next;
        continue;
      case 'K':
        longLink = decodeCString(await meta());
        offset = next;
        continue;
    }

    const stored = longName ?? local?.get('path') ?? globalPax.get('path') ?? (raw.prefix ? `${raw.prefix}/${raw.name}` : raw.name);
    const linkpath = longLink ?? local?.get('linkpath') ?? raw.linkname;
    pax = undefined;
    longName = undefined;
    longLink = undefined;
    const path = normalizeArchivePath(stored);
    // Members outside the archive's root are not part of any layout: skip them.
    if (path !== undefined && path !== '') {
      if (raw.typeflag === '0' || raw.typeflag === '\0' || raw.typeflag === '7') {
        members.set(path, { path, size, open: async () => blob.slice(dataOffset, dataOffset + size) });
      } else if (raw.typeflag === '2') {
        links.push({ path, target: linkpath });
      } else if (raw.typeflag === '1') {
        const target = normalizeArchivePath(linkpath);
        if (target !== undefined) hardlinks.push({ path, target });
      }
    }
    offset = next;
  }
  if (offset === 0) throw new BadArchiveError('The tar archive holds no files');
  addLinks(members, links, hardlinks);
  return { container, members };
}
