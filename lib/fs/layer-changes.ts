/**
 * What one layer does to the filesystem of the layers below it, as dive's
 * layer view shows it: entries it adds, entries it writes over a lower
 * layer's, and lower entries it removes (whiteouts, opaque directories, a
 * directory replaced by a file). Directories are left out of the counts:
 * a layer lists every parent of what it writes, so they would all read as
 * changed. Counted from the merged tree's hidden records, so the figures
 * are the merge's own.
 */
import type { MergedTree } from './merged-tree';

/** A count of non-directory entries and their regular-file bytes. */
export interface ChangeCount {
  entries: number;
  bytes: number;
}

/** One layer's changes against the layers below it. */
export interface LayerChanges {
  /** Entries at paths that had none below. */
  added: ChangeCount;
  /** Entries written over a lower layer's entry at the same path (their own bytes). */
  changed: ChangeCount;
  /** Lower-layer entries this layer deleted or hid (their bytes, which pulls still download). */
  removed: ChangeCount;
}

/** The changes layer `layer` of `tree` makes to the layers below it. */
export function layerChanges(tree: MergedTree, layer: number): LayerChanges {
  const index = tree.layers[layer];
  // Lower entries this layer hid, whatever the means (written over, whiteout, opaque directory, a replaced ancestor).
  const hiddenHere = new Map<string, number>();
  for (const hidden of tree.hiddenEntries()) {
    if (hidden.hiddenBy !== layer) continue;
    hiddenHere.set(hidden.path, hidden.type === 'directory' ? -1 : hidden.type === 'file' ? hidden.size : 0);
  }
  const added: ChangeCount = { entries: 0, bytes: 0 };
  const changed: ChangeCount = { entries: 0, bytes: 0 };
  const removed: ChangeCount = { entries: 0, bytes: 0 };
  for (const [row, path] of index.tree.paths(0)) {
    if (row === 0 || index.isDirectory(row) || index.isWhiteout(row)) continue;
    // A path this layer writes again, over a lower entry it hid (a directory too, when a file now stands there), is a change.
    const count = hiddenHere.has(path) ? changed : added;
    hiddenHere.delete(path);
    count.entries++;
    count.bytes += index.isRegularFile(row) ? index.sizeOf(row) : 0;
  }
  // The rest of what it hid is gone; directories aside.
  for (const size of hiddenHere.values()) {
    if (size < 0) continue;
    removed.entries++;
    removed.bytes += size;
  }
  return { added, changed, removed };
}
