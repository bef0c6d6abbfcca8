/**
 * The index as the page shows it: runnable platforms, attestations, and any
 * other entries, reshaped once from the typed document (image-index.md).
 */
import type { Descriptor, ImageIndex } from './documents';
import { describeMediaType } from './media-types';
import type { ParsedManifest } from './parse';
import { sortedEntries } from './sorted-entries';
import { REFERENCE_DIGEST_ANNOTATION, REFERENCE_TYPE_ANNOTATION, formatPlatform, isAttestation } from './platform';

/** One runnable image of an index. */
export interface PlatformEntryView {
  /** `os/arch[/variant]` as written in the index; the value of the share link's `platform`. */
  platform: string;
  os: string;
  architecture: string;
  variant?: string;
  /** Windows build number (`os.version`), when given. */
  osVersion?: string;
  digest: string;
  size: number;
  mediaType: string;
  /** Digest of the attestation manifest that describes this image, when BuildKit attached one. */
  attestation?: string;
}

/** One attestation manifest (SBOM, provenance) of an index. */
export interface AttestationView {
  digest: string;
  size: number;
  /** Digest of the image manifest it describes (`vnd.docker.reference.digest`). */
  refersTo?: string;
  /** `vnd.docker.reference.type`, e.g. 'attestation-manifest'; 'unknown' when absent. */
  type: string;
}

/** An entry that is neither an image with a platform nor an attestation (artifacts, nested indexes). */
export interface OtherEntryView {
  digest: string;
  size: number;
  mediaType: string;
  mediaTypeWords: string;
  artifactType?: string;
}

/** What the index view renders. */
export interface IndexView {
  mediaType: string;
  mediaTypeWords: string;
  digest: string;
  platforms: PlatformEntryView[];
  attestations: AttestationView[];
  others: OtherEntryView[];
  /** Index annotations, sorted by key. */
  annotations: [string, string][];
}

/** Reshapes a parsed index (digest computed over its bytes) for the page. */
export function toIndexView(parsed: Extract<ParsedManifest, { kind: 'index' }>, digest: string): IndexView {
  const index: ImageIndex = parsed.document;
  const attestations = index.manifests.filter(isAttestation).map(toAttestation);
  const attestationOf = new Map<string, string>();
  for (const a of attestations) if (a.refersTo) attestationOf.set(a.refersTo, a.digest);

  const platforms: PlatformEntryView[] = [];
  const others: OtherEntryView[] = [];
  for (const d of index.manifests) {
    if (isAttestation(d)) continue;
    if (!d.platform) {
      others.push({
        digest: d.digest,
        size: d.size,
        mediaType: d.mediaType,
        mediaTypeWords: describeMediaType(d.mediaType),
        ...(d.artifactType !== undefined && { artifactType: d.artifactType }),
      });
      continue;
    }
    const p = d.platform;
    platforms.push({
      platform: formatPlatform(p),
      os: p.os,
      architecture: p.architecture,
      ...(p.variant && { variant: p.variant }),
      ...(p['os.version'] && { osVersion: p['os.version'] }),
      digest: d.digest,
      size: d.size,
      mediaType: d.mediaType,
      ...(attestationOf.has(d.digest) && { attestation: attestationOf.get(d.digest) }),
    });
  }

  return {
    mediaType: parsed.mediaType,
    mediaTypeWords: describeMediaType(parsed.mediaType),
    digest,
    platforms,
    attestations,
    others,
    annotations: sortedEntries(index.annotations),
  };
}

function toAttestation(d: Descriptor): AttestationView {
  const refersTo = d.annotations?.[REFERENCE_DIGEST_ANNOTATION];
  return {
    digest: d.digest,
    size: d.size,
    ...(refersTo !== undefined && { refersTo }),
    type: d.annotations?.[REFERENCE_TYPE_ANNOTATION] ?? 'unknown',
  };
}
