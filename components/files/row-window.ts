/**
 * The arithmetic of a windowed list of fixed-height rows: which rows a
 * scroll position shows, and where to scroll to bring one into view. A
 * layer can hold a million entries; the page holds only the rows in sight.
 */

/** The rows [start, end) that `scrollTop` and `viewHeight` show, `overscan` more on each side, of `count` rows `rowHeight` px tall. */
export function visibleRange(scrollTop: number, viewHeight: number, rowHeight: number, count: number, overscan: number): { start: number; end: number } {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewHeight)) / rowHeight);
  return { start: Math.max(0, Math.min(count, first - overscan)), end: Math.max(0, Math.min(count, last + overscan)) };
}

/** The scrollTop that brings row `index` fully into a view of `viewHeight` px, moving as little as possible, or undefined when it is already in view. */
export function scrollToReveal(index: number, scrollTop: number, viewHeight: number, rowHeight: number): number | undefined {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewHeight) return Math.max(0, bottom - viewHeight);
  return undefined;
}
