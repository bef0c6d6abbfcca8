import type { ShownState } from '@/lib/inspect/first-view-state';
import { formatBytes } from '@/lib/format';
import { Panel } from './panel';

type ConfigState = NonNullable<ShownState['config']>;

/** The build history, each step beside the layer it made (or marked as making none). */
export function HistoryPanel({ config }: { config: ConfigState }) {
  const { history, warnings } = config.view;
  return (
    <Panel title="History" testId="history-panel">
      {warnings?.map((w) => (
        <p key={w} className="mb-2 text-sm text-amber-800 dark:text-amber-300">
          {w}
        </p>
      ))}
      {history.length === 0 ? (
        <p className="text-sm text-slate-400">This image records no history.</p>
      ) : (
        <ol className="space-y-1 text-sm">
          {history.map((row) => (
            <li
              key={row.step}
              data-testid="history-row"
              data-empty={row.emptyLayer ? 'true' : 'false'}
              className={`grid grid-cols-[6rem_1fr] gap-2 rounded px-2 py-1 ${row.emptyLayer ? 'text-slate-500 dark:text-slate-400' : 'bg-slate-50 dark:bg-slate-800'}`}
            >
              <span className="text-xs" data-testid="history-layer">
                {row.emptyLayer ? (
                  'no layer'
                ) : (
                  <>
                    {/* Counts that disagree pair no step with a layer: which one it made is not known. */}
                    {row.layerIndex === undefined ? 'layer ?' : `layer ${row.layerIndex + 1}`}
                    {row.layer && <span className="block text-slate-500 dark:text-slate-400">{formatBytes(row.layer.size)}</span>}
                  </>
                )}
              </span>
              <span className="min-w-0">
                <code className="block whitespace-pre-wrap break-words font-mono text-xs" title={row.createdBy}>
                  {row.createdByShort || row.comment || '(no command recorded)'}
                </code>
                {row.created && <span className="text-xs text-slate-500 dark:text-slate-400">{row.created}</span>}
              </span>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
