import { ALL_CHANGES, changeKinds, changeMask, parseChangeKind, type ChangeKind, type ChangeMask } from '@/lib/fs/change-kind';

/**
 * How the view URL names a layer's as-of view: `&tree=as-of` shows the
 * filesystem as of the layer instead of its own entries, and
 * `&changes=added,removed` the kinds of change shown (absent: all of them;
 * empty: none). A link then reopens the view with the same filters.
 */

/** The `tree` parameter's value for the filesystem as of a layer. */
export const AS_OF_TREE = 'as-of';

/** The kinds of change a `changes` parameter shows, in any case; words it does not know are left out. */
export function parseChangesParam(value: string | null | undefined): ChangeMask {
  if (value === null || value === undefined) return ALL_CHANGES;
  return changeMask(value.split(',').flatMap((word) => parseChangeKind(word.trim().toLowerCase()) ?? []));
}

/** The one form of a `changes` parameter (`Added,bogus` is `added`; every kind, no parameter), as the address should show it. */
export function canonicalChangesParam(value: string | undefined): string | undefined {
  return value === undefined ? undefined : changesParam(parseChangesParam(value));
}

/** The `changes` parameter of a mask, or undefined when it shows every kind (the parameter is left out). */
export function changesParam(mask: ChangeMask): string | undefined {
  return mask === ALL_CHANGES ? undefined : changeKinds(mask).join(',');
}

/** The kinds a mask shows, as a list for the filter's boxes. */
export function shownKinds(mask: ChangeMask): ReadonlySet<ChangeKind> {
  return new Set(changeKinds(mask));
}
