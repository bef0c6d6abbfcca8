/**
 * The bytes an image ships that no container sees: regular files of a lower
 * layer that a higher layer replaced or deleted (a whiteout, an opaque
 * directory, a file written again). Every pull still downloads them, so they
 * are the first place to look when an image is larger than its filesystem
 * (dive calls them "wasted space"). A file a visible hard link still shares
 * is not counted: its bytes are in the filesystem under the link's name.
 *
 * Bytes are counted as the layers store them, since that is what a pull
 * downloads: a GNU sparse file counts its stored fragments, not the holes
 * its size includes (a 1 GiB disk image of 100 KiB of data ships 100 KiB).
 */
import { linkedFile } from './hardlink';
import type { HiddenReason, MergedTree } from './merged-tree';

/** One lower-layer file that the merged filesystem does not show. */
export interface ShadowedFile {
  path: string;
  /** The layer that holds it (0 is the base). */
  layer: number;
  /** Bytes its layer stores for it. */
  size: number;
  /** For a sparse file, its size with the holes (what `ls -l` says); absent otherwise. */
  apparentSize?: number;
  /** The lowest higher layer that removed it from view, and how. */
  hiddenBy: number;
  reason: HiddenReason;
}

/** How the file bytes of all layers split between the merged filesystem and what higher layers hid. */
export interface ShadowedSpace {
  /** Regular-file bytes over every layer, as their tars store them. */
  layerBytes: number;
  /** Of those, the bytes no container sees. */
  shadowedBytes: number;
  shadowedFiles: number;
  /** The largest shadowed files, largest first (ties by path). */
  largest: ShadowedFile[];
}

/** What `tree`'s higher layers hid of its lower layers' files; the `limit` largest are listed. */
export function shadowedSpace(tree: MergedTree, limit = 20): ShadowedSpace {
  const layers = tree.layers;
  const layerBytes = layers.reduce((sum, index) => sum + index.storedFileBytes, 0);
  const shared = linkedRows(tree);
  let shadowedBytes = 0;
  let shadowedFiles = 0;
  const files: ShadowedFile[] = [];
  for (const entry of tree.hiddenEntries()) {
    if (entry.type !== 'file' || shared.has(`${entry.layer}:${entry.layerRow}`)) continue;
    const size = layers[entry.layer].storedSizeOf(entry.layerRow);
    shadowedBytes += size;
    shadowedFiles++;
    const file: ShadowedFile = { path: entry.path, layer: entry.layer, size, hiddenBy: entry.hiddenBy, reason: entry.reason };
    if (entry.sparse) file.apparentSize = entry.size;
    files.push(file);
  }
  files.sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : a.path > b.path ? 1 : a.layer - b.layer));
  return { layerBytes, shadowedBytes, shadowedFiles, largest: files.slice(0, limit) };
}

// The `layer:row` of every regular file a hard link in the merged filesystem shares.
function linkedRows(tree: MergedTree): Set<string> {
  const rows = new Set<string>();
  for (const entry of tree.walk()) {
    if (entry.type !== 'hardlink') continue;
    const linked = linkedFile(tree.layers, entry.layer, entry.linkpath ?? '');
    if (linked) rows.add(`${linked.layer}:${linked.row}`);
  }
  return rows;
}
