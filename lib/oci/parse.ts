/**
 * Manifest documents and image configs, from the exact bytes a registry sent.
 *
 *   manifest document ::= image-index | image-manifest | schema1-manifest
 *   image-index       ::= { schemaVersion: 2, mediaType?: string, artifactType?: string,
 *                           manifests: descriptor[], subject?: descriptor, annotations?: map }
 *                           (image-spec image-index.md; Docker manifest list)
 *   image-manifest    ::= { schemaVersion: 2, mediaType?: string, artifactType?: string,
 *                           config: descriptor, layers: descriptor[], subject?: descriptor,
 *                           annotations?: map }      (image-spec manifest.md; Docker schema 2)
 *   schema1-manifest  ::= { schemaVersion: 1, name: string, tag: string, architecture: string,
 *                           fsLayers: { blobSum: digest }[], history: { v1Compatibility: string }[] }
 *                           (Docker manifest-v2-1.md, deprecated)
 *
 * Which one it is: the document's own `mediaType`, else the Content-Type the
 * registry sent, else the shape (`manifests` -> index, `config` + `layers` ->
 * manifest, `fsLayers` -> schema 1). Where they disagree, a warning says so.
 * Hashing is the caller's job, over these same bytes (lib/digest.ts): the
 * documents are never re-serialized.
 */
import type { ImageConfig, ImageIndex, ImageManifest, Schema1Manifest } from './documents';
import { BadDocumentError } from './document-errors';
import { readJsonObject } from './json-bytes';
import { MediaType, isIndexMediaType, isManifestMediaType, isSchema1MediaType } from './media-types';
import {
  type JsonObject,
  checkArray,
  checkDescriptor,
  checkDigest,
  checkObject,
  checkOptionalBoolean,
  checkOptionalObjectMap,
  checkOptionalString,
  checkOptionalStringArray,
  checkOptionalStringMap,
  checkSchemaVersion,
  checkString,
  quote,
} from './validate';

/** Manifests larger than this are refused (as containerd and distribution do). */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** Image configs larger than this are refused. */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/** What a manifest request answered, checked and typed. */
export type ParsedManifest =
  | { kind: 'index'; mediaType: string; document: ImageIndex; warnings: string[] }
  | { kind: 'manifest'; mediaType: string; document: ImageManifest; warnings: string[] }
  | { kind: 'schema1'; mediaType: string; document: Schema1Manifest; warnings: string[] };

/** The kinds of manifest document. */
export type ManifestKind = ParsedManifest['kind'];

// Content-Types that say "JSON" without saying which document: the body decides.
const GENERIC_TYPES = new Set(['application/json', 'text/plain', 'application/octet-stream', 'binary/octet-stream']);

