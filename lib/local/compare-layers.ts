/**
 * An archive's image next to what a registry serves under the same name,
 * layer by layer. Two layers are the same blob when their digests agree;
 * when only their diff_ids agree, the content is the same but stored
 * differently (a docker-archive keeps uncompressed tars, a registry gzip
 * ones). The whole image is the same when the config is: its digest is the
 * image ID docker shows, and it names every layer by diff_id, so a
 * docker-archive of a pulled image differs from the registry's only in its
 * manifest. Which side is newer is what the configs' `created` say: the only
 * date an image carries.
 */

/** One side of the comparison: the chosen platform's manifest and config. */
export interface ComparedImage {
  manifestDigest: string;
  configDigest: string;
  layers: readonly string[];
  diffIds: readonly string[];
  created?: string;
}

/** How layer `index` of the two sides relate. */
export type LayerVerdict = 'same digest' | 'same content, stored differently' | 'different' | 'only in the archive' | 'only in the registry';

/** One row of the comparison. */
export interface LayerComparison {
  index: number;
  local?: { digest: string; diffId?: string };
  registry?: { digest: string; diffId?: string };
  verdict: LayerVerdict;
}

/**
 * How the two images relate as a whole: the very same manifest; the same
 * config (so the same image, with its layers stored differently); the same
 * filesystem (every diff_id, in order) under another config; or different.
 */
export type ImageVerdict = 'same manifest' | 'same image' | 'same filesystem' | 'different';

/** The whole comparison. */
export interface ImageComparison {
  image: ImageVerdict;
  sameManifest: boolean;
  layers: LayerComparison[];
  /** Which config says it was created later; 'unknown' when either date is missing or unreadable. */
  newer: 'archive' | 'registry' | 'same time' | 'unknown';
}

/** Pairs the two sides' layers by position and says how each pair relates. */
export function compareImages(local: ComparedImage, registry: ComparedImage): ImageComparison {
  const count = Math.max(local.layers.length, registry.layers.length);
  const layers: LayerComparison[] = [];
  for (let i = 0; i < count; i++) {
    const l = i < local.layers.length ? { digest: local.layers[i], diffId: local.diffIds[i] } : undefined;
    const r = i < registry.layers.length ? { digest: registry.layers[i], diffId: registry.diffIds[i] } : undefined;
    const verdict: LayerVerdict = !r
      ? 'only in the archive'
      : !l
        ? 'only in the registry'
        : l.digest === r.digest
          ? 'same digest'
          : l.diffId !== undefined && l.diffId === r.diffId
            ? 'same content, stored differently'
            : 'different';
    layers.push({ index: i, ...(l ? { local: l } : {}), ...(r ? { registry: r } : {}), verdict });
  }
  const sameManifest = local.manifestDigest === registry.manifestDigest;
  const sameFilesystem = local.diffIds.length === registry.diffIds.length && local.diffIds.every((d, i) => d === registry.diffIds[i]);
  const image: ImageVerdict = sameManifest
    ? 'same manifest'
    : local.configDigest === registry.configDigest
      ? 'same image'
      : sameFilesystem
        ? 'same filesystem'
        : 'different';
  return { image, sameManifest, layers, newer: newerOf(local.created, registry.created) };
}

function newerOf(local: string | undefined, registry: string | undefined): ImageComparison['newer'] {
  const a = local === undefined ? NaN : Date.parse(local);
  const b = registry === undefined ? NaN : Date.parse(registry);
  if (Number.isNaN(a) || Number.isNaN(b)) return 'unknown';
  return a === b ? 'same time' : a > b ? 'archive' : 'registry';
}
