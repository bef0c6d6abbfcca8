import type { LayerCompression } from '@/lib/oci/media-types';
import { parseReference, type Reference } from '@/lib/reference';
import { textPieces } from '@/lib/visible-text';

const EXTENSION: Record<LayerCompression, string> = { gzip: '.tar.gz', zstd: '.tar.zst', none: '.tar' };

/** A layer blob's file name: its digest with ":" made safe for every file system ("sha256-<hex>.tar.gz"). */
export function layerBlobName(digest: string, compression: LayerCompression | undefined): string {
  return `${digest.replace(':', '-')}${EXTENSION[compression ?? 'none']}`;
}

/** An artifact blob's file name (an attestation, an SBOM): its digest, and `.json` when its media type says JSON. */
export function artifactBlobName(digest: string, mediaType: string): string {
  return `${digest.replace(':', '-')}${/[+/]json$/.test(mediaType) ? '.json' : '.bin'}`;
}

// Characters a browser replaces in a download's name (Chromium's ReplaceIllegalCharactersInPath; Windows refuses them all),
// and Unicode noncharacters, which it replaces too.
const REFUSED_IN_NAMES = /["*/:<>?\\|\ufdd0-\ufdef\ufffe\uffff]/;
// Dots and spaces at either end: browsers drop or replace them (Windows cannot keep them at the end; a leading dot hides a file).
const EDGES = /^[. ]+|[. ]+$/g;

/**
 * The name one file of the image is saved under: its own name, with each
 * character a browser would drop or change replaced by `_` beforehand, so the
 * browser keeps the name as given and the page can say which name the file
 * has on disk. Replaced: what the page shows as an escape (control, format
 * and invisible characters, a byte that was not UTF-8: `new\nline`,
 * `caf\xe9`), the characters Windows refuses in names, and dots and spaces
 * at either end; `new\nline` is saved as `new_line`, `.profile` as `_profile`.
 */
export function fileDownloadName(name: string): string {
  const kept = textPieces(name)
    .map((piece) => (typeof piece === 'string' ? Array.from(piece, (c) => (REFUSED_IN_NAMES.test(c) ? '_' : c)).join('') : '_'))
    .join('')
    .replace(EDGES, (edge) => '_'.repeat(edge.length));
  // A lone "~" would name a home directory: browsers refuse it as well.
  return kept === '' ? 'file' : kept === '~' ? '_' : kept;
}

/** The stem of an image's archive names: last repository component and tag (or short digest), e.g. "whiteouts-v1". */
export function imageFileStem(reference: Reference, platform?: string): string {
  // A local archive's view has no registry: its file name stands as the repository, the image's name in it as the tag.
  const local = reference.apiHost === '';
  const named = local && reference.tag ? archiveImageName(reference.tag) : undefined;
  if (named) return imageFileStem(named, platform);
  const last = reference.repository.slice(reference.repository.lastIndexOf('/') + 1);
  const name = local ? last.replace(ARCHIVE_EXTENSION, '') : last;
  const version = reference.tag ?? reference.digest?.replace(':', '-').slice(0, 19) ?? 'latest';
  const parts = [name, version, ...(platform ? [platform.replaceAll('/', '-')] : [])];
  // Tags may hold characters some file systems refuse; keep names portable.
  return parts.join('-').replace(/[^A-Za-z0-9._-]/g, '_');
}

const ARCHIVE_EXTENSION = /(\.oci)?\.(tar|tar\.gz|tgz|zip)$/i;

/** A docker-archive names its image by a whole reference (RepoTags); an OCI layout by a bare tag (ref.name). */
function archiveImageName(name: string): Reference | undefined {
  if (!name.includes('/') && !name.includes(':')) return undefined;
  try {
    return parseReference(name);
  } catch {
    return undefined;
  }
}
