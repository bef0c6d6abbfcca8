import type { InspectionState } from '@/lib/inspect/inspect-image';
import type { LayerJob } from '@/lib/pipeline/layer-scheduler';
import type { LocalLayerBlob } from '@/lib/pipeline/messages';

/**
 * The layer jobs of an inspected image: one per manifest layer, in manifest
 * order, or undefined until the manifest (not an index) and its config are
 * in. The page's layers and the early start before hydration
 * (early-layers.ts) build them here alike, so an early run can be matched to
 * the page's by its key.
 */
export function layerJobs(
  state: InspectionState | undefined,
  credentials: { username: string; password: string },
  priorityDigest: string | undefined,
  proxyOrigin: string,
  localBlobs?: ReadonlyMap<string, LocalLayerBlob>,
): LayerJob[] | undefined {
  const manifest = state?.manifest?.view;
  const diffIds = state?.config?.view.diffIds;
  const reference = state?.reference;
  // A schema 1 manifest's layers are blobs named by digest too (its config, read from its history, has no diff_ids).
  if (!manifest || !diffIds || !reference || manifest.kind === 'index') return undefined;
  // A config that failed its digest check is not the image's: its layers are not pulled, as docker and crane stop there.
  if (state.config?.check.ok === false) return undefined;
  // Counts that disagree pair nothing (the config view warns): no layer is checked against another's diff_id.
  const pairDiffIds = state.config?.view.diffIdsMatchLayers === true;
  return manifest.layers.map((layer, i) => ({
    proxyOrigin,
    apiHost: reference.apiHost,
    repository: reference.repository,
    digest: layer.digest,
    size: layer.size,
    mediaType: layer.mediaType,
    diffId: pairDiffIds ? diffIds[i] : undefined,
    layerNumber: i + 1,
    credentials: credentials.username || credentials.password ? credentials : undefined,
    priority: layer.digest === priorityDigest,
    ...(localBlobs ? { local: localBlobs.get(layer.digest) } : {}),
  }));
}

/** What makes two lists of jobs the same pull: every field but the credentials' values (only whether there are any). */
export function layerJobsKey(jobs: readonly LayerJob[]): string {
  return JSON.stringify(
    jobs.map(({ credentials, local, ...job }) => ({ ...job, credentials: credentials !== undefined, local: local !== undefined })),
  );
}
