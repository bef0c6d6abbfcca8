'use client';

import { useMemo, useState } from 'react';
import { formatBytes } from '@/lib/format';
import { ProxyClient } from '@/lib/inspect/proxy-client';
import type { InspectionState } from '@/lib/inspect/inspect-image';
import { Panel } from '@/components/inspector/panel';
import { layerPool } from '@/components/layers/layer-pool';
import type { LayersView } from '@/components/layers/use-layers';
import { artifactBlobName, imageFileStem, layerBlobName } from './download-names';
import {
  dockerArchiveDownload,
  layerBlobDownload,
  ociLayoutDownload,
  rootfsDownload,
  type ArchiveContext,
  type OciScope,
} from './image-archives';
import { DownloadProgress } from './download-progress';
import { useDownload } from './use-download';
import type { ImageSource } from '@/lib/inspect/image-source';
import type { TraceSink } from '@/lib/registry/trace';
import { labelledSink } from '@/lib/trace/label-trace';

interface Props {
  state: InspectionState;
  layersView: LayersView;
  credentials: { username: string; password: string };
  /** A local archive being inspected: its documents and blobs come from the file, not the proxy. */
  local?: { source: ImageSource; blobOf: (digest: string) => Promise<Blob>; synthesized: boolean };
  /** The pull trace: every request a download makes through the proxy joins it. */
  onTrace?: TraceSink;
}

const BUTTON =
  'rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-50 aria-disabled:cursor-not-allowed aria-disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800';

const NO_LAYOUT_NOTE = 'OCI layout: this archive holds no manifest (it was synthesized from manifest.json), so there is none to put in a layout.';

