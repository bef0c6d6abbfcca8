/**
 * The filesystem as of one layer (layers 0 … N applied), as dive's layer
 * view shows it: every entry, each marked by what layer N did to it, with
 * the entries N removed kept in place and marked removed.
 *
 * Computed from the layer indexes one directory at a time, when a view asks
 * for it, never as a merged tree of its own: listing a directory costs its
 * children's names across layers 0 … N. The semantics are entryAsOf's
 * (image-spec layer.md, "Applying Changesets", "Whiteouts"): the highest
 * layer that lists a path wins unless a layer between deleted or hid it.
 * An entry that layer N replaced with one of the other shape (a directory
 * with a file, a file with a directory) is listed removed beside the new
 * one, so the entries a directory held can still be opened.
 */
import { ALL_CHANGES, changeBit, type ChangeKind, type ChangeMask } from './change-kind';
import { entryAsOf, hidesLower, type LayerRow } from './entry-as-of';
import { linkedFile } from './hardlink';
import type { LayerIndex } from './layer-index';
import { joinPath, parentPath } from './path';
import { resolvedPath, resolveSymlinkIn, type SymlinkResolution } from './symlink';
import { compareNames } from './tree-shape';

/** How layer N removed a lower entry: its whiteout (of it or an ancestor), an opaque directory above it, or a non-directory written over an ancestor. */
export type RemovedBy = 'whiteout' | 'opaque' | 'replaced';

/** One entry of the filesystem as of layer N, or one that N removed. */
export interface AsOfEntry extends LayerRow {
  path: string;
  name: string;
  /** What layer N did to it. The row shown is the entry as of N, or, for a removed one, as of N - 1. */
  change: ChangeKind;
  /** For a removed entry: by what means. */
  removedBy?: RemovedBy;
  /**
   * For an entry replaced by one of the other shape, listed beside its
   * replacement at the same path: true, so a view can tell the two apart.
   */
  replacedHere?: boolean;
}

/** Entries of the view by change, and the bytes of regular files at or under each directory. */
export interface AsOfSummary {
  counts: Record<ChangeKind, number>;
  /** Directory path to its files' bytes: as of N, or for a removed directory, what it held as of N - 1. */
  totals: Map<string, number>;
}

const REMOVED = changeBit('removed');
const UNCHANGED = changeBit('unchanged');

/** The filesystem as of layer `layer` of `layers` (base first), marked by what that layer changed. */
export class LayerAsOf {
  private readonly top: LayerIndex;
  private masks?: Uint8Array;
  private summaryCache?: AsOfSummary;

  constructor(
    /** The image's layers, base first; those above `layer` are ignored. */
    readonly layers: readonly LayerIndex[],
    /** N: the layer the view is as of, and whose changes it marks. */
    readonly layer: number,
  ) {
    this.top = layers[layer];
  }

  /** The entry at a canonical path, as of N or removed by N; undefined when neither N nor N - 1 had one. */
  entryAt(path: string): AsOfEntry | undefined {
    if (path === '/') return { path, name: '', layer: this.layer, row: 0, change: this.layer === 0 ? 'added' : 'unchanged' };
    const now = entryAsOf(this.layers, this.layer, path);
    const before = this.layer > 0 ? entryAsOf(this.layers, this.layer - 1, path) : undefined;
    return this.classify(path, path.slice(path.lastIndexOf('/') + 1), now, before);
  }

  /** The entry layer N replaced at `path` with one of the other shape (listed beside its replacement), or undefined. */
  replacedAt(path: string): AsOfEntry | undefined {
    if (path === '/' || this.layer === 0) return undefined;
    const before = entryAsOf(this.layers, this.layer - 1, path);
    const entry = this.classify(path, path.slice(path.lastIndexOf('/') + 1), entryAsOf(this.layers, this.layer, path), before);
    return entry && this.replacedBeside(entry, before);
  }

