/**
 * Paths of members inside an archive, normalized so a tar written with
 * "./blobs/…", a zip and a folder all answer to "blobs/sha256/…":
 *
 *   path ::= segment ( "/" segment )*      no "", ".", ".." segments; no leading "/"
 *
 * ".." is resolved lexically and never climbs above the archive's root.
 */

/** The normalized form of a member path; undefined when it climbs out of the archive. */
export function normalizeArchivePath(path: string): string | undefined {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else {
      out.push(segment);
    }
  }
  return out.join('/');
}

/** Where a symlink stored at `linkPath` with target `target` points, as an archive path. */
export function resolveLinkTarget(linkPath: string, target: string): string | undefined {
  if (target.startsWith('/')) return normalizeArchivePath(target);
  const dir = linkPath.includes('/') ? linkPath.slice(0, linkPath.lastIndexOf('/')) : '';
  return normalizeArchivePath(dir === '' ? target : `${dir}/${target}`);
}
