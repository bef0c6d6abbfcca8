/**
 * Type-ahead and "expand the siblings" of a tree, as the WAI-ARIA tree pattern has them
 * (https://www.w3.org/WAI/ARIA/apg/patterns/treeview/, keyboard interaction): typed characters move to the
 * next shown row whose name starts with them, and `*` opens every directory beside the current row. Both read
 * the rows the tree shows (a plain list, however long), never the page, which holds only a screenful of them.
 */
import type { VisibleRow } from './tree-rows';

/** Characters typed closer together than this make one prefix; a longer pause starts a new one. */
export const TYPE_AHEAD_PAUSE_MS = 500;

/**
 * The index of the row a typed `prefix` moves the cursor to from row `from`, or -1 when no row's name starts
 * with it. Case-insensitive; the search wraps around. A single character (or the same one typed again and
 * again, "sss") starts at the row after the cursor, so each press goes on to the next match; a longer prefix
 * starts at the cursor, which keeps its row while the name typed so far is still its own.
 */
export function nextRowStartingWith(rows: readonly VisibleRow[], from: number, prefix: string): number {
  if (rows.length === 0 || prefix === '') return -1;
  const lower = prefix.toLowerCase();
  const repeated = [...lower].every((c) => c === lower[0]);
  const needle = repeated ? lower[0] : lower;
  const first = repeated ? from + 1 : from;
  for (let step = 0; step < rows.length; step++) {
    const i = (((first + step) % rows.length) + rows.length) % rows.length;
    if (rows[i].row.name.toLowerCase().startsWith(needle)) return i;
  }
  return -1;
}

/** The paths of the closed directories shown beside row `at`, itself included: the children of its parent, which `*` opens. */
export function closedSiblingDirectories(rows: readonly VisibleRow[], at: number, isOpen: (path: string) => boolean): string[] {
  const here = rows[at];
  if (!here) return [];
  const depth = here.depth;
  // The siblings are the rows of this depth between the parent's row and the next row less deep; deeper rows are their open contents.
  let start = at;
  while (start > 0 && rows[start - 1].depth >= depth) start--;
  const out: string[] = [];
  for (let i = start; i < rows.length && rows[i].depth >= depth; i++) {
    const { row } = rows[i];
    if (rows[i].depth === depth && row.type === 'directory' && !row.hidden && !isOpen(row.path)) out.push(row.path);
  }
  return out;
}
