'use client';

import { CHANGE_KINDS, changeBit, type ChangeKind, type ChangeMask } from '@/lib/fs/change-kind';
import { usePendingValue } from './use-pending-value';

const LABEL: Record<ChangeKind, string> = { added: '+ Added', modified: '~ Modified', removed: '− Removed', unchanged: 'Unchanged' };

/**
 * The change filter of the filesystem as of a layer: one box per kind of
 * change, with how many entries (directories included) have it. The boxes
 * combine with the name filter and the sort; directories leading to an
 * entry shown stay, so the tree can still be opened down to it.
 */
export function ChangeFilter({ shown: fromAddress, counts, onChange }: { shown: ChangeMask; counts?: Record<ChangeKind, number>; onChange: (shown: ChangeMask) => void }) {
  const [shown, setShown] = usePendingValue(fromAddress);
  const choose = (next: ChangeMask) => {
    setShown(next);
    onChange(next);
  };
  return (
    <fieldset data-testid="change-filter" className="mb-2 flex flex-wrap items-center gap-3 text-sm">
      <legend className="sr-only">Show entries</legend>
      <span aria-hidden="true" className="text-slate-500 dark:text-slate-400">
        Show
      </span>
      {CHANGE_KINDS.map((kind) => (
        <label key={kind} className="flex items-center gap-1">
          <input type="checkbox" checked={(shown & changeBit(kind)) !== 0} onChange={(e) => choose(e.target.checked ? shown | changeBit(kind) : shown & ~changeBit(kind))} />
          <span>{LABEL[kind]}</span>
          <span data-testid={`change-count-${kind}`} className="text-xs text-slate-500 dark:text-slate-400">
            {counts ? counts[kind].toLocaleString('en-US') : '…'}
          </span>
        </label>
      ))}
      {/* The summary above counts files and links only; these count every row the tree can show. */}
      <span className="text-xs text-slate-500 dark:text-slate-400">(entries, directories included)</span>
    </fieldset>
  );
}
