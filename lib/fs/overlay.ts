/**
 * Merges layer indexes bottom-up into the image's filesystem, with the
 * image-spec's changeset semantics (layer.md, "Applying Changesets",
 * "Whiteouts", "Opaque Whiteout"):
 *
 * - `d/.wh.n` deletes `d/n` and everything under it from lower layers;
 * - `d/.wh..wh..opq` hides every lower-layer child of `d`; entries of the
 *   same layer stay, whatever their order in the tar;
 * - a non-directory replaces whatever lower entry had its path (a directory
 *   with its subtree included); a directory over a lower non-directory
 *   replaces it; a directory over a lower directory merges with it, the
 *   upper one giving the metadata (unless it was only implied);
 * - whiteout markers never appear in the result;
 * - paths merge as written, never through a lower layer's symlink: Docker's
 *   overlay2 and containerd's overlayfs snapshotter extract each layer into
 *   an empty directory of its own, so `lib/x` over a lower `lib -> usr/lib`
 *   makes `lib` a directory that hides the link. (Tools that unpack every
 *   layer into one tree, umoci or containerd's native snapshotter, follow
 *   the link and write `usr/lib/x`; the runtimes people pull with do not.)
 *
 * The walk is top-down over the union of all layers' paths in name order,
 * so merged rows come out in preorder and every layer row is visited once.
 * At each path every layer's row learns the lowest higher layer that hides
 * it (hidden rows are kept for "show hidden" views), and passes to its
 * children the lowest higher layer that hides them.
 */
import { IntList } from './columns';
import type { LayerIndex } from './layer-index';
import { MergedTree } from './merged-tree';
import { compareNames } from './tree-shape';

const WHITEOUT = 0;
const OPAQUE = 1;
const REPLACED = 2;
const NONE = -1;

/** One layer's row at the path being merged, with what its ancestors' paths say about it. */
interface Item {
  layer: number;
  row: number;
  /** Lowest higher layer hiding this row through an ancestor path, or NONE. */
  cut: number;
  why: number;
}

/** Merges layers (index 0 is the bottom layer) into the image's filesystem. */
export function mergeLayers(layers: readonly LayerIndex[]): MergedTree {
  return new OverlayMerge(layers).run();
}

class OverlayMerge {
  private readonly layer = new IntList();
  private readonly row = new IntList();
  private readonly parent = new IntList();
  private readonly end = new IntList();
  private readonly names: string[] = [];
  private readonly hiddenLayer = new IntList();
  private readonly hiddenRow = new IntList();
  private readonly hiddenBy = new IntList();
  private readonly hiddenReason = new IntList();
  private readonly hiddenAt: Int32Array[];

  constructor(private readonly layers: readonly LayerIndex[]) {
    this.hiddenAt = layers.map((l) => new Int32Array(l.size).fill(-1));
  }

  run(): MergedTree {
    const roots: Item[] = [];
    for (let l = this.layers.length - 1; l >= 0; l--) roots.push({ layer: l, row: 0, cut: NONE, why: 0 });
    if (roots.length === 0) {
      // No layers: an empty root, so every query still has a tree to answer from.
      this.names.push('');
      this.layer.push(0);
      this.row.push(0);
      this.parent.push(-1);
      this.end.push(1);
    } else {
      this.visit(roots, -1);
    }
    return new MergedTree(this.layers, {
      layer: this.layer.toArray(),
      row: this.row.toArray(),
      parent: this.parent.toArray(),
      end: this.end.toArray(),
      names: this.names,
      hiddenLayer: this.hiddenLayer.toArray(),
      hiddenRow: this.hiddenRow.toArray(),
      hiddenBy: this.hiddenBy.toArray(),
      hiddenReason: this.hiddenReason.toArray(),
      hiddenAt: this.hiddenAt,
    });
  }

