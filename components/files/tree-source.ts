import { ALL_CHANGES, changeBit, type ChangeKind, type ChangeMask } from '@/lib/fs/change-kind';
import type { EntryView } from '@/lib/fs/entry';
import { linkedEntry, linkedFile, resolveHardlink, type HardlinkProblem } from '@/lib/fs/hardlink';
import { entryAsOf } from '@/lib/fs/entry-as-of';
import type { AsOfEntry, LayerAsOf, RemovedBy } from '@/lib/fs/layer-as-of';
import type { LayerEntryView, LayerIndex } from '@/lib/fs/layer-index';
import type { EntryContent, MergedTree } from '@/lib/fs/merged-tree';
import type { SymlinkResolution } from '@/lib/fs/symlink';
import { pathFilter } from '@/lib/fs/tree-shape';

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
  /** For a hard link no filesystem can hold (to a directory, to itself): why; extraction fails on it and the rootfs leaves it out. */
  impossibleLink?: Exclude<HardlinkProblem, 'missing'>;
  /** In the filesystem as of a layer: what that layer did to the entry. */
  change?: ChangeKind;
  /** For an entry that layer removed: by what means. */
  removedBy?: RemovedBy;
  /** For an entry that layer replaced with one of the other shape: true, as it shares its path with its replacement. */
  replacedHere?: boolean;
}

/** What the tree view needs from a layer index or a merged tree. */
export interface TreeSource {
  kind: 'layer' | 'merged' | 'as-of';
  children(path: string, includeHidden: boolean): TreeRow[];
  /** The row at `path`; with `replaced`, the entry replaced there that is listed beside its replacement (as-of view). */
  lookup(path: string, replaced?: boolean): TreeRow | undefined;
  totalSize(path: string): number;
  filter(needle: string, limit: number, includeHidden: boolean): TreeRow[];
  /** Where the symlink at `path` leads in this tree, or why nowhere. */
  followSymlinks(path: string): SymlinkResolution;
  /** Where the bytes of the file at `path` live (a hard link's, in the file it shares), when it has any. */
  contentOf(path: string, replaced?: boolean): EntryContent | undefined;
}

/** The regular file an entry is or shares as a hard link, where its bytes live. */
function contentOfRow(layers: readonly LayerIndex[], at: { layer: number; row: number }): EntryContent | undefined {
  const index = layers[at.layer];
  const file = index.isRegularFile(at.row) ? at : index.typeOf(at.row) === 'hardlink' ? linkedFile(layers, at.layer, index.linkpathOf(at.row) ?? '') : undefined;
  if (!file) return undefined;
  const holder = layers[file.layer];
  return { layer: file.layer, ...holder.offsetsOf(file.row), size: holder.sizeOf(file.row) };
}

/** Whose mode, owner and mtime a row shows: a hard link is another name of its target's inode, and extraction gives it those. */
export function inodeOf(row: TreeRow): EntryView {
  return row.linked ?? row;
}

/** A hard link's row with the file it shares, resolved as of `layer` of `layers` as extraction does. */
function withLinked<R extends TreeRow>(row: R, layers: readonly LayerIndex[], layer: number): R {
  if (row.type !== 'hardlink' || row.whiteout || row.linkpath === undefined) return row;
  const linked = linkedEntry(layers, layer, row.linkpath);
  if (linked) return { ...row, linked };
  const resolved = resolveHardlink(layers, layer, row.linkpath);
  return 'problem' in resolved && resolved.problem !== 'missing' ? { ...row, impossibleLink: resolved.problem } : row;
}

/**
 * A single layer's files, layer `layer` of the image (whiteouts shown as
 * deletions). With the layers below it (all of them, base first), each entry
 * also says what it did to them, written over a lower entry or deleted one,
 * and a link to a file of a lower layer resolves there.
 */
export function layerSource(index: LayerIndex, layer = 0, below?: readonly LayerIndex[]): TreeSource {
  // The layers a link may reach, and the image's layer number of each.
  const stack = below ? [...below, index] : [index];
  const layerAt = (at: number) => (below ? at : layer);
  const marked = (entry: LayerEntryView): TreeRow => {
    const row = withLinked(entry, stack, stack.length - 1);
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
    contentOf: (path) => {
      const row = index.indexOf(path);
      const content = row < 0 ? undefined : contentOfRow(stack, { layer: stack.length - 1, row });
      return content && { ...content, layer: layerAt(content.layer) };
    },
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
    contentOf: (path) => tree.contentOf(path),
  };
}

/**
 * The filesystem as of a layer, each entry marked by what that layer did
 * to it, removed entries in place; with a change filter (`shown`), only
 * entries of the kinds shown and the directories that lead to them.
 */
export function asOfSource(view: LayerAsOf, shown: ChangeMask = ALL_CHANGES): TreeSource {
  const { layers } = view;
  const toRow = (e: AsOfEntry): TreeRow => {
    const { index: _index, whiteout: _whiteout, ...entry } = layers[e.layer].view(e.row, e.path);
    return withLinked({ ...entry, layer: e.layer, change: e.change, removedBy: e.removedBy, replacedHere: e.replacedHere }, layers, e.layer);
  };
  const keep = (e: AsOfEntry) => shown === ALL_CHANGES || (changeBit(e.change) & shown) !== 0 || (view.isDirectory(e) && (view.changesUnder(e) & shown) !== 0);
  return {
    kind: 'as-of',
    children: (path) => view.children(path).filter(keep).map(toRow),
    lookup: (path, replaced) => {
      const entry = replaced ? view.replacedAt(path) : view.entryAt(path);
      return entry && toRow(entry);
    },
    totalSize: (path) => view.summary().totals.get(path) ?? 0,
    filter: (needle, limit) => {
      const matches = pathFilter(needle, { ignoreCase: true });
      const out: TreeRow[] = [];
      for (const entry of view.walk(shown)) {
        if (out.length >= limit) break;
        if (matches(entry.path)) out.push(toRow(entry));
      }
      return out;
    },
    followSymlinks: (path) => view.followSymlinks(path),
    contentOf: (path, replaced) => {
      const entry = replaced ? view.replacedAt(path) : view.entryAt(path);
      return entry && contentOfRow(layers, entry);
    },
  };
}
