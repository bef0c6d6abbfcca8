import type { LayerCompression } from '@/lib/oci/media-types';
import type { Reference } from '@/lib/reference';

const EXTENSION: Record<LayerCompression, string> = { gzip: '.tar.gz', zstd: '.tar.zst', none: '.tar' };

/** A layer blob's file name: its digest with ":" made safe for every file system ("sha256-<hex>.tar.gz"). */
export function layerBlobName(digest: string, compression: LayerCompression | undefined): string {
  return `${digest.replace(':', '-')}${EXTENSION[compression ?? 'none']}`;
}

/** The stem of an image's archive names: last repository component and tag (or short digest), e.g. "whiteouts-v1". */
export function imageFileStem(reference: Reference, platform?: string): string {
  const name = reference.repository.slice(reference.repository.lastIndexOf('/') + 1);
  const version = reference.tag ?? reference.digest?.replace(':', '-').slice(0, 19) ?? 'latest';
  const parts = [name, version, ...(platform ? [platform.replaceAll('/', '-')] : [])];
  // Tags may hold characters some file systems refuse; keep names portable.
  return parts.join('-').replace(/[^A-Za-z0-9._-]/g, '_');
}
