import type { ShownState } from '@/lib/inspect/first-view-state';
import { formatBytes } from '@/lib/format';
import { Panel } from './panel';
import { layerTarget } from './digest-targets';
import type { LayerLink } from './links';
import { ViewLink } from './view-link';
import { ClampedValue } from './clamped-value';
import { VisibleText } from './visible-text';
import { visibleText } from '@/lib/visible-text';

type ConfigState = NonNullable<ShownState['config']>;

/**
 * The build history, each step beside the layer it made (or marked as making none). A step's layer leads to
 * that layer, as oci.dag.dev links every object it names: the layer chosen (its card marked, its Files tab open).
 */
export function HistoryPanel({ config, layerLink }: { config: ConfigState; layerLink?: LayerLink }) {
  const { history, warnings } = config.view;
  return (
    <Panel title="History" testId="history-panel">
      {warnings?.map((w) => (
        <p key={w} className="mb-2 text-sm text-amber-800 dark:text-amber-300">
          <VisibleText text={w} />
        </p>
      ))}
      {history.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">This image records no history.</p>
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
                  // empty_layer: the step changed the config alone.
                  <span title="This step changed only the config (empty_layer): it made no layer">no layer</span>
                ) : (
                  <>
                    {/* Counts that disagree pair no step with a layer: which one it made is not known. */}
                    {row.layerIndex === undefined ? 'layer ?' : <StepLayer number={row.layerIndex} digest={row.layer?.digest} layerLink={layerLink} />}
                    {row.layer && <span className="block text-slate-500 dark:text-slate-400">{formatBytes(row.layer.size)}</span>}
                  </>
                )}
              </span>
              <span className="min-w-0">
                <code className="block whitespace-pre-wrap break-words font-mono text-xs" title={row.createdBy && visibleText(row.createdBy, { multiline: true })}>
                  <ClampedValue value={row.createdByShort || row.comment || '(no command recorded)'} multiline />
                </code>
                {row.created && (
                  <span className="text-xs text-slate-500 dark:text-slate-400">
                    <VisibleText text={row.created} />
                  </span>
                )}
              </span>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}

/** The layer a step made: a link to it where it can be shown, its number alone otherwise (its descriptor unpaired, a rejected config). */
function StepLayer({ number, digest, layerLink }: { number: number; digest: string | undefined; layerLink: LayerLink | undefined }) {
  if (digest === undefined || layerLink === undefined) return <>{`layer ${number + 1}`}</>;
  const target = layerTarget(layerLink, digest, number);
  return (
    <ViewLink href={target.href} onClick={target.onFollow} title={target.title} data-testid="history-layer-link" className="text-sky-700 underline hover:text-sky-600 dark:text-sky-400">
      layer {number + 1}
    </ViewLink>
  );
}
