/**
 * The files of an archive on the user's disk, whatever holds them (a tar, a
 * zip, a folder): listed by normalized path, each opened as a Blob, so the
 * layout readers above never care which container it was.
 */
import { resolveLinkTarget } from './archive-path';

/** What holds the files, in words for the page. */
export type ArchiveContainer = 'tar' | 'tar (gzip)' | 'zip' | 'folder';

/** A file of the archive, located but not read. */
export interface ArchiveMember {
  /** Normalized path ("blobs/sha256/…"). */
  path: string;
  /** Length of its content in bytes. */
  size: number;
  /** Its bytes; a slice of the archive where the container allows it. */
  open(): Promise<Blob>;
}

/** The files of one archive. */
export interface ArchiveFiles {
  container: ArchiveContainer;
  /** Every regular file, by normalized path (symlinks already followed). */
  readonly members: ReadonlyMap<string, ArchiveMember>;
  /** The folder inside the container the image was read from ("layout/"), when it is not the root; `members` are relative to it. */
  layoutFolder?: string;
}

/** A symlink found in a container, to be followed to the member it names. */
export interface ArchiveLink {
  path: string;
  target: string;
}

/** Hops followed before a chain of links is called a loop. */
const MAX_LINK_HOPS = 8;

/**
 * Adds each symlink (and hardlink) as another name of the member it leads
 * to: skopeo's docker-archive stores `<id>/layer.tar` as a symlink to
 * `<diff_id>.tar`. Links to nothing, or in a loop, are left out.
 */
export function addLinks(members: Map<string, ArchiveMember>, links: readonly ArchiveLink[], hardlinks: readonly ArchiveLink[] = []): void {
  for (const link of hardlinks) {
    const target = members.get(link.target);
    if (target) members.set(link.path, { ...target, path: link.path });
  }
  const byPath = new Map(links.map((l) => [l.path, l.target]));
  for (const link of links) {
    let path = link.path;
    let target = resolveLinkTarget(path, link.target);
    for (let hop = 0; target !== undefined && hop < MAX_LINK_HOPS; hop++) {
      const member = members.get(target);
      if (member) {
        members.set(link.path, { ...member, path: link.path });
        break;
      }
      const next = byPath.get(target);
      if (next === undefined) break;
      path = target;
      target = resolveLinkTarget(path, next);
    }
  }
}
