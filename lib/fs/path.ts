/**
 * Paths of layer entries, canonicalized.
 *
 * Grammar accepted (image-spec layer.md, "Changeset over existing files":
 * entries are paths relative to the root of the filesystem):
 *
 *   raw       ::= ("./")* component ("/"+ component)* "/"*  |  "." "/"*  |  "./"
 *   component ::= any run of non-"/" characters other than ".."
 *
 * "." components and repeated slashes are dropped. The canonical form is
 * absolute, has no trailing slash, and the root is "/". A leading "/" or a
 * ".." component is refused (design: "Paths are relative; `..` and absolute
 * paths are refused, never followed"), because extracting either writes
 * outside the root.
 */
import { UnsafePathError } from './errors';

// No leading "/" or "./", no empty, "." or ".." component, no trailing "/".
const CLEAN = /^(?!\.{1,2}(?:\/|$))[^/]+(?:\/(?!\.{1,2}(?:\/|$))[^/]+)*$/;

/** Canonical absolute form of a tar entry path; throws UnsafePathError for `..` or absolute paths. */
export function normalizeLayerPath(raw: string, offset?: number): string {
  // Most tar paths are already clean ("usr/bin/env"); skip the split for them.
  if (CLEAN.test(raw)) return `/${raw}`;
  if (raw === '') throw new UnsafePathError(raw, 'the path is empty', offset);
  if (raw.startsWith('/')) throw new UnsafePathError(raw, 'absolute paths are not allowed in a layer', offset);
  const parts: string[] = [];
  for (const component of raw.split('/')) {
    if (component === '' || component === '.') continue;
    if (component === '..') throw new UnsafePathError(raw, '".." components are not allowed in a layer', offset);
    parts.push(component);
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
