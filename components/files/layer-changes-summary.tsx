'use client';

import type { ChangeCount, LayerChanges } from '@/lib/fs/layer-changes';
import { formatBytes } from '@/lib/format';

const part = (count: ChangeCount, word: string) => `${count.entries.toLocaleString('en-US')} ${word}${count.bytes > 0 ? ` (${formatBytes(count.bytes)})` : ''}`;

/** Above a layer's tree: what it adds, writes over and removes of the layers below, as the merge counted it. */
export function LayerChangesSummary({ layerNumber, changes }: { layerNumber: number; changes: LayerChanges }) {
  const { added, changed, removed } = changes;
  return (
    <p data-testid="layer-changes" className="mb-3 text-xs text-slate-600 dark:text-slate-400">
      {layerNumber === 1 ? 'The base layer: ' : `Against the layers below, layer ${layerNumber}: `}
      <span data-testid="layer-changes-added">{part(added, 'added')}</span>
      {layerNumber > 1 && (
        <>
          , <span data-testid="layer-changes-changed">{part(changed, 'changed')}</span>,{' '}
          <span data-testid="layer-changes-removed">{part(removed, 'removed')}</span>
        </>
      )}{' '}
      <span className="text-slate-500 dark:text-slate-400">(files, links and other entries; directories aside)</span>.
    </p>
  );
}
