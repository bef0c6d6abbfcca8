/**
 * The media types an image pull meets, in one place (OCI image-spec
 * media-types.md, layer.md; Docker's manifest-v2-2.md and the deprecated
 * schema 1). Code compares against these constants and asks the predicates
 * below; no media type string is written anywhere else.
 */

/** Every media type Pullscope recognizes by name. */
export const MediaType = {
  OciIndex: 'application/vnd.oci.image.index.v1+json',
  OciManifest: 'application/vnd.oci.image.manifest.v1+json',
  OciConfig: 'application/vnd.oci.image.config.v1+json',
  OciLayer: 'application/vnd.oci.image.layer.v1.tar',
  OciLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  OciLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  // Deprecated since image-spec 1.1 but still found in Windows base images.
  OciLayerNondistributable: 'application/vnd.oci.image.layer.nondistributable.v1.tar',
  OciLayerNondistributableGzip: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  OciLayerNondistributableZstd: 'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
  /** The `{}` blob artifacts use as config (image-spec manifest.md#guidance-for-an-empty-descriptor). */
  OciEmpty: 'application/vnd.oci.empty.v1+json',
  DockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  DockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  DockerConfig: 'application/vnd.docker.container.image.v1+json',
  DockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  // Not in Docker's spec, but containerd defines and pushes both.
  DockerLayer: 'application/vnd.docker.image.rootfs.diff.tar',
  DockerLayerZstd: 'application/vnd.docker.image.rootfs.diff.tar.zstd',
  DockerForeignLayer: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  DockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  DockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
  /** The layer type of BuildKit's attestation manifests (SBOM, provenance). */
  InTotoAttestation: 'application/vnd.in-toto+json',
} as const;

/** One of the media types named in {@link MediaType}. */
export type KnownMediaType = (typeof MediaType)[keyof typeof MediaType];

/** How a layer's tar is compressed, as its media type says. */
export type LayerCompression = 'gzip' | 'zstd' | 'none';

const INDEX_TYPES: ReadonlySet<string> = new Set([MediaType.OciIndex, MediaType.DockerManifestList]);
const MANIFEST_TYPES: ReadonlySet<string> = new Set([MediaType.OciManifest, MediaType.DockerManifest]);
const SCHEMA1_TYPES: ReadonlySet<string> = new Set([MediaType.DockerSchema1, MediaType.DockerSchema1Signed]);

const LAYER_COMPRESSION: ReadonlyMap<string, LayerCompression> = new Map<string, LayerCompression>([
  [MediaType.OciLayer, 'none'],
  [MediaType.OciLayerGzip, 'gzip'],
  [MediaType.OciLayerZstd, 'zstd'],
  [MediaType.OciLayerNondistributable, 'none'],
  [MediaType.OciLayerNondistributableGzip, 'gzip'],
  [MediaType.OciLayerNondistributableZstd, 'zstd'],
  [MediaType.DockerLayer, 'none'],
  [MediaType.DockerLayerGzip, 'gzip'],
  [MediaType.DockerLayerZstd, 'zstd'],
  [MediaType.DockerForeignLayer, 'gzip'],
]);

// Layers a registry may decline to hold: the manifest gives `urls` to fetch them from
// (image-spec layer.md#non-distributable-layers; Docker's "foreign" layers).
const NONDISTRIBUTABLE_TYPES: ReadonlySet<string> = new Set([
  MediaType.OciLayerNondistributable,
  MediaType.OciLayerNondistributableGzip,
  MediaType.OciLayerNondistributableZstd,
  MediaType.DockerForeignLayer,
]);

const WORDS: ReadonlyMap<string, string> = new Map([
  [MediaType.OciIndex, 'OCI image index'],
  [MediaType.OciManifest, 'OCI image manifest'],
  [MediaType.OciConfig, 'OCI image config'],
  [MediaType.OciLayer, 'OCI layer (tar)'],
  [MediaType.OciLayerGzip, 'OCI layer (tar, gzip)'],
  [MediaType.OciLayerZstd, 'OCI layer (tar, zstd)'],
  [MediaType.OciLayerNondistributable, 'OCI non-distributable layer (tar)'],
  [MediaType.OciLayerNondistributableGzip, 'OCI non-distributable layer (tar, gzip)'],
  [MediaType.OciLayerNondistributableZstd, 'OCI non-distributable layer (tar, zstd)'],
  [MediaType.OciEmpty, 'OCI empty descriptor'],
  [MediaType.DockerManifestList, 'Docker manifest list'],
  [MediaType.DockerManifest, 'Docker schema 2 manifest'],
  [MediaType.DockerConfig, 'Docker image config'],
  [MediaType.DockerLayer, 'Docker layer (tar)'],
  [MediaType.DockerLayerGzip, 'Docker layer (tar, gzip)'],
  [MediaType.DockerLayerZstd, 'Docker layer (tar, zstd)'],
  [MediaType.DockerForeignLayer, 'Docker foreign layer (tar, gzip)'],
  [MediaType.DockerSchema1, 'Docker schema 1 manifest (deprecated)'],
  [MediaType.DockerSchema1Signed, 'Docker schema 1 signed manifest (deprecated)'],
  [MediaType.InTotoAttestation, 'in-toto attestation'],
]);

/**
 * The Accept header for manifest requests: all four manifest types. Some
 * registries answer an error when the list lacks the type they hold; schema 1
 * is left out on purpose (a registry that has only that answers it anyway).
 */
export const MANIFEST_ACCEPT: string = [
  MediaType.OciIndex,
  MediaType.OciManifest,
  MediaType.DockerManifestList,
  MediaType.DockerManifest,
].join(', ');

/** True for a multi-platform index: OCI image index or Docker manifest list. */
export function isIndexMediaType(mediaType: string): boolean {
  return INDEX_TYPES.has(mediaType);
}

/** True for a single-image manifest: OCI image manifest or Docker schema 2. */
export function isManifestMediaType(mediaType: string): boolean {
  return MANIFEST_TYPES.has(mediaType);
}

const IMAGE_CONFIG_TYPES: ReadonlySet<string> = new Set([MediaType.OciConfig, MediaType.DockerConfig]);

/** True for an image config (OCI or Docker); an artifact's config has some other type. */
export function isImageConfigMediaType(mediaType: string): boolean {
  return IMAGE_CONFIG_TYPES.has(mediaType);
}

/** True for the deprecated Docker schema 1 manifest, signed or not. */
export function isSchema1MediaType(mediaType: string): boolean {
  return SCHEMA1_TYPES.has(mediaType);
}

/** True for a filesystem layer type Pullscope can unpack (tar, gzip or zstd). */
export function isLayerMediaType(mediaType: string): boolean {
  return LAYER_COMPRESSION.has(mediaType);
}

/** The compression a layer media type declares; undefined when it is not a known layer type. */
export function layerCompression(mediaType: string): LayerCompression | undefined {
  return LAYER_COMPRESSION.get(mediaType);
}

/** True for layers a registry need not hold (OCI non-distributable, Docker foreign). */
export function isNondistributable(mediaType: string): boolean {
  return NONDISTRIBUTABLE_TYPES.has(mediaType);
}

/** The media type in words for people; an unknown type is returned as is. */
export function describeMediaType(mediaType: string): string {
  return WORDS.get(mediaType) ?? mediaType;
}
