import type { TreeRow, TreeSource } from './tree-source';

/** How the tree orders the entries of a directory, or the matches of a filter. */
export type TreeSort = 'name' | 'size';

/** One line of the tree as shown: the entry, where it sits among its siblings, and the size it is sorted by. */
export interface VisibleRow {
  row: TreeRow;
  /** 0 for an entry of the root (and for every match of a filter, which are listed flat). */
  depth: number;
  /** Bytes at or under it: a directory's total, a file's (or a hard link's target's) own. */
  size: number;
  /** Its siblings shown, itself included, and its 1-based place among them (aria-setsize, aria-posinset). */
  setSize: number;
  position: number;
}

/** The rows of a filter: what matched, and whether there was more than `limit` to list. */
export interface TreeRows {
  rows: VisibleRow[];
  /** More entries matched the filter than the rows list. */
  moreMatches: boolean;
}

/** The tree's rows: every open directory's children, walked depth-first, or the flat list of paths a filter matches; each list sorted by `sort`. */
export function treeRows(
  source: TreeSource,
  options: { filter: string; sort: TreeSort; showHidden: boolean; expanded: ReadonlySet<string>; matchLimit: number },
): TreeRows {
  const { sort, showHidden, expanded, matchLimit } = options;
  const needle = options.filter.trim();
  const sized = (row: TreeRow, depth: number) => ({ row, depth, size: sizeOf(source, row), setSize: 0, position: 0 });
  if (needle) {
    const found = source.filter(needle, matchLimit + 1, showHidden);
    const moreMatches = found.length > matchLimit;
    // Matches come in walk order, which is the name order a path list reads best in; a size sort reorders them as it does a directory.
    const rows = found.slice(0, matchLimit).map((row) => sized(row, 0));
    return { rows: placed(sort === 'size' ? rows.sort(bySize) : rows), moreMatches };
  }
  const out: VisibleRow[] = [];
  const visit = (path: string, depth: number) => {
    const children = source.children(path, showHidden).map((row) => sized(row, depth));
    for (const child of placed(children.sort(sort === 'size' ? bySize : byName))) {
      out.push(child);
      if (child.row.type === 'directory' && !child.row.hidden && expanded.has(child.row.path)) visit(child.row.path, depth + 1);
    }
  };
  visit('/', 0);
  return { rows: out, moreMatches: false };
}

// Largest first, as `du | sort -rn` does; equal sizes keep the order they came in (by name, or walk order for matches).
function bySize(a: VisibleRow, b: VisibleRow): number {
  return b.size - a.size;
}

function byName(a: VisibleRow, b: VisibleRow): number {
  const x = a.row.name;
  const y = b.row.name;
  return x < y ? -1 : x > y ? 1 : 0;
}

function placed(rows: VisibleRow[]): VisibleRow[] {
  rows.forEach((r, i) => {
    r.setSize = rows.length;
    r.position = i + 1;
  });
  return rows;
}

function sizeOf(source: TreeSource, row: TreeRow): number {
  if (row.type === 'directory' && !row.hidden) return source.totalSize(row.path);
  // A hard link's tar entry holds no bytes; it shares its target's, as `ls -l` shows them. Not added to directories: counted once, at the target.
  if (row.type === 'hardlink') return row.linked?.size ?? 0;
  return row.type === 'file' ? row.size : 0;
}
