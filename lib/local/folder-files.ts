/**
 * The files of a folder the user picked (`<input webkitdirectory>`, or a
 * folder dropped on the page): each File with its path relative to the
 * folder. The browser names them "<folder>/blobs/sha256/…"; the folder's own
 * name is dropped when every file shares it, so the layout reads from its
 * root.
 */
import type { ArchiveFiles, ArchiveMember } from './archive-files';
import { normalizeArchivePath } from './archive-path';
import { BadArchiveError } from './errors';

/** One file of a picked folder. */
export interface FolderFile {
  /** Path relative to what was picked, "/"-separated (File.webkitRelativePath, or built while walking a dropped folder). */
  path: string;
  file: Blob;
}

/** The files of a folder, by path inside it. */
export function folderFiles(files: readonly FolderFile[]): ArchiveFiles {
  if (files.length === 0) throw new BadArchiveError('The folder holds no files');
  const paths = files.map((f) => normalizeArchivePath(f.path) ?? '');
  const first = paths[0].split('/')[0];
  const shared = paths.every((p) => p.startsWith(`${first}/`)) && !['index.json', 'manifest.json', 'oci-layout'].includes(first);
  const members = new Map<string, ArchiveMember>();
  files.forEach((f, i) => {
    const path = shared ? paths[i].slice(first.length + 1) : paths[i];
    if (path !== '') members.set(path, { path, size: f.file.size, open: async () => f.file });
  });
  return { container: 'folder', members };
}