  /** Merges one path: `items` are the rows of every layer that has it, upper layers first. */
  private visit(items: Item[], mergedParent: number): void {
    const layers = this.layers;
    const n = items.length;
    const by = new Array<number>(n);
    const why = new Array<number>(n);
    let top = -1;
    for (let k = 0; k < n; k++) {
      const item = items[k];
      const layer = layers[item.layer];
      let b = item.cut;
      let w = item.why;
      if (!layer.isWhiteout(item.row)) {
        const isDir = layer.isDirectory(item.row);
        // Nearest higher layer first; stop once an ancestor's cut (a lower layer number) is nearer.
        for (let j = k - 1; j >= 0; j--) {
          const up = items[j];
          if (b !== NONE && up.layer >= b) break;
          const upper = layers[up.layer];
          // A whiteout deletes the lower entry even when its own layer re-creates the path.
          if (upper.deletesLower(up.row)) {
            b = up.layer;
            w = WHITEOUT;
            break;
          }
          if (!isDir || !upper.isDirectory(up.row)) {
            b = up.layer;
            w = REPLACED;
            break;
          }
        }
        if (b !== NONE) this.recordHidden(item, b, w);
        else if (top < 0) top = k;
      }
      by[k] = b;
      why[k] = w;
    }

    let merged = -1;
    if (top >= 0) {
      let source = top;
      const first = items[top];
      // A directory only implied by upper layers keeps the metadata of the highest layer that listed
      // it, or else is attributed to the lowest layer that implied it (the one that created it).
      if (layers[first.layer].isDirectory(first.row) && layers[first.layer].isImplicit(first.row)) {
        for (let k = top + 1; k < n; k++) {
          const l = layers[items[k].layer];
          if (by[k] !== NONE || l.isWhiteout(items[k].row)) continue;
          source = k;
          if (!l.isImplicit(items[k].row)) break;
        }
      }
      merged = this.addMerged(items[source], first, mergedParent);
    }

    const dirs: Item[] = [];
    for (let k = 0; k < n; k++) {
      const item = items[k];
      const layer = layers[item.layer];
      if (!layer.isDirectory(item.row) || layer.tree.childIndices(item.row).length === 0) continue;
      let b = by[k];
      let w = why[k];
      for (let j = k - 1; j >= 0; j--) {
        const up = items[j];
        if (b !== NONE && up.layer >= b) break;
        const hides = layers[up.layer].lowerChildrenHiddenBy(up.row);
        if (hides !== undefined) {
          b = up.layer;
          w = hides === 'opaque' ? OPAQUE : WHITEOUT;
          break;
        }
      }
      dirs.push({ layer: item.layer, row: item.row, cut: b, why: w });
    }
    this.visitChildren(dirs, merged);
    if (merged >= 0) this.end.set(merged, this.names.length);
  }

  /** Groups the children of every directory row at one path by name and merges each group. */
  private visitChildren(dirs: Item[], merged: number): void {
    if (dirs.length === 1) {
      const d = dirs[0];
      for (const child of this.layers[d.layer].tree.childIndices(d.row)) {
        this.visit([{ layer: d.layer, row: child, cut: d.cut, why: d.why }], merged);
      }
      return;
    }
    const lists = dirs.map((d) => this.layers[d.layer].tree.childIndices(d.row));
    const at = new Array<number>(dirs.length).fill(0);
    const heads = new Array<string | undefined>(dirs.length);
    for (let d = 0; d < dirs.length; d++) heads[d] = this.headName(dirs[d], lists[d], 0);
    for (;;) {
      let min: string | undefined;
      for (const h of heads) if (h !== undefined && (min === undefined || compareNames(h, min) < 0)) min = h;
      if (min === undefined) return;
      const group: Item[] = [];
      for (let d = 0; d < dirs.length; d++) {
        if (heads[d] !== min) continue;
        const dir = dirs[d];
        group.push({ layer: dir.layer, row: lists[d][at[d]], cut: dir.cut, why: dir.why });
        at[d]++;
        heads[d] = this.headName(dir, lists[d], at[d]);
      }
      this.visit(group, merged);
    }
  }

  private headName(dir: Item, list: Int32Array, at: number): string | undefined {
    return at < list.length ? this.layers[dir.layer].nameOf(list[at]) : undefined;
  }

  private addMerged(source: Item, named: Item, parent: number): number {
    const index = this.names.length;
    this.names.push(this.layers[named.layer].nameOf(named.row));
    this.layer.push(source.layer);
    this.row.push(source.row);
    this.parent.push(parent);
    this.end.push(index + 1);
    return index;
  }

  private recordHidden(item: Item, by: number, why: number): void {
    this.hiddenAt[item.layer][item.row] = this.hiddenRow.length;
    this.hiddenLayer.push(item.layer);
    this.hiddenRow.push(item.row);
    this.hiddenBy.push(by);
    this.hiddenReason.push(why);
  }
}
