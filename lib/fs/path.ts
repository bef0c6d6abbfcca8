/**
 * Paths of layer entries, canonicalized.
 *
 * Grammar accepted (image-spec layer.md, "Changeset over existing files":
 * entries are paths relative to the root of the filesystem):
 *
 *   raw       ::= "/"* ("./")* component ("/"+ component)* "/"*  |  "/"* ("." "/"*)?
 *   component ::= any run of non-"/" characters
 *
 * Read as docker reads it (pkg/archive: filepath.Clean, then Join under the
 * root; containerd and umoci join the same way): a leading "/" names the
 * root it is extracted into, "." components and repeated slashes are
 * dropped, and ".." steps back one component. A ".." that would climb above
 * the root is refused, never followed: extracting it writes outside the
 * root. The canonical form is absolute, has no trailing slash, and the root
 * is "/".
 */
import { UnsafePathError } from './errors';

// No leading "/" or "./", no empty, "." or ".." component, no trailing "/".
const CLEAN = /^(?!\.{1,2}(?:\/|$))[^/]+(?:\/(?!\.{1,2}(?:\/|$))[^/]+)*$/;

/** Canonical absolute form of a tar entry path, under the root; throws UnsafePathError for an empty path or a `..` above the root. */
export function normalizeLayerPath(raw: string, offset?: number): string {
  // Most tar paths are already clean ("usr/bin/env"); skip the split for them.
  if (CLEAN.test(raw)) return `/${raw}`;
  if (raw === '') throw new UnsafePathError(raw, 'the path is empty', offset, 'empty');
  const parts: string[] = [];
  for (const component of raw.split('/')) {
    if (component === '' || component === '.') continue;
    if (component !== '..') parts.push(component);
    else if (parts.pop() === undefined) throw new UnsafePathError(raw, 'its ".." climbs above the root of the layer', offset);
  }
  return parts.length === 0 ? '/' : `/${parts.join('/')}`;
}

/** Components of a canonical path: "/" → [], "/usr/bin" → ["usr", "bin"]. */
export function pathComponents(path: string): string[] {
  return path.split('/').filter((c) => c !== '' && c !== '.');
}

/** Joins a canonical directory path and one name. */
export function joinPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

/** The directory part of a canonical path; the parent of "/" is "/". */
export function parentPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

/**
 * The canonical form of a path a person or a link gave (`etc/os-release`,
 * `/etc/`, `/usr//bin/./env`): absolute, no empty or "." component, no
 * trailing slash. ".." steps up, as in a shell, and stops at the root: a
 * path to look at in a tree, never one to extract to.
 */
export function canonicalViewPath(raw: string): string {
  const parts: string[] = [];
  for (const component of raw.split('/')) {
    if (component === '' || component === '.') continue;
    if (component === '..') parts.pop();
    else parts.push(component);
  }
  return `/${parts.join('/')}`;
}
