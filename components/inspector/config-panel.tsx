import type { ShownState } from '@/lib/inspect/first-view-state';
import { formatBytes } from '@/lib/format';
import { describeMediaType } from '@/lib/oci/media-types';
import { DigestBadge, NotAskedFor } from './digest-badge';
import { isPending } from '@/lib/inspect/first-view-state';
import { CONFIG_ANCHOR, type LayerLink } from './links';
import { configTargets, layerTarget } from './digest-targets';
import type { DigestTarget } from './raw-json';
import { ViewLink } from './view-link';
import { Facts, Panel } from './panel';
import { AnnotationValue } from './annotations';
import { RawJson } from './raw-json';
import { CappedRows } from './capped-rows';
import { ClampedValue } from './clamped-value';
import { VisibleText } from './visible-text';

type ConfigState = NonNullable<ShownState['config']>;

const envName = (e: { name: string }) => e.name;
const labelName = ([k]: readonly [string, string]) => k;

const none = <span className="text-slate-500 dark:text-slate-400">—</span>;

function code(value: string | undefined, testId?: string) {
  return value ? (
    <span data-testid={testId} className="font-mono text-xs">
      <ClampedValue value={value} />
    </span>
  ) : (
    none
  );
}

function argv(value: string[] | undefined, testId: string) {
  return value && value.length > 0 ? code(JSON.stringify(value), testId) : none;
}

