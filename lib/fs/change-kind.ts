/**
 * What a layer did to one entry of the filesystem as of that layer, as
 * dive's layer view marks it: written where nothing was (added), written
 * over an entry of the layers below (modified), deleted or hidden (removed),
 * or left as the layers below made it (unchanged).
 */

/** What layer N did to an entry of the filesystem as of N. */
export type ChangeKind = 'added' | 'modified' | 'removed' | 'unchanged';

/** Every change kind, in the order views list them. */
export const CHANGE_KINDS: readonly ChangeKind[] = ['added', 'modified', 'removed', 'unchanged'];

/** A set of change kinds as bits: one per kind, in CHANGE_KINDS order. */
export type ChangeMask = number;

/** Every kind at once: the mask of a view that filters nothing out. */
export const ALL_CHANGES: ChangeMask = (1 << CHANGE_KINDS.length) - 1;

/** The bit of one kind. */
export function changeBit(kind: ChangeKind): ChangeMask {
  return 1 << CHANGE_KINDS.indexOf(kind);
}

/** The mask of a list of kinds. */
export function changeMask(kinds: Iterable<ChangeKind>): ChangeMask {
  let mask = 0;
  for (const kind of kinds) mask |= changeBit(kind);
  return mask;
}

/** The kinds of a mask, in CHANGE_KINDS order. */
export function changeKinds(mask: ChangeMask): ChangeKind[] {
  return CHANGE_KINDS.filter((kind) => (mask & changeBit(kind)) !== 0);
}

/** The kind a word names ("added", …), or undefined for any other word. */
export function parseChangeKind(word: string): ChangeKind | undefined {
  return (CHANGE_KINDS as readonly string[]).includes(word) ? (word as ChangeKind) : undefined;
}
