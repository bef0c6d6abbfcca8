/**
 * The entry a path names once layers 0 … `layer` are applied, found without
 * a merged tree: the highest of those layers that lists the path wins, unless
 * a layer between deleted or hid it (a whiteout, an opaque directory, an
 * ancestor replaced by a non-directory). Hard links resolve through it as of
 * their own layer; a layer's view uses it to tell a new entry from a change.
 */
import type { LayerIndex } from './layer-index';
import { parentPath } from './path';

/** A row of one layer's index. */
export interface LayerRow {
  layer: number;
  row: number;
}

/** The entry at `path` (canonical) as of `layer`, or undefined when none is there then. */
export function entryAsOf(layers: readonly LayerIndex[], layer: number, path: string): LayerRow | undefined {
  for (let l = Math.min(layer, layers.length - 1); l >= 0; l--) {
    const index = layers[l];
    const row = index.indexOf(path);
    if (row >= 0 && !index.isWhiteout(row)) return { layer: l, row };
    if (hidesLower(index, path)) return undefined;
  }
  return undefined;
}

/** True when this layer deletes or hides every lower-layer entry at `path` (whiteout, opaque or replaced ancestor). */
export function hidesLower(index: LayerIndex, path: string): boolean {
  const own = index.indexOf(path);
  if (own >= 0 && index.deletesLower(own)) return true;
  // Every ancestor up to the root, whose opaque marker (`/.wh..wh..opq`) hides the whole lower filesystem.
  for (let ancestor = path; ancestor !== '/'; ) {
    ancestor = parentPath(ancestor);
    const row = index.indexOf(ancestor);
    if (row >= 0 && (!index.isDirectory(row) || index.deletesLower(row) || index.lowerChildrenHiddenBy(row) !== undefined)) return true;
  }
  return false;
}
