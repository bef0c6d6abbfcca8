/**
 * Where in an archive its image sits. Zipping or tarring a layout *as a
 * folder* (`zip -r image.zip layout`, `tar -cf image.tar layout`, macOS
 * Finder's "Compress", Windows' "Compressed (zipped) folder") keeps the
 * folder's name on every entry: "layout/index.json", "layout/blobs/…". Such
 * an archive is read from inside that one folder, as if it were the root:
 *
 *   archive ::= image-at-root | folder "/" image-at-root     (every entry under the one folder)
 *
 * An image found deeper, or in several folders, is refused with where it
 * was found: which one was meant is the user's to say.
 */
import type { ArchiveFiles, ArchiveMember } from './archive-files';
import { BadArchiveError } from './errors';

/** The files whose presence says "an image starts here" (image-layout.md; moby image/tarexport). */
const MARKERS = ['index.json', 'oci-layout', 'manifest.json'];

/** Opens the archive's files from the folder its image is in: as they are when it is at the root. */
export function filesFromLayoutFolder(files: ArchiveFiles): ArchiveFiles {
  if (MARKERS.some((marker) => files.members.has(marker))) return files;
  const paths = [...files.members.keys()].filter((path) => !isFolderPackingLitter(path));
  const folders = [...new Set(paths.filter(isMarker).map((path) => path.slice(0, path.lastIndexOf('/') + 1)))];
  // Nothing that looks like an image anywhere: the caller says what an image archive holds.
  if (folders.length === 0) return files;
  const folder = folders[0];
  const topLevel = folders.length === 1 && folder.indexOf('/') === folder.length - 1;
  if (topLevel && paths.every((path) => path.startsWith(folder))) {
    const members = new Map<string, ArchiveMember>();
    for (const path of paths) members.set(path.slice(folder.length), files.members.get(path)!);
    return { ...files, members, layoutFolder: folder };
  }
  const where = folders.map((f) => `'${f}' (${markersIn(paths, f).join(', ')})`).join(', ');
  const found =
    folders.length > 1
      ? `in ${folders.length} folders: ${where}`
      : topLevel
        ? `only in the folder ${where}, beside other files`
        : `only deeper, in the folder ${where}`;
  throw new BadArchiveError(`The archive holds no index.json or manifest.json at its root, ${found}`, {
    suggestion:
      `Pullscope reads an image at the archive's root, or in the one folder that holds everything else. ` +
      `Archive ${folders.length > 1 ? 'one of these folders' : 'that folder'} on its own, from inside it ` +
      `("tar -cf image.tar -C '${folder.slice(0, -1)}' ."), or unpack the archive and choose the folder with "Choose a folder…".`,
  });
}

function isMarker(path: string): boolean {
  return MARKERS.some((marker) => path.endsWith(`/${marker}`));
}

function markersIn(paths: readonly string[], folder: string): string[] {
  return MARKERS.filter((marker) => paths.includes(`${folder}${marker}`));
}

/** What macOS Finder writes beside a folder it zips (resource forks, view settings): no part of the image. */
function isFolderPackingLitter(path: string): boolean {
  return path.startsWith('__MACOSX/') || path === '.DS_Store' || path.endsWith('/.DS_Store');
}
