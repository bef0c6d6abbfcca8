import { formatReference, type Reference } from '@/lib/reference';
import { proxyUrl } from '@/lib/registry/proxy-protocol';
import { isIndexMediaType, isManifestMediaType } from '@/lib/oci/media-types';

/** The shareable view URL of the same repository at another digest. */
export function inspectUrl(reference: Reference, digest: string, platform?: string): string {
  const image = formatReference({ ...reference, tag: undefined, digest });
  const query = new URLSearchParams({ image });
  if (platform) query.set('platform', platform);
  return `/?${query}`;
}

/** A link for a digest found in a document: manifests open as a view, blobs download through the proxy. */
export function digestLinker(reference: Reference) {
  return (digest: string, mediaType: string | undefined): string => {
    if (mediaType && (isIndexMediaType(mediaType) || isManifestMediaType(mediaType))) return inspectUrl(reference, digest);
    return proxyUrl(reference.apiHost, `/v2/${reference.repository}/blobs/${digest}`);
  };
}
