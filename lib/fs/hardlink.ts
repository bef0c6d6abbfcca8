/**
 * Which regular file a hard link shares. Extraction makes a link to its
 * target as the filesystem stands when the link's own layer is applied, so the
 * target is looked up as of that layer: a higher layer that later replaces or
 * deletes the target leaves the link's bytes as they were.
 */
import type { LayerIndex } from './layer-index';

/** A regular file: its layer and row in that layer's index. */
export interface LinkedFile {
  layer: number;
  row: number;
}

// Hardlinks to hardlinks are legal; a cycle among them is not, and ends here.
const MAX_LINK_HOPS = 40;

/** The regular file a hardlink in `layer` to `target` (canonical path) shares, or undefined when there is none as of that layer. */
export function linkedFile(layers: readonly LayerIndex[], layer: number, target: string, hops = 0): LinkedFile | undefined {
  if (hops > MAX_LINK_HOPS) return undefined;
  for (let l = layer; l >= 0; l--) {
    const index = layers[l];
    const row = index.indexOf(target);
    if (row >= 0 && !index.isWhiteout(row)) {
      if (index.isRegularFile(row)) return { layer: l, row };
      if (index.typeOf(row) === 'hardlink') return linkedFile(layers, l, index.linkpathOf(row) ?? '', hops + 1);
      // A directory, symlink or device: nothing a file link can share.
      return undefined;
    }
    if (hidesLower(index, target)) return undefined;
  }
  return undefined;
}

/** True when this layer deletes or hides every lower-layer entry at `path` (whiteout, opaque or replaced ancestor). */
function hidesLower(index: LayerIndex, path: string): boolean {
  const own = index.indexOf(path);
  if (own >= 0 && index.deletesLower(own)) return true;
  let at = path.lastIndexOf('/');
  while (at > 0) {
    const ancestor = path.slice(0, at);
    const row = index.indexOf(ancestor);
    if (row >= 0 && (!index.isDirectory(row) || index.deletesLower(row) || index.lowerChildrenHiddenBy(row) !== undefined)) return true;
    at = ancestor.lastIndexOf('/');
  }
  return false;
}