  /** What a directory holds as of N, and what N removed from it, by name. */
  children(path: string): AsOfEntry[] {
    const n = this.layer;
    // Per layer: whether it hides the lower layers' children of `path`, and its directory there (or -1).
    const cut = new Array<boolean>(n + 1);
    const dirs = new Int32Array(n + 1).fill(-1);
    let holders = 0;
    for (let l = 0; l <= n; l++) {
      const index = this.layers[l];
      const row = index.indexOf(path);
      cut[l] = hidesLower(index, path) || (row >= 0 && (!index.isDirectory(row) || index.lowerChildrenHiddenBy(row) !== undefined));
      if (row >= 0 && index.isDirectory(row)) {
        dirs[l] = row;
        holders++;
      }
    }
    if (holders === 1) return this.childrenOfOne(path, dirs.findIndex((row) => row >= 0), dirs, cut);
    // Per name: its row in each layer, or -1.
    const byName = new Map<string, Int32Array>();
    for (let l = 0; l <= n; l++) {
      const index = this.layers[l];
      const row = dirs[l];
      if (row < 0) continue;
      for (const child of index.tree.childIndices(row)) {
        const name = index.nameOf(child);
        let rows = byName.get(name);
        if (rows === undefined) byName.set(name, (rows = new Int32Array(n + 1).fill(-1)));
        rows[l] = child;
      }
    }
    // The same walk down the layers as entryAsOf, with the directory's part of it done once above.
    const resolve = (rows: Int32Array, top: number): LayerRow | undefined => {
      for (let l = top; l >= 0; l--) {
        const row = rows[l];
        if (row >= 0) return this.layers[l].isWhiteout(row) ? undefined : { layer: l, row };
        if (cut[l]) return undefined;
      }
      return undefined;
    };
    const out: AsOfEntry[] = [];
    for (const [name, rows] of byName) {
      const before = resolve(rows, n - 1);
      const entry = this.classify(joinPath(path, name), name, resolve(rows, n), before);
      if (entry === undefined) continue;
      out.push(entry);
      const replaced = this.replacedBeside(entry, before);
      if (replaced) out.push(replaced);
    }
    // By name; a replaced entry after what replaced it (the sort is stable).
    return out.sort((a, b) => compareNames(a.name, b.name));
  }

  /**
   * children() when one layer alone has a directory at `path`, the common
   * case (a directory a single build step wrote): its children are already
   * sorted, and each one's fate is that of the whole layer's listing there.
   */
  private childrenOfOne(path: string, holder: number, dirs: Int32Array, cut: readonly boolean[]): AsOfEntry[] {
    // Hidden as of `top` when a layer above the holder, up to `top`, hides its children here (the holder's own cut hides only lower ones).
    const hiddenAsOf = (top: number) => {
      if (top < holder) return true;
      for (let l = holder + 1; l <= top; l++) if (cut[l]) return true;
      return false;
    };
    const goneNow = hiddenAsOf(this.layer);
    const goneBefore = hiddenAsOf(this.layer - 1);
    const index = this.layers[holder];
    const out: AsOfEntry[] = [];
    for (const row of index.tree.childIndices(dirs[holder])) {
      if (index.isWhiteout(row)) continue;
      const at = { layer: holder, row };
      const name = index.nameOf(row);
      const entry = this.classify(joinPath(path, name), name, goneNow ? undefined : at, goneBefore ? undefined : at);
      if (entry !== undefined) out.push(entry);
    }
    return out;
  }

  /** The kinds of change at or under an entry's path (a removed entry's: under itself); a directory is worth showing under a change filter when one of them is shown. */
  changesUnder(entry: AsOfEntry): ChangeMask {
    if (entry.change === 'removed') return REMOVED;
    const row = this.top.indexOf(entry.path);
    // Every change of layer N is at or under a path it lists: elsewhere, all is as the layers below left it.
    if (row < 0 || this.top.isWhiteout(row)) return UNCHANGED;
    return this.changeMasks()[row];
  }

  /** Entries depth-first, children by name, removed ones included: those whose change is in `shown`, under directories holding one. */
  *walk(shown: ChangeMask, from = '/'): Generator<AsOfEntry> {
    for (const child of this.children(from)) {
      if ((changeBit(child.change) & shown) !== 0) yield child;
      if (this.isDirectory(child) && (shown === ALL_CHANGES || (this.changesUnder(child) & shown) !== 0)) yield* this.walk(shown, child.path);
    }
  }

  /** True when the row shown for an entry is a directory. */
  isDirectory(entry: LayerRow): boolean {
    return this.layers[entry.layer].isDirectory(entry.row);
  }

  /** Counts by change and directory totals, from one walk of the whole view, made on first use. */
  summary(): AsOfSummary {
    if (this.summaryCache) return this.summaryCache;
    const counts: Record<ChangeKind, number> = { added: 0, modified: 0, removed: 0, unchanged: 0 };
    const totals = new Map<string, number>();
    // Files reached only through hard links, their own path now another entry or none: counted once, at the first link.
    const orphans = new Set<string>();
    const visit = (path: string, removed: boolean): number => {
      let total = 0;
      for (const child of this.children(path)) {
        counts[child.change]++;
        const index = this.layers[child.layer];
        const gone = child.change === 'removed';
        const bytes = index.isDirectory(child.row)
          ? visit(child.path, gone)
          : index.isRegularFile(child.row)
            ? index.sizeOf(child.row)
            : index.typeOf(child.row) === 'hardlink' && !gone
              ? this.orphanBytes(child, orphans)
              : 0;
        // A removed directory's total is what it held; a kept one's is what it holds now.
        if (!gone || removed) total += bytes;
      }
      totals.set(path, total);
      return total;
    };
    visit('/', false);
    return (this.summaryCache = { counts, totals });
  }

