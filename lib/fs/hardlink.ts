/**
 * Which regular file a hard link shares. Extraction makes a link to its
 * target as the filesystem stands when the link's own layer is applied, so the
 * target is looked up as of that layer: a higher layer that later replaces or
 * deletes the target leaves the link's bytes as they were.
 */
import { entryAsOf, type LayerRow } from './entry-as-of';
import type { EntryView } from './entry';
import type { LayerIndex } from './layer-index';

/** A regular file: its layer and row in that layer's index. */
export type LinkedFile = LayerRow;

// Hardlinks to hardlinks are legal; a cycle among them is not, and ends here.
const MAX_LINK_HOPS = 40;

/** The regular file a hardlink in `layer` to `target` (canonical path) shares, or undefined when there is none as of that layer. */
export function linkedFile(layers: readonly LayerIndex[], layer: number, target: string, hops = 0): LinkedFile | undefined {
  if (hops > MAX_LINK_HOPS) return undefined;
  const found = entryAsOf(layers, layer, target);
  if (found === undefined) return undefined;
  const index = layers[found.layer];
  if (index.isRegularFile(found.row)) return found;
  if (index.typeOf(found.row) === 'hardlink') return linkedFile(layers, found.layer, index.linkpathOf(found.row) ?? '', hops + 1);
  // A directory, symlink or device: nothing a file link can share.
  return undefined;
}

/**
 * The entry of the regular file a hardlink in `layer` to `target` shares:
 * the link is another name of that inode, so its mode, owner, mtime and size
 * are the file's; extraction ignores the link header's own.
 */
export function linkedEntry(layers: readonly LayerIndex[], layer: number, target: string): EntryView | undefined {
  const linked = linkedFile(layers, layer, target);
  return linked && layers[linked.layer].entry(linked.row);
}
