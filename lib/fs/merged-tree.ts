/**
 * The merged filesystem of an image: what `docker run` would see after
 * applying every layer bottom-up (built by mergeLayers). Each node points at
 * the layer row that last wrote it, so its metadata and bytes are read from
 * that layer; entries that a higher layer deleted or shadowed stay
 * reachable as hidden entries for "show hidden" views.
 */
import type { EntryView } from './entry';
import type { LayerEntryView, LayerIndex } from './layer-index';
import { LayerIndexBuilder } from './layer-index-builder';
import { linkedFile } from './hardlink';
import { joinPath, pathComponents } from './path';
import { resolvedPath, resolveSymlinkIn, type SymlinkResolution } from './symlink';
import { PreorderTree, compareNames, pathFilter, subtreeTotals, type FilterOptions } from './tree-shape';

/** Why a lower-layer entry is not in the merged tree. */
export type HiddenReason = 'whiteout' | 'opaque' | 'replaced';

/** Hidden reasons in the order of their column code. */
export const HIDDEN_REASONS: readonly HiddenReason[] = ['whiteout', 'opaque', 'replaced'];

/** One entry of the merged tree. */
export interface MergedEntryView extends EntryView {
  /** Row number in the merged tree (0 is the root). */
  index: number;
  /** Index of the layer whose entry is shown here (the last to write it); its content lives in that layer's blob. */
  layer: number;
  hidden: false;
}

/** A lower-layer entry deleted or shadowed by a higher layer. */
export interface HiddenEntryView extends EntryView {
  /** Index of the layer that holds the hidden entry. */
  layer: number;
  /** Its row number in that layer's index. */
  layerRow: number;
  hidden: true;
  /** The lowest higher layer that removed it from view. */
  hiddenBy: number;
  reason: HiddenReason;
}

/** Where the bytes of a regular file live: a byte range of one layer's uncompressed tar. */
export interface EntryContent {
  layer: number;
  headerOffset: number;
  dataOffset: number;
  size: number;
  /** A GNU sparse file: the bytes at `dataOffset` are fragments, expanded when read. */
  sparse?: true;
}

/** A hardlink whose target is not a linkable entry of the merged tree. */
export interface HardlinkProblem {
  path: string;
  target: string;
  layer: number;
  problem: 'missing' | 'directory';
}

/** Columns describing the merged nodes (preorder) and the hidden layer rows. */
export interface MergedTreeColumns {
  layer: Int32Array;
  row: Int32Array;
  parent: Int32Array;
  end: Int32Array;
  names: string[];
  hiddenLayer: Int32Array;
  hiddenRow: Int32Array;
  hiddenBy: Int32Array;
  hiddenReason: Int32Array;
  /** Per layer, per row: the hidden record of that row, or -1. */
  hiddenAt: Int32Array[];
}

/** Options of a children listing. */
export interface ChildrenOptions {
  /** Also list lower-layer entries that were deleted or shadowed at this place. */
  includeHidden?: boolean;
}

function stripLayerFields(v: LayerEntryView): EntryView {
  const { index: _index, whiteout: _whiteout, opaque: _opaque, ...rest } = v;
  return rest;
}

/** The image's filesystem after all layers, with per-entry attribution. */
export class MergedTree {
  /** Navigation: lookup, children, paths. */
  readonly tree: PreorderTree;
  /** Number of entries, the root included. */
  readonly size: number;
  private readonly totals: Float64Array;
  // With no layers at all the root still needs a row to describe it.
  private readonly sources: readonly LayerIndex[];

