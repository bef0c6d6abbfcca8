/** Maps (annotations, labels) as key-sorted pairs, so views render in a stable order. */

/** A string map's entries sorted by key (code-unit order, as `sort` of Go and jq do). */
export function sortedEntries(map: Record<string, string> | null | undefined): [string, string][] {
  return Object.entries(map ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
