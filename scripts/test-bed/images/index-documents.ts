/**
 * The multi-platform documents we write byte for byte ourselves: an OCI
 * index with a BuildKit-style attestation entry, an index holding an OCI
 * artifact beside its image, and a Docker manifest list.
 * Compact JSON without a trailing newline, as BuildKit and the Docker CLI
 * emit it.
 */
import { sha256Digest, type Descriptor } from './oci-layout';
import { mediaTypes } from './media-types';

/** A platform as an index entry names it (image-spec image-index.md). */
export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
}

/** A child manifest of an index: its bytes' descriptor and its platform. */
export interface PlatformManifest {
  mediaType: string;
  digest: string;
  size: number;
  platform: Platform;
}

const encoder = new TextEncoder();

/** The blobs and manifest of an attestation for `subject`, as BuildKit attaches an SBOM. */
export function attestationDocuments(subject: { repository: string; digest: string; platform: Platform }): {
  statement: Uint8Array<ArrayBuffer>;
  config: Uint8Array<ArrayBuffer>;
  manifest: Uint8Array<ArrayBuffer>;
} {
  const platform = [subject.platform.os, subject.platform.architecture, subject.platform.variant].filter(Boolean).join('/');
  const statement = encoder.encode(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v0.1',
      predicateType: 'https://spdx.dev/Document',
      subject: [
        {
          name: `pkg:docker/${subject.repository}@v1?platform=${encodeURIComponent(platform)}`,
          digest: { sha256: subject.digest.replace(/^sha256:/, '') },
        },
      ],
      // Over the page's 1 MiB preview, as a real image's SBOM often is: the page sums it up from its first bytes.
      predicate: { spdxVersion: 'SPDX-2.3', SPDXID: 'SPDXRef-DOCUMENT', name: 'sbom', dataLicense: 'CC0-1.0', packages: sbomPackages(9000) },
    }),
  );
  const statementDigest = sha256Digest(statement);
  const config = encoder.encode(
    JSON.stringify({
      architecture: 'unknown',
      os: 'unknown',
      config: {},
      rootfs: { type: 'layers', diff_ids: [statementDigest] },
    }),
  );
  const manifest = encoder.encode(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: mediaTypes.ociManifest,
      config: { mediaType: mediaTypes.ociConfig, digest: sha256Digest(config), size: config.length },
      layers: [
        {
          mediaType: mediaTypes.inTotoStatement,
          digest: statementDigest,
          size: statement.length,
          annotations: { 'in-toto.io/predicate-type': 'https://spdx.dev/Document' },
        },
      ],
    }),
  );
  return { statement, config, manifest };
}

/** `count` SPDX packages, ~130 bytes each. */
function sbomPackages(count: number): object[] {
  return Array.from({ length: count }, (_, i) => ({
    SPDXID: `SPDXRef-Package-${i}`,
    name: `package-${i}`,
    versionInfo: `1.${i % 97}.${i % 13}`,
    downloadLocation: 'NOASSERTION',
    licenseConcluded: 'NOASSERTION',
  }));
}

/** An OCI index of `children`, plus an attestation entry pointing at `attests` (platform unknown/unknown). */
export function ociIndexDocument(children: PlatformManifest[], attestation: Descriptor & { attests: string }): Uint8Array<ArrayBuffer> {
  return encoder.encode(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: mediaTypes.ociIndex,
      manifests: [
        ...children.map(({ mediaType, digest, size, platform }) => ({ mediaType, digest, size, platform })),
        {
          mediaType: attestation.mediaType,
          digest: attestation.digest,
          size: attestation.size,
          annotations: {
            'vnd.docker.reference.digest': attestation.attests,
            'vnd.docker.reference.type': 'attestation-manifest',
          },
          platform: { architecture: 'unknown', os: 'unknown' },
        },
      ],
    }),
  );
}

/** A Docker manifest list of schema 2 `children`. */
export function dockerManifestListDocument(children: PlatformManifest[]): Uint8Array<ArrayBuffer> {
  return encoder.encode(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: mediaTypes.dockerManifestList,
      manifests: children.map(({ mediaType, digest, size, platform }) => ({ mediaType, size, digest, platform })),
    }),
  );
}

/** The artifact's type: a signature-like document attached to an image, as cosign or notation attach theirs. */
export const ARTIFACT_TYPE = 'application/vnd.example.signature.v1+json';

/** An OCI artifact (image-spec manifest.md, "Guidelines for Artifact Usage") whose subject is `subject`: an empty config and one JSON blob. */
export function artifactDocuments(subject: Descriptor): { empty: Uint8Array<ArrayBuffer>; payload: Uint8Array<ArrayBuffer>; manifest: Uint8Array<ArrayBuffer> } {
  const empty = encoder.encode('{}');
  const payload = encoder.encode(JSON.stringify({ signed: subject.digest, by: 'test-bed' }));
  const manifest = encoder.encode(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: mediaTypes.ociManifest,
      artifactType: ARTIFACT_TYPE,
      config: { mediaType: mediaTypes.ociEmpty, digest: sha256Digest(empty), size: empty.length, data: 'e30=' },
      layers: [{ mediaType: 'application/json', digest: sha256Digest(payload), size: payload.length }],
      subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    }),
  );
  return { empty, payload, manifest };
}

/** An OCI index of one image and an artifact entry with no platform, with annotations of its own. */
export function artifactIndexDocument(child: PlatformManifest, artifact: Descriptor): Uint8Array<ArrayBuffer> {
  return encoder.encode(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: mediaTypes.ociIndex,
      manifests: [
        { mediaType: child.mediaType, digest: child.digest, size: child.size, platform: child.platform },
        { mediaType: artifact.mediaType, digest: artifact.digest, size: artifact.size, artifactType: ARTIFACT_TYPE },
      ],
      annotations: { 'org.opencontainers.image.created': '2024-05-01T00:00:00Z', 'org.opencontainers.image.source': 'https://example.com/pullscope/test-bed' },
    }),
  );
}

/**
 * The index a referrers fallback tag (`sha256-<hex>` of the subject, distribution-spec "Referrers Tag Schema")
 * holds: one entry per manifest that names the subject, with its artifactType and annotations.
 */
export function referrersTagIndexDocument(referrers: Array<Descriptor & { artifactType: string; annotations: Record<string, string> }>): Uint8Array<ArrayBuffer> {
  return encoder.encode(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: mediaTypes.ociIndex,
      manifests: referrers.map(({ mediaType, digest, size, artifactType, annotations }) => ({ mediaType, digest, size, artifactType, annotations })),
    }),
  );
}