  constructor(
    /** The layers merged, bottom first. */
    readonly layers: readonly LayerIndex[],
    private readonly c: MergedTreeColumns,
  ) {
    this.sources = layers.length > 0 ? layers : [new LayerIndexBuilder().finish()];
    this.tree = new PreorderTree(c.parent, c.end, (i) => c.names[i]);
    this.size = c.parent.length;
    const own = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const layer = this.sources[c.layer[i]];
      if (layer.isRegularFile(c.row[i])) own[i] = layer.sizeOf(c.row[i]);
    }
    this.totals = subtreeTotals(c.parent, own);
  }

  /** Number of hidden lower-layer rows. */
  get hiddenCount(): number {
    return this.c.hiddenRow.length;
  }

  /** The view of merged row `index`. */
  entry(index: number): MergedEntryView {
    return this.view(index, this.tree.pathOf(index));
  }

  /** Row number of a path, or -1. */
  indexOf(path: string): number {
    return this.tree.indexOf(path);
  }

  /** The merged entry at a path, or undefined. */
  lookup(path: string): MergedEntryView | undefined {
    const i = this.tree.indexOf(path);
    return i < 0 ? undefined : this.view(i, this.tree.pathOf(i));
  }

  /** Entries directly inside a directory, by name; with includeHidden, hidden lower-layer entries too (after the visible one of the same name, upper layers first). */
  children(path: string, options: ChildrenOptions = {}): Array<MergedEntryView | HiddenEntryView> {
    const dir = `/${pathComponents(path).join('/')}`;
    const out: Array<MergedEntryView | HiddenEntryView> = [];
    const i = this.tree.indexOf(dir);
    if (i >= 0) for (const child of this.tree.childIndices(i)) out.push(this.view(child, joinPath(dir, this.c.names[child])));
    if (options.includeHidden !== true) return out;
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const layer = this.sources[l];
      const row = layer.indexOf(dir);
      if (row < 0 || !layer.isDirectory(row)) continue;
      for (const child of layer.tree.childIndices(row)) {
        const record = this.c.hiddenAt[l][child];
        if (record >= 0) out.push(this.hiddenView(record, joinPath(dir, layer.nameOf(child))));
      }
    }
    return out.sort(
      (a, b) => compareNames(a.name, b.name) || Number(a.hidden) - Number(b.hidden) || b.layer - a.layer,
    );
  }

  /** The lower-layer entries at exactly `path` that higher layers removed from view, upper layers first. */
  hiddenAt(path: string): HiddenEntryView[] {
    const at = `/${pathComponents(path).join('/')}`;
    const out: HiddenEntryView[] = [];
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const row = this.sources[l].indexOf(at);
      const record = row < 0 ? -1 : this.c.hiddenAt[l][row];
      if (record >= 0) out.push(this.hiddenView(record, at));
    }
    return out;
  }

  /** Every merged entry below the root, depth-first, children by name. */
  *walk(): Generator<MergedEntryView> {
    for (const [i, path] of this.tree.paths(0)) if (i !== 0) yield this.view(i, path);
  }

  /** Sum of the sizes of the regular files at or under a path (0 when missing). */
  totalSize(path: string): number {
    const i = this.tree.indexOf(path);
    return i < 0 ? 0 : this.totals[i];
  }

  /** Merged entries whose path contains `needle`, in walk order; with includeHidden, then the hidden entries that match, in merge order. */
  filter(needle: string, options: FilterOptions & { includeHidden?: boolean } = {}): (MergedEntryView | HiddenEntryView)[] {
    const out: (MergedEntryView | HiddenEntryView)[] = [];
    const full = () => options.limit !== undefined && out.length >= options.limit;
    for (const i of this.tree.matching(needle, options)) {
      if (full()) return out;
      out.push(this.entry(i));
    }
    if (!options.includeHidden) return out;
    const matches = pathFilter(needle, options);
    for (const entry of this.hiddenEntries()) {
      if (full()) break;
      if (matches(entry.path)) out.push(entry);
    }
    return out;
  }

  /** Every lower-layer entry deleted or shadowed by a higher layer, in merge order (whiteout markers themselves excluded). */
  *hiddenEntries(): Generator<HiddenEntryView> {
    const c = this.c;
    for (let r = 0; r < c.hiddenRow.length; r++) {
      yield this.hiddenView(r, this.sources[c.hiddenLayer[r]].tree.pathOf(c.hiddenRow[r]));
    }
  }

  /** Hardlinks whose target is missing from the merged tree or is a directory (image-spec: the target must exist in the result). */
  validateHardlinks(): HardlinkProblem[] {
    const problems: HardlinkProblem[] = [];
    for (const [i, path] of this.tree.paths(0)) {
      const layer = this.sources[this.c.layer[i]];
      const row = this.c.row[i];
      if (layer.typeOf(row) !== 'hardlink') continue;
      const target = layer.linkpathOf(row) ?? '';
      const t = this.tree.indexOf(target);
      const problem = t < 0 ? 'missing' : this.isDirectory(t) ? 'directory' : undefined;
      if (problem !== undefined) problems.push({ path, target, layer: this.c.layer[i], problem });
    }
    return problems;
  }

  /** Follows symlinks inside the merged tree (chroot semantics); the resolved path, or undefined (missing, loop, too many hops). */
  resolveSymlink(path: string, maxHops = 40): string | undefined {
    return resolvedPath(this.followSymlinks(path, maxHops));
  }

  /** Follows symlinks inside the merged tree (chroot semantics): where the path leads, or why nowhere. */
  followSymlinks(path: string, maxHops = 40): SymlinkResolution {
    return resolveSymlinkIn(
      {
        childByName: (i, name) => this.tree.childByName(i, name),
        isDirectory: (i) => this.isDirectory(i),
        symlinkTarget: (i) => {
          const layer = this.sources[this.c.layer[i]];
          return layer.typeOf(this.c.row[i]) === 'symlink' ? (layer.linkpathOf(this.c.row[i]) ?? '') : undefined;
        },
        pathOf: (i) => this.tree.pathOf(i),
      },
      path,
      maxHops,
    );
  }

  /**
   * Where the bytes of a regular file (or a hardlink's target) live. A
   * hardlink shares its target as the filesystem stood after the link's own
   * layer: a higher layer that replaced the target did not change the link.
   */
  contentOf(path: string): EntryContent | undefined {
    const i = this.tree.indexOf(path);
    if (i < 0) return undefined;
    const l = this.c.layer[i];
    const layer = this.sources[l];
    const row = this.c.row[i];
    if (layer.isRegularFile(row)) return { layer: l, ...layer.offsetsOf(row), size: layer.sizeOf(row) };
    if (layer.typeOf(row) !== 'hardlink') return undefined;
    const linked = linkedFile(this.sources, l, layer.linkpathOf(row) ?? '');
    if (linked === undefined) return undefined;
    const source = this.sources[linked.layer];
    return { layer: linked.layer, ...source.offsetsOf(linked.row), size: source.sizeOf(linked.row) };
  }

  private isDirectory(i: number): boolean {
    return this.sources[this.c.layer[i]].isDirectory(this.c.row[i]);
  }

  private view(index: number, path: string): MergedEntryView {
    const l = this.c.layer[index];
    const v = stripLayerFields(this.sources[l].view(this.c.row[index], path));
    return { ...v, name: index === 0 ? '' : this.c.names[index], index, layer: l, hidden: false };
  }

  private hiddenView(record: number, path: string): HiddenEntryView {
    const c = this.c;
    const l = c.hiddenLayer[record];
    const row = c.hiddenRow[record];
    const v = stripLayerFields(this.sources[l].view(row, path));
    return { ...v, layer: l, layerRow: row, hidden: true, hiddenBy: c.hiddenBy[record], reason: HIDDEN_REASONS[c.hiddenReason[record]] };
  }
}
