/**
 * The manifest as the page shows it: its config and layers in pull order,
 * reshaped once from the typed document (image-spec manifest.md; Docker
 * manifest-v2-2.md; schema 1 from manifest-v2-1.md).
 */
import type { Descriptor } from './documents';
import {
  MediaType,
  type LayerCompression,
  describeMediaType,
  isImageConfigMediaType,
  isLayerMediaType,
  isNondistributable,
  layerCompression,
} from './media-types';
import type { ParsedManifest } from './parse';
import { sortedEntries } from './sorted-entries';

/** A descriptor reduced to what the page shows. */
export interface DescriptorView {
  digest: string;
  size: number;
  mediaType: string;
  mediaTypeWords: string;
  /** The descriptor's annotations, sorted by key; absent when it has none. */
  annotations?: [string, string][];
}

/** One layer of a manifest, base layer first. */
export interface LayerView {
  /** 0-based position in the manifest; history rows and diff_ids pair with it. */
  index: number;
  mediaType: string;
  mediaTypeWords: string;
  /** undefined when the media type is not a filesystem layer Pullscope knows. */
  compression: LayerCompression | undefined;
  /** Compressed size; undefined for schema 1, which does not record sizes. */
  size: number | undefined;
  digest: string;
  urls?: string[];
  /** Layer annotations, sorted by key. */
  annotations?: [string, string][];
  /** The registry may not hold it; `urls` say where it lives (image-spec layer.md#non-distributable-layers). */
  nondistributable: boolean;
  /** True when the layer pipeline can unpack it (a tar, plain, gzip or zstd). */
  unpackable: boolean;
}

/** What the manifest view renders. */
export interface ManifestView {
  kind: ParsedManifest['kind'];
  mediaType: string;
  mediaTypeWords: string;
  digest: string;
  schema1: boolean;
  /** Why this document cannot be shown as a normal image (schema 1, an index where a manifest was expected). */
  notice?: string;
  /** The config blob; undefined for schema 1 (which embeds its config in `history`) and for an index. */
  config?: DescriptorView;
  layers: LayerView[];
  /** Sum of the layers' compressed sizes; undefined when some size is unknown (schema 1). */
  totalSize: number | undefined;
  /** Manifest annotations, sorted by key. */
  annotations: [string, string][];
  subject?: DescriptorView;
  /** What the manifest is, if not an image (`artifactType`, else a non-image config type). */
  artifactType?: string;
}

/** What the page says about schema 1 manifests. */
export const SCHEMA1_DEPRECATION =
  'Docker schema 1 manifests are deprecated: Docker stopped pushing them in 20.10, and current Docker and containerd refuse to pull them by default. ' +
  'They record no layer sizes and no diff_ids, and the image config only as the v1 JSON of their history; re-push the image with a current client to get a schema 2 or OCI manifest.';

/** What the page says about BuildKit's attestation manifests (docs.docker.com, build/metadata/attestations/attestation-storage). */
export const ATTESTATION_NOTICE =
  'An attestation manifest: BuildKit stores build provenance and SBOMs beside an image as in-toto statements, one per layer. ' +
  'They are documents about another manifest, not a filesystem, and the platform unknown/unknown is how BuildKit keeps runtimes from picking this manifest. ' +
  'Open a layer to read its statement and the manifest it is about.';

/** Every layer an in-toto statement: BuildKit's attestation manifest. */
function isAttestationManifest(layers: LayerView[]): boolean {
  return layers.length > 0 && layers.every((l) => l.mediaType === MediaType.InTotoAttestation);
}

/** Reshapes a parsed manifest (digest computed over its bytes) for the page. */
export function toManifestView(parsed: ParsedManifest, digest: string): ManifestView {
  const base = { kind: parsed.kind, mediaType: parsed.mediaType, mediaTypeWords: describeMediaType(parsed.mediaType), digest };
  switch (parsed.kind) {
    case 'manifest': {
      const m = parsed.document;
      const layers = m.layers.map(toLayerView);
      const artifactType = m.artifactType ?? (isImageConfigMediaType(m.config.mediaType) ? undefined : m.config.mediaType);
      return {
        ...base,
        schema1: false,
        config: toDescriptorView(m.config),
        layers,
        totalSize: layers.reduce((sum, l) => sum + (l.size ?? 0), 0),
        annotations: sortedEntries(m.annotations),
        ...(m.subject && { subject: toDescriptorView(m.subject) }),
        ...(artifactType !== undefined && { artifactType }),
        ...(isAttestationManifest(layers) && { notice: ATTESTATION_NOTICE }),
      };
    }
    case 'schema1': {
      // fsLayers run from the top layer down; the page, like schema 2, lists the base first.
      const layers = [...parsed.document.fsLayers].reverse().map(
        (l, index): LayerView => ({
          index,
          mediaType: MediaType.DockerLayerGzip,
          mediaTypeWords: describeMediaType(MediaType.DockerLayerGzip),
          compression: 'gzip',
          size: undefined,
          digest: l.blobSum,
          nondistributable: false,
          unpackable: true,
        }),
      );
      return { ...base, schema1: true, notice: SCHEMA1_DEPRECATION, layers, totalSize: undefined, annotations: [] };
    }
    case 'index':
      return {
        ...base,
        schema1: false,
        notice: 'This is an index, not an image manifest: pick one of its entries to see layers.',
        layers: [],
        totalSize: 0,
        annotations: sortedEntries(parsed.document.annotations),
      };
  }
}

function toLayerView(d: Descriptor, index: number): LayerView {
  return {
    index,
    mediaType: d.mediaType,
    mediaTypeWords: describeMediaType(d.mediaType),
    compression: layerCompression(d.mediaType),
    size: d.size,
    digest: d.digest,
    ...(d.urls !== undefined && { urls: d.urls }),
    ...(d.annotations !== undefined && { annotations: sortedEntries(d.annotations) }),
    nondistributable: isNondistributable(d.mediaType),
    unpackable: isLayerMediaType(d.mediaType),
  };
}

function toDescriptorView(d: Descriptor): DescriptorView {
  return {
    digest: d.digest,
    size: d.size,
    mediaType: d.mediaType,
    mediaTypeWords: describeMediaType(d.mediaType),
    ...(d.annotations !== undefined && { annotations: sortedEntries(d.annotations) }),
  };
}
