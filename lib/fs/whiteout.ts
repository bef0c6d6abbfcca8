/**
 * Whiteout file names (image-spec layer.md, "Whiteouts"):
 *
 *   whiteout ::= ".wh." name         removes name (and its subtree) from lower layers
 *   opaque   ::= ".wh..wh..opq"      hides every lower-layer child of its directory
 *   meta     ::= ".wh..wh." other    reserved AUFS bookkeeping (".wh..wh.plnk",
 *                                    ".wh..wh.orph"); never part of the filesystem
 */

/** Prefix marking a whiteout file. */
export const WHITEOUT_PREFIX = '.wh.';
/** Name of the opaque-directory marker. */
export const OPAQUE_MARKER = '.wh..wh..opq';
/** Prefix of reserved AUFS metadata names, which Docker skips too. */
export const WHITEOUT_META_PREFIX = '.wh..wh.';

/** What one entry name means to the overlay. */
export type WhiteoutName =
  | { kind: 'none' }
  | { kind: 'opaque' }
  | { kind: 'meta' }
  | { kind: 'whiteout'; target: string };

/** Classifies a base name as a plain name, a whiteout of a sibling, an opaque marker, or AUFS metadata. */
export function classifyWhiteout(name: string): WhiteoutName {
  if (!name.startsWith(WHITEOUT_PREFIX)) return { kind: 'none' };
  if (name === OPAQUE_MARKER) return { kind: 'opaque' };
  if (name.startsWith(WHITEOUT_META_PREFIX)) return { kind: 'meta' };
  return { kind: 'whiteout', target: name.slice(WHITEOUT_PREFIX.length) };
}
