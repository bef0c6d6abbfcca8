/**
 * The documents of an image, typed exactly as their JSON is written (OCI
 * image-spec descriptor.md, image-index.md, manifest.md, config.md; Docker's
 * manifest-v2-2.md and the deprecated manifest-v2-1.md). Field names and
 * optionality follow the specs, `null` included where Docker writes it. These
 * types are what the parsers return; components read the views built from
 * them (index-view.ts, manifest-view.ts, config-view.ts), never these.
 */

/** A string-to-string map: annotations and labels (descriptor.md#properties). */
export type StringMap = Record<string, string>;

/** The platform an image runs on (image-index.md, `platform`). */
export interface Platform {
  architecture: string;
  os: string;
  'os.version'?: string;
  'os.features'?: string[];
  variant?: string;
  /** Reserved by the spec; kept because some tools write it. */
  features?: string[];
}

/** A pointer to content by digest (descriptor.md). */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  urls?: string[];
  annotations?: StringMap;
  /** Only in an index's `manifests` entries. */
  platform?: Platform;
  artifactType?: string;
  /** The content itself, base64, for small blobs (descriptor.md#embedded-content). */
  data?: string;
}

/** An OCI image index or a Docker manifest list (image-index.md). */
export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  manifests: Descriptor[];
  subject?: Descriptor;
  annotations?: StringMap;
}

/** An OCI image manifest or a Docker schema 2 manifest (manifest.md). */
export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: StringMap;
}

/** Healthcheck as Docker writes it into `config.Healthcheck` (durations in nanoseconds). */
export interface Healthcheck {
  Test?: string[] | null;
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

/** The execution parameters of an image (config.md#properties, `config`). Docker writes `null` for unset lists. */
export interface ContainerConfig {
  User?: string;
  ExposedPorts?: Record<string, object> | null;
  Env?: string[] | null;
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  Volumes?: Record<string, object> | null;
  WorkingDir?: string;
  Labels?: StringMap | null;
  StopSignal?: string;
  ArgsEscaped?: boolean;
  Healthcheck?: Healthcheck;
  OnBuild?: string[] | null;
  Shell?: string[] | null;
}

/** One step of the build that made an image (config.md#properties, `history`). */
export interface HistoryEntry {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  /** True when the step made no layer (ENV, CMD, LABEL, …). */
  empty_layer?: boolean;
}

/** An image configuration (config.md; Docker's image JSON is a superset). */
export interface ImageConfig {
  created?: string;
  author?: string;
  architecture: string;
  os: string;
  'os.version'?: string;
  'os.features'?: string[];
  variant?: string;
  config?: ContainerConfig;
  rootfs: { type: string; diff_ids: string[] };
  history?: HistoryEntry[];
  /** Docker only: the builder's version. */
  docker_version?: string;
}

/** A layer of a schema 1 manifest; `fsLayers` run from the top layer down to the base. */
export interface Schema1FsLayer {
  blobSum: string;
}

/** A history entry of a schema 1 manifest: a v1 image JSON, as a string. */
export interface Schema1History {
  v1Compatibility: string;
}

/** The deprecated Docker schema 1 manifest, only as far as Pullscope reads it (manifest-v2-1.md). */
export interface Schema1Manifest {
  schemaVersion: 1;
  name: string;
  tag: string;
  architecture: string;
  fsLayers: Schema1FsLayer[];
  history: Schema1History[];
  /** Present in the signed (`prettyjws`) form. */
  signatures?: unknown[];
}
