import { formatReference, type Reference } from '@/lib/reference';
import { shownName } from '@/lib/fs/shown-name';
import { proxyUrl } from '@/lib/registry/proxy-protocol';
import { isImageConfigMediaType, isIndexMediaType, isLayerMediaType, isManifestMediaType, MediaType } from '@/lib/oci/media-types';

/** The config panel's element id: a config digest leads there. */
export const CONFIG_ANCHOR = 'config';
/** The files section's element id: a layer digest leads there, with that layer chosen. */
export const FILES_ANCHOR = 'files';

/** What a view URL names (design.md, "Shareable view URL"); a local archive's view names the archive instead of an image. */
export interface ViewPlace {
  image?: string;
  /** `['example', '1']` or `['archive', <label>]`, when there is no image. */
  local?: readonly [string, string];
  platform?: string;
  /** A layer digest, or `merged`. */
  layer?: string;
  path?: string;
  /** In the as-of view, `path` names the entry the layer replaced there with one of the other shape (`replaced=1`). */
  replaced?: boolean;
  /** A layer tab's view: `as-of` for the filesystem as of that layer (components/files/as-of-params.ts). */
  tree?: string;
  /** The as-of view's change kinds shown, comma-separated; absent for all of them. */
  changes?: string;
}

/**
 * The address of a view of this page at `pathname`. Every step the page
 * takes and every link it draws to another of its views writes the address
 * here, so a copied address reopens where the user went.
 */
export function viewUrl(pathname: string, place: ViewPlace): string {
  const query = new URLSearchParams();
  if (place.image) query.set('image', place.image);
  else if (place.local) query.set(place.local[0], place.local[1]);
  if (place.platform) query.set('platform', place.platform);
  if (place.layer) query.set('layer', place.layer);
  if (place.path) query.set('path', shownName(place.path));
  if (place.path && place.replaced) query.set('replaced', '1');
  if (place.tree) query.set('tree', place.tree);
  if (place.changes !== undefined) query.set('changes', place.changes);
  const qs = query.toString();
  return qs ? `${pathname}?${qs}` : pathname;
}

/** The address of one layer's files in the view at `place`: the layer chosen, the Files section in view. */
export function layerFilesUrl(pathname: string, place: ViewPlace, digest: string): string {
  return `${viewUrl(pathname, { ...place, layer: digest, path: undefined })}#${FILES_ANCHOR}`;
}

/** Where a link to one layer of the image shown leads, by its digest; absent where no layer can be shown. */
export type LayerLink = (digest: string) => string;

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
