import type { EntryView } from '@/lib/fs/entry';
import { linkedEntry } from '@/lib/fs/hardlink';
import { entryAsOf } from '@/lib/fs/entry-as-of';
import type { LayerEntryView, LayerIndex } from '@/lib/fs/layer-index';
import type { MergedTree } from '@/lib/fs/merged-tree';
import type { SymlinkResolution } from '@/lib/fs/symlink';

/** One row a file tree can show: a layer's entry or a merged one, possibly hidden by a higher layer. */
export interface TreeRow extends EntryView {
  /** Layer that last wrote it (merged view) — undefined in a single layer's view. */
  layer?: number;
  hidden?: boolean;
  hiddenBy?: number;
  reason?: string;
  whiteout?: boolean;
  opaque?: boolean;
  /** In a layer's view: the lower layer whose entry at this path this one writes over. */
  replaces?: number;
  /** In a layer's view, for a whiteout: the lower layer whose entry it deletes, or 'nothing' when none was there. */
  deletes?: number | 'nothing';
  /** For a hard link: the regular file it shares, whose mode, owner, mtime and size it has. */
  linked?: EntryView;
}

/** What the tree view needs from a layer index or a merged tree. */
export interface TreeSource {
  kind: 'layer' | 'merged';
  children(path: string, includeHidden: boolean): TreeRow[];
  lookup(path: string): TreeRow | undefined;
  totalSize(path: string): number;
  filter(needle: string, limit: number, includeHidden: boolean): TreeRow[];
  /** Where the symlink at `path` leads in this tree, or why nowhere. */
  followSymlinks(path: string): SymlinkResolution;
}

/** Whose mode, owner and mtime a row shows: a hard link is another name of its target's inode, and extraction gives it those. */
export function inodeOf(row: TreeRow): EntryView {
  return row.linked ?? row;
}

/** A hard link's row with the file it shares, resolved as of `layer` of `layers` as extraction does. */
function withLinked<R extends TreeRow>(row: R, layers: readonly LayerIndex[], layer: number): R {
  if (row.type !== 'hardlink' || row.whiteout || row.linkpath === undefined) return row;
  const linked = linkedEntry(layers, layer, row.linkpath);
  return linked ? { ...row, linked } : row;
}

/**
 * A single layer's files (whiteouts shown as deletions). With the layers
 * below it (all of them, base first), each entry also says what it did to
 * them: written over a lower entry, or deleted one.
 */
export function layerSource(index: LayerIndex, below?: readonly LayerIndex[]): TreeSource {
  const marked = (entry: LayerEntryView): TreeRow => {
    // A link to a file of a lower layer resolves there once the layers below are known.
    const row = below ? withLinked(entry, [...below, index], below.length) : withLinked(entry, [index], 0);
    if (!below || below.length === 0 || row.type === 'directory') return row;
    const lower = entryAsOf(below, below.length - 1, row.path);
    if (row.whiteout) return { ...row, deletes: lower?.layer ?? 'nothing' };
    return lower ? { ...row, replaces: lower.layer } : row;
  };
  return {
    kind: 'layer',
    children: (path) => index.children(path).map(marked),
    lookup: (path) => {
      const row = index.lookup(path);
      return row && marked(row);
    },
    totalSize: (path) => index.totalSize(path),
    filter: (needle, limit) => index.filter(needle, { ignoreCase: true, limit }).map(marked),
    followSymlinks: (path) => index.followSymlinks(path),
  };
}

/** The merged filesystem, with what higher layers hid available on request. */
export function mergedSource(tree: MergedTree): TreeSource {
  // Each link, shown or hidden, shares what its target was once its own layer was applied.
  const linked = <R extends TreeRow & { layer: number }>(row: R) => withLinked(row, tree.layers, row.layer);
  return {
    kind: 'merged',
    children: (path, includeHidden) => tree.children(path, { includeHidden }).map(linked),
    lookup: (path) => {
      const row = tree.lookup(path);
      return row && linked(row);
    },
    totalSize: (path) => tree.totalSize(path),
    filter: (needle, limit, includeHidden) => tree.filter(needle, { ignoreCase: true, limit, includeHidden }).map(linked),
    followSymlinks: (path) => tree.followSymlinks(path),
  };
}