/** Parses and checks a manifest, index or schema 1 manifest from the bytes received. */
export function parseManifestDocument(bytes: Uint8Array, contentType?: string): ParsedManifest {
  const obj = readJsonObject(bytes, 'manifest', MAX_MANIFEST_BYTES);
  checkOptionalString(obj, 'mediaType', 'manifest');
  const bodyType = obj.mediaType as string | undefined;
  const headerType = normalizeContentType(contentType);
  const shape = sniffKind(obj);
  const warnings: string[] = [];

  let kind: ManifestKind;
  let mediaType: string;
  const bodyKind = bodyType === undefined ? undefined : kindOf(bodyType);
  const headerKind = headerType === undefined ? undefined : kindOf(headerType);
  if (bodyType !== undefined && bodyKind !== undefined) {
    kind = bodyKind;
    mediaType = bodyType;
    if (headerType !== undefined && headerType !== bodyType && !GENERIC_TYPES.has(headerType)) {
      warnings.push(
        `The registry's Content-Type (${headerType}) disagrees with the document's mediaType (${bodyType}); the document's is used.`,
      );
    }
  } else if (bodyType !== undefined) {
    // A mediaType we do not know (an artifact type, a typo): read it by its shape if it has one.
    if (shape === undefined) {
      throw new BadDocumentError('manifest.mediaType', `is not an image index or manifest type: got ${quote(bodyType)}`);
    }
    kind = shape;
    mediaType = bodyType;
    warnings.push(`The document's mediaType ${bodyType} is not one Pullscope knows; it was read as ${article(shape)} by its fields.`);
  } else if (headerType !== undefined && headerKind !== undefined) {
    kind = headerKind;
    mediaType = headerType;
    if (shape !== undefined && shape !== headerKind) {
      // The fields are unambiguous; a registry that labels one type as another is the likelier fault.
      kind = shape;
      mediaType = defaultMediaType(shape, obj);
      warnings.push(
        `The registry's Content-Type (${headerType}) says ${article(headerKind)}, but the document has the fields of ${article(shape)}; it was read as ${article(shape)}.`,
      );
    }
  } else {
    if (shape === undefined) throw unrecognized(obj);
    kind = shape;
    mediaType = defaultMediaType(shape, obj);
    warnings.push(
      `Neither the document nor the registry's Content-Type${headerType ? ` (${headerType})` : ''} names a manifest media type; it was read as ${article(shape)} (${mediaType}) by its fields.`,
    );
  }

  switch (kind) {
    case 'index':
      checkIndex(obj, 'index');
      return { kind, mediaType, document: obj as unknown as ImageIndex, warnings };
    case 'manifest':
      checkManifest(obj, 'manifest');
      return { kind, mediaType, document: obj as unknown as ImageManifest, warnings };
    case 'schema1':
      checkSchema1(obj, 'manifest');
      return { kind, mediaType, document: obj as unknown as Schema1Manifest, warnings };
  }
}

/**
 * Parses and checks an image config (image-spec config.md):
 *
 *   config ::= { created?: string, author?: string, architecture: string, os: string,
 *                variant?: string, config?: { User?, ExposedPorts?, Env?, Entrypoint?, Cmd?,
 *                Volumes?, WorkingDir?, Labels?, StopSignal?, … },
 *                rootfs: { type: "layers", diff_ids: digest[] }, history?: history[] }
 *   history ::= { created?: string, created_by?: string, author?: string, comment?: string,
 *                 empty_layer?: boolean }
 */
export function parseImageConfig(bytes: Uint8Array): ImageConfig {
  const path = 'config';
  const obj = readJsonObject(bytes, path, MAX_CONFIG_BYTES);
  checkString(obj, 'architecture', path);
  checkString(obj, 'os', path);
  for (const key of ['created', 'author', 'variant', 'os.version', 'docker_version']) checkOptionalString(obj, key, path);
  checkOptionalStringArray(obj, 'os.features', path);

  if (obj.config !== undefined && obj.config !== null) checkContainerConfig(obj.config, `${path}.config`);

  checkObject(obj.rootfs, `${path}.rootfs`);
  checkString(obj.rootfs, 'type', `${path}.rootfs`);
  if (obj.rootfs.type !== 'layers') {
    throw new BadDocumentError(`${path}.rootfs.type`, `is not "layers": got ${quote(obj.rootfs.type)}`);
  }
  checkArray(obj.rootfs, 'diff_ids', `${path}.rootfs`).forEach((d, i) => checkDigest(d, `${path}.rootfs.diff_ids[${i}]`));

  if (obj.history !== undefined && obj.history !== null) {
    checkArray(obj, 'history', path).forEach((entry, i) => {
      const at = `${path}.history[${i}]`;
      checkObject(entry, at);
      for (const key of ['created', 'created_by', 'author', 'comment']) checkOptionalString(entry, key, at);
      checkOptionalBoolean(entry, 'empty_layer', at);
    });
  }
  return obj as unknown as ImageConfig;
}

function checkContainerConfig(value: unknown, path: string): void {
  checkObject(value, path);
  for (const key of ['User', 'WorkingDir', 'StopSignal']) checkOptionalString(value, key, path);
  for (const key of ['Env', 'Entrypoint', 'Cmd', 'OnBuild', 'Shell']) checkOptionalStringArray(value, key, path, true);
  checkOptionalStringMap(value, 'Labels', path, true);
  checkOptionalObjectMap(value, 'ExposedPorts', path);
  checkOptionalObjectMap(value, 'Volumes', path);
  if (value.Healthcheck !== undefined && value.Healthcheck !== null) {
    checkObject(value.Healthcheck, `${path}.Healthcheck`);
    checkOptionalStringArray(value.Healthcheck, 'Test', `${path}.Healthcheck`, true);
  }
}