/** Downloads of the inspected image: a layer blob, the flattened rootfs, an OCI layout (zip), a docker-archive; streamed, verified, cancellable. */
export function DownloadsPanel({ state, layersView, credentials, local, onTrace }: Props) {
  const { status, start, cancel } = useDownload();
  const [ociScope, setOciScope] = useState<OciScope>('platform');
  // The archives' documents are fetched again (an archive holds the registry's exact bytes): those requests are traced too.
  const client = useMemo(() => new ProxyClient({ credentials, onTrace: labelledSink(onTrace, 'download, image documents') }), [credentials, onTrace]);
  const manifest = state.manifest?.view;
  // Bytes that failed their digest check are not the image asked for: nothing of them is offered.
  const substituted = state.manifest?.check.ok === false || state.index?.check.ok === false || state.config?.check.ok === false;
  if (!manifest || manifest.kind !== 'manifest' || !state.config || substituted) return null;

  // Built on click only: the pool and the page's origin exist in the browser alone.
  const context = (): ArchiveContext => ({
    state,
    layers: layersView,
    pool: layerPool(),
    client: local?.source ?? client,
    blobOf: local?.blobOf,
    proxyOrigin: window.location.origin,
    credentials,
    onTrace,
  });
  // While one download runs the others wait: marked aria-disabled, not disabled, so the button just pressed keeps focus.
  const busy = status.kind === 'running';
  // A document layer (an attestation's statement) has no tar: nothing to flatten, nothing docker load would take.
  const documents = layersView.documents.map((i) => i + 1);
  const allVerified =
    documents.length === 0 && layersView.layers.length === manifest.layers.length && layersView.layers.every((l) => l.status === 'done' && l.result);
  // docker load reads an image config: an artifact's config is none.
  const artifactConfig = state.config?.view.artifactConfig;
  // docker load pairs each layer with a diff_id and refuses an image whose counts differ.
  const unpairedDiffIds = artifactConfig === undefined && !state.config.view.diffIdsMatchLayers;
  const dockerLoadable = allVerified && artifactConfig === undefined && !unpairedDiffIds;
  const platform = state.platform?.chosen;
  // Why two buttons are off, in words on the page, not only in a tooltip.
  const failed = layersView.layers.filter((l) => l.status === 'error').length;
  const verified = layersView.layers.filter((l) => l.status === 'done').length;
  const waitingNote = allVerified
    ? undefined
    : documents.length > 0
      ? `Flattened rootfs and docker load need filesystem layers; layer ${documents.join(', ')} ${documents.length > 1 ? 'are documents' : 'is a document'}, not files. The layer blobs and the OCI layout hold ${documents.length > 1 ? 'them' : 'it'} as stored.`
      : failed > 0
      ? `Flattened rootfs and docker load need every layer verified; ${failed} of ${manifest.layers.length} failed (see Layers).`
      : `Flattened rootfs and docker load start once every layer is verified (${verified} of ${manifest.layers.length} so far).`;
  const stem = imageFileStem(state.reference);
  // Names say the platform when the image has several.
  const platformStem = imageFileStem(state.reference, state.index ? platform : undefined);

  return (
    <Panel title="Downloads" testId="downloads-panel">
      <p className="mb-2 text-xs text-slate-500 dark:text-slate-400">
        Everything streams to disk and is verified as it goes: blobs against their digests, layer tars against the config&apos;s diff_ids.
        Public blobs this browser already verified come from its cache; private ones are fetched again, never stored.
      </p>
      <div className="space-y-3">
        <div>
          <h3 className="mb-1 text-sm font-medium">Layer blobs, as the registry stores them</h3>
          <ul className="flex flex-wrap gap-2">
            {manifest.layers.map((layer, i) => (
              <li key={`${i}-${layer.digest}`}>
                <button
                  type="button"
                  className={BUTTON}
                  data-testid="download-layer"
                  data-digest={layer.digest}
                  aria-disabled={busy || undefined}
                  disabled={layer.nondistributable || !layersView.sourceOf(i)}
                  onClick={() => {
                    const result = layersView.layers[i]?.result;
                    const name = result?.artifact ? artifactBlobName(layer.digest, layer.mediaType) : layerBlobName(layer.digest, layer.compression ?? result?.compression);
                    start(`Layer ${i + 1} blob`, name, () => layerBlobDownload(context(), i));
                  }}
                >
                  Layer {i + 1} blob{layer.size !== undefined && <span className="text-slate-500 dark:text-slate-400"> ({formatBytes(layer.size)})</span>}
                </button>
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3 className="mb-1 text-sm font-medium">The whole image</h3>
          <div className="flex flex-wrap items-center gap-2">
            <button
              type="button"
              className={BUTTON}
              data-testid="download-rootfs"
              aria-disabled={busy || undefined}
              disabled={!layersView.merged}
              title={layersView.merged ? 'All layers merged, whiteouts applied' : layersView.mergedNote}
              onClick={() => start('Flattened rootfs', `${platformStem}-rootfs.tar`, () => rootfsDownload(context()))}
            >
              Flattened rootfs (.tar)
            </button>
            <span className="inline-flex items-center gap-1">
              <button
                type="button"
                className={BUTTON}
                data-testid="download-oci"
                aria-disabled={busy || undefined}
                disabled={local?.synthesized}
                title={local?.synthesized ? NO_LAYOUT_NOTE : undefined}
                onClick={() => {
                  const name = `${ociScope === 'platform' ? platformStem : stem}-oci.zip`;
                  start('OCI layout', name, (signal) => ociLayoutDownload(context(), ociScope, signal));
                }}
              >
                OCI layout (.zip)
              </button>
              {state.index && (
                <select
                  aria-label="Platforms in the OCI layout"
                  data-testid="oci-scope"
                  className="rounded border border-slate-300 bg-transparent px-1 py-1 text-sm dark:border-slate-700"
                  value={ociScope}
                  disabled={busy}
                  onChange={(e) => setOciScope(e.target.value as OciScope)}
                >
                  <option value="platform">{platform ?? 'this platform'}</option>
                  <option value="all">all platforms of the index</option>
                </select>
              )}
            </span>
            <button
              type="button"
              className={BUTTON}
              data-testid="download-docker"
              aria-disabled={busy || undefined}
              disabled={!dockerLoadable}
              title={
                dockerLoadable
                  ? `For docker load${platform ? `, ${platform}` : ''}`
                  : artifactConfig !== undefined
                    ? 'Needs an image config'
                    : unpairedDiffIds
                      ? 'Needs one diff_id per layer'
                      : 'Needs every layer verified'
              }
              onClick={() => start('docker load archive', `${platformStem}-docker.tar`, (signal) => dockerArchiveDownload(context(), signal))}
            >
              docker load (.tar)
            </button>
          </div>
          {waitingNote && (
            <p data-testid="downloads-waiting" className="mt-1 text-xs text-slate-500 dark:text-slate-400">
              {waitingNote}
            </p>
          )}
          {artifactConfig !== undefined && (
            <p data-testid="downloads-artifact" className="mt-1 text-xs text-slate-500 dark:text-slate-400">
              docker load needs an image config; this manifest&apos;s config is {artifactConfig}, an artifact&apos;s. The OCI layout holds it as stored.
            </p>
          )}
          {unpairedDiffIds && (
            <p data-testid="downloads-diffids" className="mt-1 text-xs text-slate-500 dark:text-slate-400">
              docker load needs one diff_id per layer; this config lists {state.config.view.diffIds.length} for {manifest.layers.length} layers, so
              docker load would refuse the image. The OCI layout holds it as stored.
            </p>
          )}
          {local?.synthesized && <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{NO_LAYOUT_NOTE}</p>}
        </div>
        <DownloadProgress status={status} onCancel={cancel} />
      </div>
    </Panel>
  );
}
