import { formatReference, type Reference } from '@/lib/reference';
import { proxyUrl } from '@/lib/registry/proxy-protocol';
import { isImageConfigMediaType, isIndexMediaType, isLayerMediaType, isManifestMediaType, MediaType } from '@/lib/oci/media-types';

/** The config panel's element id: a config digest leads there. */
export const CONFIG_ANCHOR = 'config';
/** The files section's element id: a layer digest leads there, with that layer chosen. */
export const FILES_ANCHOR = 'files';

/** The shareable view URL of the same repository at another digest. */
export function inspectUrl(reference: Reference, digest: string, platform?: string): string {
  const image = formatReference({ ...reference, tag: undefined, digest });
  const query = new URLSearchParams({ image });
  if (platform) query.set('platform', platform);
  return `/?${query}`;
}

/** The view URL of this image with one layer's files shown. */
export function layerUrl(reference: Reference, digest: string, platform?: string): string {
  const query = new URLSearchParams({ image: formatReference(reference) });
  if (platform) query.set('platform', platform);
  query.set('layer', digest);
  return `/?${query}#${FILES_ANCHOR}`;
}

/**
 * A link for a digest found in a document. Every one stays in the page, so
 * the tab's credentials go on being used (a new document would have none):
 * a manifest opens as a view, a layer as its files, the config as its panel,
 * an in-toto statement as its document. Only a blob of some other kind (an
 * artifact's) is fetched through the proxy.
 */
export function digestLinker(reference: Reference, platform?: string) {
  return (digest: string, mediaType: string | undefined): string => {
    if (mediaType && (isIndexMediaType(mediaType) || isManifestMediaType(mediaType))) return inspectUrl(reference, digest);
    if (mediaType && isImageConfigMediaType(mediaType)) return `#${CONFIG_ANCHOR}`;
    // An attestation manifest's statements are its layers: they open where layers do, as documents.
    if (mediaType && (isLayerMediaType(mediaType) || mediaType === MediaType.InTotoAttestation)) return layerUrl(reference, digest, platform);
    return proxyUrl(reference.apiHost, `/v2/${reference.repository}/blobs/${digest}`);
  };
}