  /**
   * The bytes a kept hard link holds alone: those of the file it shares
   * when that file is no longer at its own path as of N (removed, or
   * written over), so no other entry counts them; each such file once.
   */
  private orphanBytes(link: AsOfEntry, counted: Set<string>): number {
    const index = this.layers[link.layer];
    const file = linkedFile(this.layers, link.layer, index.linkpathOf(link.row) ?? '');
    if (file === undefined) return 0;
    const holder = this.layers[file.layer];
    const there = entryAsOf(this.layers, this.layer, holder.tree.pathOf(file.row));
    const key = `${file.layer}:${file.row}`;
    if ((there?.layer === file.layer && there.row === file.row) || counted.has(key)) return 0;
    counted.add(key);
    return holder.sizeOf(file.row);
  }

  /** Follows symlinks through the filesystem as of N (removed entries are not there), chroot semantics. */
  followSymlinks(path: string, maxHops = 40): SymlinkResolution {
    // Nodes are numbered as resolution reaches them: the view has no node numbers of its own.
    const paths = ['/'];
    const entries: Array<AsOfEntry | undefined> = [this.entryAt('/')];
    return resolveSymlinkIn(
      {
        childByName: (i, name) => {
          const entry = this.entryAt(joinPath(paths[i], name));
          if (entry === undefined || entry.change === 'removed') return -1;
          paths.push(entry.path);
          entries.push(entry);
          return paths.length - 1;
        },
        isDirectory: (i) => entries[i] !== undefined && this.isDirectory(entries[i]),
        symlinkTarget: (i) => {
          const e = entries[i];
          const index = e && this.layers[e.layer];
          return index && index.typeOf(e.row) === 'symlink' ? (index.linkpathOf(e.row) ?? '') : undefined;
        },
        pathOf: (i) => paths[i],
      },
      path,
      maxHops,
    );
  }

  /** Where a symlink chain from `path` ends as of N, or undefined. */
  resolveSymlink(path: string, maxHops = 40): string | undefined {
    return resolvedPath(this.followSymlinks(path, maxHops));
  }

  /**
   * An entry replaced by one of the other shape (a directory by a file, a link by a directory) is listed too,
   * removed: it is gone, not edited, and what a directory held stays within reach under it.
   */
  private replacedBeside(entry: AsOfEntry, before: LayerRow | undefined): AsOfEntry | undefined {
    if (entry.change !== 'modified' || before === undefined || this.isDirectory(before) === this.isDirectory(entry)) return undefined;
    return { path: entry.path, name: entry.name, ...before, change: 'removed', removedBy: 'replaced', replacedHere: true };
  }

  private classify(path: string, name: string, now: LayerRow | undefined, before: LayerRow | undefined): AsOfEntry | undefined {
    if (now !== undefined) {
      if (before === undefined) return { path, name, ...now, change: 'added' };
      if (now.layer < this.layer) return { path, name, ...now, change: 'unchanged' };
      // A directory layer N only implies (it lists something inside) keeps the header of the one below, unless N hid that one.
      const index = this.layers[now.layer];
      if (index.isImplicit(now.row) && index.isDirectory(now.row) && this.isDirectory(before) && !hidesLower(index, path)) {
        return { path, name, ...before, change: 'unchanged' };
      }
      return { path, name, ...now, change: 'modified' };
    }
    if (before !== undefined) return { path, name, ...before, change: 'removed', removedBy: removedBy(this.top, path) };
    return undefined;
  }

  /**
   * Per row of layer N: the kinds of change at or under its path, made on
   * first use from the listings of the directories N has rows for (every
   * change of N is at or under one), never from a walk of the whole view.
   */
  private changeMasks(): Uint8Array {
    if (this.masks) return this.masks;
    const top = this.top;
    const masks = new Uint8Array(top.size);
    const visit = (row: number, path: string): ChangeMask => {
      let mask = 0;
      for (const child of this.children(path)) {
        const at = top.tree.childByName(row, child.name);
        let bits = changeBit(child.change);
        // What N did not touch is unchanged all the way down, and what it removed is removed all the way down.
        if (at >= 0 && child.change !== 'removed' && top.isDirectory(at)) bits |= visit(at, child.path);
        // A replaced entry listed beside its replacement shares its path, and so its row.
        if (at >= 0) masks[at] |= bits;
        mask |= bits;
      }
      return mask;
    };
    masks[0] = visit(0, '/');
    return (this.masks = masks);
  }
}

/** How layer `index` removes the lower entry at `path`: the nearest of its whiteouts, opaque directories or non-directories on the way. */
function removedBy(index: LayerIndex, path: string): RemovedBy {
  for (let p = path; ; p = parentPath(p)) {
    const row = index.indexOf(p);
    if (row >= 0) {
      if (index.deletesLower(row)) return 'whiteout';
      if (p !== path) {
        if (!index.isDirectory(row)) return 'replaced';
        const hidden = index.lowerChildrenHiddenBy(row);
        if (hidden !== undefined) return hidden;
      }
    }
    if (p === '/') return 'replaced';
  }
}