/** The image config: how a container from this image starts, and what it is made of. */
export function ConfigPanel({
  config,
  layerDigests = [],
  layerLink,
}: {
  config: ConfigState;
  /** The manifest's layer digests, in order: the diff_ids name the same layers. */
  layerDigests?: readonly string[];
  /** Where a layer named by a diff_id leads: its files; absent while none can be shown. */
  layerLink?: LayerLink;
}) {
  const { view, check, chainIds } = config;
  // A diff_id names the layer at its position only when the two lists pair one to one (config-view.ts).
  const pairsWithLayers = view.diffIdsMatchLayers && layerDigests.length === view.diffIds.length;
  const platform = [view.os, view.architecture, view.variant].filter(Boolean).join('/');
  const rejected = !isPending(check) && !check.ok && <NotAskedFor subject="config" />;
  if (view.artifactConfig !== undefined) {
    return (
      <Panel title="Config" testId="config-panel" id={CONFIG_ANCHOR} aside={<DigestBadge check={check} />}>
        {rejected}
        <p data-testid="artifact-config" className="text-sm [overflow-wrap:anywhere]">
          Not an image config: {describeMediaType(view.artifactConfig)} (<code className="font-mono text-xs"><VisibleText text={view.artifactConfig} /></code>),{' '}
          {formatBytes(new TextEncoder().encode(config.raw).length)}. This manifest is an artifact&apos;s (a signature, an SBOM, a chart): it
          has no platform, command or environment to show, and its layers no diff_ids. The config is shown as sent.
        </p>
        <RawJson text={config.raw} testId="config-raw" />
      </Panel>
    );
  }
  return (
    <Panel title="Config" testId="config-panel" id={CONFIG_ANCHOR} aside={<DigestBadge check={check} />}>
      {rejected}
      {config.problems && (
        <div role="alert" data-testid="config-problems" className="mb-3 rounded bg-red-50 p-2 text-sm text-red-900 dark:bg-red-950 dark:text-red-200">
          <p>This config breaks the OCI image spec (BAD_DOCUMENT):</p>
          <ul className="list-disc pl-5 [overflow-wrap:anywhere]">
            {config.problems.map((p) => (
              <li key={p}>
                <VisibleText text={p} />
              </li>
            ))}
          </ul>
          <p>
            It is shown as sent, with what could be read of it; its layers are verified by their digests alone. docker refuses such an image;
            check the tool that pushed it.
          </p>
        </div>
      )}
      <Facts
        rows={[
          ['Platform', code(platform, 'config-platform')],
          ['Created', code(view.created, 'config-created')],
          ['Author', code(view.author)],
          ['Entrypoint', argv(view.entrypoint, 'config-entrypoint')],
          ['Cmd', argv(view.cmd, 'config-cmd')],
          ['Working dir', code(view.workdir, 'config-workdir')],
          ['User', code(view.user, 'config-user')],
          ['Exposed ports', view.exposedPorts.length ? code(view.exposedPorts.join(', '), 'config-ports') : none],
          ['Volumes', view.volumes.length ? code(view.volumes.join(', '), 'config-volumes') : none],
          ['Stop signal', code(view.stopSignal, 'config-stop-signal')],
        ]}
      />
      <h3 className="mt-4 text-sm font-medium">Environment</h3>
      {view.env.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">none</p>
      ) : (
        <CappedRows
          rows={view.env}
          nameOf={envName}
          noun="variables"
          testId="env-table"
          renderRow={(e, i) => (
            <tr key={`${i}-${e.name}`} data-testid="env-row">
              <td className="w-px py-0.5 pr-3 align-top font-mono font-medium">
                <KeyText>{e.name}</KeyText>
              </td>
              <td className="break-all font-mono">
                <ClampedValue value={e.value} />
              </td>
            </tr>
          )}
        />
      )}
      <h3 className="mt-4 text-sm font-medium">Labels</h3>
      {view.labels.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">none</p>
      ) : (
        <CappedRows
          rows={view.labels}
          nameOf={labelName}
          noun="labels"
          testId="labels-table"
          renderRow={([k, v]) => (
            <tr key={k} data-testid="label-row">
              <td className="w-px py-0.5 pr-3 align-top font-mono font-medium">
                <KeyText>{k}</KeyText>
              </td>
              <td className="break-all font-mono">
                <ClampedValue value={v} render={(whole) => <AnnotationValue value={whole} />} />
              </td>
            </tr>
          )}
        />
      )}
      <h3 className="mt-4 text-sm font-medium">Root filesystem</h3>
      <table className="mt-1 w-full text-left text-xs" data-testid="diffids-table">
        <thead className="text-slate-500 dark:text-slate-400">
          <tr>
            <th className="py-0.5">#</th>
            <th>diff_id (uncompressed layer)</th>
            <th>chain ID</th>
          </tr>
        </thead>
        <tbody>
          {view.diffIds.map((d, i) => (
            <tr key={`${i}-${d}`} data-testid="diffid-row">
              <td className="py-0.5 align-top">{i + 1}</td>
              <td className="digest pr-2 align-top">
                <DiffIdText diffId={d} target={pairsWithLayers && layerLink ? layerTarget(layerLink, layerDigests[i], i) : undefined} />
              </td>
              <td className="digest align-top">{chainIds[i]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <RawJson text={config.raw} targetOf={configTargets(view, layerDigests, layerLink)} testId="config-raw" />
    </Panel>
  );
}

/**
 * A name column's text: on one line while it is short, wrapped past a third
 * of the table's room, so one very long key (labels may be any string) cannot
 * squeeze every value into a sliver.
 */
function KeyText({ children }: { children: string }) {
  // w-max: the column is as wide as the key up to that bound (its cell is w-px), and the value has the rest.
  return (
    <div className="w-max max-w-[min(24rem,33vw)] [overflow-wrap:anywhere]">
      <VisibleText text={children} />
    </div>
  );
}

/** A diff_id, a link to the layer it names when that is known. */
function DiffIdText({ diffId, target }: { diffId: string; target: (DigestTarget & { href: string }) | undefined }) {
  if (!target) return <>{diffId}</>;
  return (
    <ViewLink href={target.href} onClick={target.onFollow} title={target.title} data-testid="diffid-link" className="underline hover:text-emerald-700 dark:hover:text-emerald-300">
      {diffId}
    </ViewLink>
  );
}
