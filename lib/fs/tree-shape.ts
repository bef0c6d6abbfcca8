/**
 * The shape of a file tree stored as columns. Nodes are numbered in
 * depth-first preorder with each directory's children sorted by name, so
 * node 0 is the root, a subtree is the contiguous range [i, end[i]), a walk
 * is a loop, and a directory's children are a sorted slice that lookups
 * binary-search.
 *
 * Names compare by UTF-16 code unit, which orders ASCII names as `LC_ALL=C
 * ls` does.
 */
import { joinPath, pathComponents } from './path';

/** Orders two names the way every tree in lib/fs sorts children. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Navigation over a preorder-numbered tree: lookup by path, children, paths, walks. */
export class PreorderTree {
  /** Number of nodes, the root included. */
  readonly size: number;
  private readonly childStart: Int32Array;
  private readonly childList: Int32Array;

  constructor(
    /** Parent of each node; -1 for the root. */
    readonly parent: Int32Array,
    /** Exclusive end of each node's subtree. */
    readonly end: Int32Array,
    private readonly nameOf: (index: number) => string,
  ) {
    this.size = parent.length;
    // Children appear in ascending (= name) order in preorder, so one counting pass lays them out.
    const start = new Int32Array(this.size + 1);
    for (let i = 1; i < this.size; i++) start[parent[i] + 1]++;
    for (let i = 0; i < this.size; i++) start[i + 1] += start[i];
    const cursor = start.slice(0, this.size);
    const list = new Int32Array(Math.max(0, this.size - 1));
    for (let i = 1; i < this.size; i++) list[cursor[parent[i]]++] = i;
    this.childStart = start;
    this.childList = list;
  }

  /** Name of a node ("" for the root). */
  name(index: number): string {
    return index === 0 ? '' : this.nameOf(index);
  }

  /** Child node numbers of a node, sorted by name. */
  childIndices(index: number): Int32Array {
    return this.childList.subarray(this.childStart[index], this.childStart[index + 1]);
  }

  /** The child of `index` called `name`, or -1. */
  childByName(index: number, name: string): number {
    let lo = this.childStart[index];
    let hi = this.childStart[index + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareNames(this.nameOf(this.childList[mid]), name);
      if (c === 0) return this.childList[mid];
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Node number of an absolute path ("/" is 0), or -1. */
  indexOf(path: string): number {
    let node = 0;
    for (const component of pathComponents(path)) {
      node = this.childByName(node, component);
      if (node < 0) return -1;
    }
    return node;
  }

  /** Canonical absolute path of a node. */
  pathOf(index: number): string {
    if (index === 0) return '/';
    const names: string[] = [];
    for (let i = index; i > 0; i = this.parent[i]) names.push(this.nameOf(i));
    return `/${names.reverse().join('/')}`;
  }

  /** [node, path] for the subtree of `from` (itself first), depth-first, children by name. */
  *paths(from = 0): Generator<[number, string]> {
    const stackNode: number[] = [];
    const stackPath: string[] = [];
    const last = this.end[from];
    for (let i = from; i < last; i++) {
      while (stackNode.length > 0 && this.end[stackNode[stackNode.length - 1]] <= i) {
        stackNode.pop();
        stackPath.pop();
      }
      const path = i === from ? this.pathOf(from) : joinPath(stackPath[stackPath.length - 1], this.nameOf(i));
      if (this.end[i] > i + 1) {
        stackNode.push(i);
        stackPath.push(path);
      }
      yield [i, path];
    }
  }

  /** Nodes below the root whose path contains `needle`, in walk order. */
  *matching(needle: string, options: FilterOptions = {}): Generator<number> {
    const matches = pathFilter(needle, options);
    for (const [i, path] of this.paths(0)) {
      if (i === 0) continue;
      if (matches(path)) yield i;
    }
  }
}

/** Options of the substring filter over a tree's paths. */
export interface FilterOptions {
  ignoreCase?: boolean;
  /** Stop after this many matches. */
  limit?: number;
}

/** The substring test of a filter: true for a path that contains `needle` (in any case, with ignoreCase). */
export function pathFilter(needle: string, options: FilterOptions = {}): (path: string) => boolean {
  const fold = options.ignoreCase === true;
  const want = fold ? needle.toLowerCase() : needle;
  return (path) => (fold ? path.toLowerCase() : path).includes(want);
}

/** Sums each node's own size over its subtree (a directory's total is its files' sizes). */
export function subtreeTotals(parent: Int32Array, own: Float64Array): Float64Array {
  const total = own.slice();
  for (let i = total.length - 1; i > 0; i--) total[parent[i]] += total[i];
  return total;
}
