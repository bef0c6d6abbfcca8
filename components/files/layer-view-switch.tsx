'use client';

import { usePendingValue } from './use-pending-value';

/**
 * Above a layer's tree: its own entries (its tar, whiteouts as deletions) or
 * the whole filesystem as of it, layers 1 … N applied, each entry marked by
 * what layer N did to it, as dive's layer view shows it.
 */
export function LayerViewSwitch({ layerNumber, asOf: fromAddress, onChange }: { layerNumber: number; asOf: boolean; onChange: (asOf: boolean) => void }) {
  const [asOf, setAsOf] = usePendingValue(fromAddress);
  const choose = (value: boolean) => {
    setAsOf(value);
    onChange(value);
  };
  const option = (value: boolean, label: string) => (
    <label className={`flex cursor-pointer items-center gap-1 rounded px-2 py-0.5 ${asOf === value ? 'bg-sky-100 dark:bg-sky-900' : ''}`}>
      <input type="radio" name={`layer-view-${layerNumber}`} checked={asOf === value} onChange={() => choose(value)} />
      <span>{label}</span>
    </label>
  );
  return (
    <div role="radiogroup" aria-label="Layer's files" data-testid="layer-view-switch" className="mb-2 flex flex-wrap items-center gap-1 text-sm">
      {option(false, `Layer ${layerNumber}'s entries`)}
      {option(true, `Filesystem as of layer ${layerNumber}`)}
    </div>
  );
}
