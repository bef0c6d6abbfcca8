/**
 * Which container a dropped file is, from its first bytes (not its name):
 *
 *   gzip ::= 1f 8b …                (RFC 1952 §2.3.1): inflated, then read again
 *   zip  ::= "PK" 03 04 | "PK" 05 06 (APPNOTE 4.3.7, 4.3.16)
 *   tar  ::= a 512-byte header whose checksum holds (POSIX ustar)
 */
import type { ArchiveFiles } from './archive-files';
import { BadArchiveError } from './errors';
import { readRange } from './read-range';
import { looksLikeTar, tarFiles } from './tar-directory';
import { looksLikeZip, zipFiles } from './zip-directory';

/** Opens a tar, a gzip-compressed tar or a zip held in `blob`; throws BadArchiveError for anything else. */
export async function openArchiveFiles(blob: Blob): Promise<ArchiveFiles> {
  const head = await readRange(blob, 0, 512);
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    // A gzip stream has no random access: inflate it once into a Blob, then
    // read that as a tar. Browsers spool a large Blob to disk rather than
    // holding it in memory, so a multi-GiB `docker save | gzip` costs disk
    // space for the time the page shows it, not RAM.
    let inflated: Blob;
    try {
      inflated = await new Response(blob.stream().pipeThrough(new DecompressionStream('gzip'))).blob();
    } catch (err) {
      throw new BadArchiveError('The file is gzip-compressed but does not inflate (it may be cut short)', { cause: err });
    }
    const inner = await readRange(inflated, 0, 512);
    if (!looksLikeTar(inner)) throw new BadArchiveError('The file is gzip-compressed, but what it holds is not a tar archive');
    return tarFiles(inflated, 'tar (gzip)');
  }
  if (looksLikeZip(head)) return zipFiles(blob);
  if (looksLikeTar(head)) return tarFiles(blob);
  throw new BadArchiveError(
    blob.size === 0 ? 'The file is empty' : 'The file is not a tar, a gzip-compressed tar or a zip archive (its first bytes say so)',
  );
}