function checkIndex(obj: JsonObject, path: string): void {
  checkSchemaVersion(obj, path, 2);
  checkArray(obj, 'manifests', path).forEach((d, i) => checkDescriptor(d, `${path}.manifests[${i}]`));
  checkCommon(obj, path);
}

function checkManifest(obj: JsonObject, path: string): void {
  checkSchemaVersion(obj, path, 2);
  checkDescriptor(obj.config, `${path}.config`);
  checkArray(obj, 'layers', path).forEach((d, i) => checkDescriptor(d, `${path}.layers[${i}]`));
  checkCommon(obj, path);
}

function checkCommon(obj: JsonObject, path: string): void {
  checkOptionalString(obj, 'artifactType', path);
  checkOptionalStringMap(obj, 'annotations', path);
  if (obj.subject !== undefined) checkDescriptor(obj.subject, `${path}.subject`);
}

function checkSchema1(obj: JsonObject, path: string): void {
  checkSchemaVersion(obj, path, 1);
  checkString(obj, 'name', path);
  checkString(obj, 'tag', path);
  checkString(obj, 'architecture', path);
  checkArray(obj, 'fsLayers', path).forEach((layer, i) => {
    checkObject(layer, `${path}.fsLayers[${i}]`);
    checkDigest(layer.blobSum, `${path}.fsLayers[${i}].blobSum`);
  });
  checkArray(obj, 'history', path).forEach((entry, i) => {
    checkObject(entry, `${path}.history[${i}]`);
    checkString(entry, 'v1Compatibility', `${path}.history[${i}]`);
  });
}

/** The media type's kind of document, or undefined for anything else. */
function kindOf(mediaType: string): ManifestKind | undefined {
  if (isIndexMediaType(mediaType)) return 'index';
  if (isManifestMediaType(mediaType)) return 'manifest';
  if (isSchema1MediaType(mediaType)) return 'schema1';
  return undefined;
}

// The fields each kind must have; enough to tell them apart when no type is named.
function sniffKind(obj: JsonObject): ManifestKind | undefined {
  if (Array.isArray(obj.manifests)) return 'index';
  if (obj.config !== undefined && Array.isArray(obj.layers)) return 'manifest';
  if (Array.isArray(obj.fsLayers) || obj.schemaVersion === 1) return 'schema1';
  return undefined;
}

function defaultMediaType(kind: ManifestKind, obj: JsonObject): string {
  switch (kind) {
    case 'index':
      return MediaType.OciIndex;
    case 'manifest': {
      const config = obj.config as JsonObject | undefined;
      return config?.mediaType === MediaType.DockerConfig ? MediaType.DockerManifest : MediaType.OciManifest;
    }
    case 'schema1':
      return obj.signatures !== undefined ? MediaType.DockerSchema1Signed : MediaType.DockerSchema1;
  }
}

/** "application/vnd.oci.image.index.v1+json; charset=utf-8" -> the type alone, lowercase (RFC 9110 §8.3.1). */
function normalizeContentType(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const type = contentType.split(';')[0].trim().toLowerCase();
  return type === '' ? undefined : type;
}

function unrecognized(obj: JsonObject): BadDocumentError {
  // A registry error body ({"errors":[{"code":…,"message":…}]}) that reached the parser anyway.
  if (Array.isArray(obj.errors) && obj.errors.length > 0) {
    const first = obj.errors[0] as JsonObject;
    return new BadDocumentError('manifest', `is a registry error, not a manifest: ${quote(first?.code)} ${quote(first?.message)}`);
  }
  return new BadDocumentError(
    'manifest',
    'has neither the fields of an index (manifests) nor of a manifest (config, layers), and no media type names it',
  );
}

function article(kind: ManifestKind): string {
  return kind === 'index' ? 'an index' : kind === 'manifest' ? 'a manifest' : 'a schema 1 manifest';
}
