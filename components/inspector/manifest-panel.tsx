import { isPending, type ShownState } from '@/lib/inspect/first-view-state';
import type { ReactNode } from 'react';
import type { Reference } from '@/lib/reference';
import { formatBytes } from '@/lib/format';
import { MediaType } from '@/lib/oci/media-types';
import { DigestBadge, NotAskedFor } from './digest-badge';
import { ViewLink } from './view-link';
import { digestLinker } from './links';
import { Facts, Panel } from './panel';
import { Annotations } from './annotations';
import { RawJson } from './raw-json';
import { manifestTargets, type DigestLinker } from './digest-targets';
import type { LayerLink } from './links';
import { VisibleText } from './visible-text';

type ManifestState = NonNullable<ShownState['manifest']>;

/** A manifest: the media type the registry answered with, its config descriptor and every layer. */
export function ManifestPanel({
  manifest,
  reference,
  platform,
  linkDigest,
  layerLink,
}: {
  manifest: ManifestState;
  reference: Reference;
  /** The platform the view's URL names, kept by the links to a layer. */
  platform?: string;
  linkDigest?: DigestLinker;
  /** Where a layer named in the raw manifest leads: its files; absent while none can be shown. */
  layerLink?: LayerLink;
}) {
  const { view, check, warnings } = manifest;
  // A local archive passes its own linker: its digests lead nowhere on a registry.
  const link = linkDigest ?? digestLinker(reference, platform);
  const configHref = view.config ? link(view.config.digest, view.config.mediaType) : undefined;
  // What this manifest is about (an artifact's subject): a manifest of this repository, opened as its own view.
  const subjectHref = view.subject ? link(view.subject.digest, view.subject.mediaType) : undefined;
  return (
    <Panel title="Manifest" testId="manifest-panel" aside={<DigestBadge check={check} />}>
      <p className="text-sm">
        <span data-testid="manifest-media-type">{view.mediaTypeWords}</span>{' '}
        <span className="break-all font-mono text-xs text-slate-500 dark:text-slate-400"><VisibleText text={view.mediaType} /></span>
      </p>
      <p className="digest mt-1" data-testid="manifest-digest">
        {view.digest}
      </p>
      {!isPending(check) && !check.ok && <NotAskedFor subject="manifest" />}
      {view.notice && (
        <p role="alert" className="mt-2 rounded bg-amber-50 p-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200" data-testid="manifest-notice">
          {view.notice}
        </p>
      )}
      {warnings.map((w) => (
        <p key={w} className="mt-2 text-sm text-amber-800 dark:text-amber-300">
          {w}
        </p>
      ))}
      {view.config && (
        <div className="mt-3">
          <Facts
            rows={[
              [
                'Config',
                configHref ? (
                  <ViewLink key="c" href={configHref} className="digest underline">
                    {view.config.digest}
                  </ViewLink>
                ) : (
                  <span key="c" className="digest">
                    {view.config.digest}
                  </span>
                ),
              ],
              ['Config type', <span key="t" className="break-all font-mono text-xs">{view.config.mediaType}</span>],
              ...(view.artifactType !== undefined
                ? ([['Artifact type', <span key="a" data-testid="manifest-artifact-type" className="break-all font-mono text-xs"><VisibleText text={view.artifactType} /></span>]] as Array<[string, ReactNode]>)
                : []),
              ...(view.subject
                ? ([
                    [
                      'Subject',
                      <span key="s" className="[overflow-wrap:anywhere]">
                        {view.subject.mediaTypeWords}{' '}
                        {subjectHref ? (
                          <ViewLink href={subjectHref} data-testid="manifest-subject" className="digest text-sky-700 hover:underline dark:text-sky-400">
                            {view.subject.digest}
                          </ViewLink>
                        ) : (
                          <span className="digest">{view.subject.digest}</span>
                        )}
                      </span>,
                    ],
                  ] as Array<[string, ReactNode]>)
                : []),
              ['Layers', <span key="l" data-testid="layer-count">{view.layers.length}</span>],
              ['Total size', view.totalSize === undefined ? 'unknown' : <span key="s">{formatBytes(view.totalSize)} ({view.totalSize.toLocaleString('en-US')} bytes)</span>],
            ]}
          />
          {/* The config descriptor's own annotations, as oci.dag.dev shows a descriptor's: not the config's labels. */}
          {view.config.annotations && <Annotations entries={view.config.annotations} title="Config descriptor annotations" testId="config-descriptor-annotations" />}
        </div>
      )}
      {view.layers.length > 0 && (
        // A phone gets one card per layer: five columns would leave the digest a sliver.
        <ol className="mt-3 space-y-2 sm:hidden" data-testid="layers-list">
          {view.layers.map((layer) => (
            <li key={`${layer.index}-${layer.digest}`} data-testid="layer-card" data-digest={layer.digest} className="text-sm">
              <span className="font-medium">{layer.index + 1}.</span> {layer.mediaTypeWords}
              {layer.size !== undefined && <span className="text-slate-500 dark:text-slate-400"> · {formatBytes(layer.size)}</span>}
              {layer.nondistributable && <span className="ml-1 text-xs text-amber-700">non-distributable</span>}
              <span className="block break-all font-mono text-xs text-slate-500 dark:text-slate-400"><VisibleText text={layer.mediaType} /></span>
              <span className="block">
                <LayerDigest href={link(layer.digest, layer.mediaType)} digest={layer.digest} />
              </span>
            </li>
          ))}
        </ol>
      )}
      {view.layers.length > 0 && (
        // Wider than its box on a small tablet: it scrolls in its own box, not the page.
        <div className="mt-3 hidden overflow-x-auto sm:block">
          <table className="w-full text-left text-sm" data-testid="layers-table">
            <thead className="text-xs text-slate-500 dark:text-slate-400">
              <tr className="[&>th]:py-1 [&>th]:pr-3">
                <th>#</th>
                <th>Media type</th>
                <th>Compression</th>
                <th>Size</th>
                <th>Digest</th>
              </tr>
            </thead>
            <tbody>
              {view.layers.map((layer) => (
                <tr key={`${layer.index}-${layer.digest}`} data-testid="layer-row" data-digest={layer.digest} className="[&>td]:py-1 [&>td]:pr-3 [&>td]:align-top">
                  <td>{layer.index + 1}</td>
                  <td className="text-xs">
                    {layer.mediaTypeWords}
                    <span className="block break-all font-mono text-slate-500 dark:text-slate-400"><VisibleText text={layer.mediaType} /></span>
                  </td>
                  <td>{layer.compression ?? (layer.mediaType === MediaType.InTotoAttestation ? 'none (a document)' : 'not a layer type')}</td>
                  <td>
                    {layer.size === undefined ? (
                      'unknown'
                    ) : (
                      <>
                        {formatBytes(layer.size)}
                        <span className="block text-xs text-slate-500 dark:text-slate-400">{layer.size.toLocaleString('en-US')} B</span>
                      </>
                    )}
                  </td>
                  <td>
                    <LayerDigest href={link(layer.digest, layer.mediaType)} digest={layer.digest} />
                    {layer.nondistributable && <span className="ml-1 text-xs text-amber-700">non-distributable</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Annotations entries={view.annotations} />
      <RawJson text={manifest.raw} targetOf={manifestTargets(view, link, layerLink)} testId="manifest-raw" />
    </Panel>
  );
}

function LayerDigest({ href, digest }: { href: string | undefined; digest: string }) {
  if (!href) return <span className="digest">{digest}</span>;
  return (
    <ViewLink href={href} className="digest underline">
      {digest}
    </ViewLink>
  );
}
