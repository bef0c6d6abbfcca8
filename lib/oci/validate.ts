/**
 * Structural checks shared by the document parsers. Each check takes the
 * value and its path ("manifest.layers[2]") and throws a BadDocumentError
 * naming the first field that breaks the spec. Unknown fields are allowed:
 * the image-spec requires readers to ignore them (considerations.md#extensibility).
 *
 *   descriptor ::= { mediaType: string, digest: digest, size: int64 >= 0,
 *                    urls?: string[], annotations?: map<string,string>,
 *                    platform?: platform, artifactType?: string, data?: string }
 *   platform   ::= { architecture: string, os: string, "os.version"?: string,
 *                    "os.features"?: string[], variant?: string, features?: string[] }
 *   (image-spec descriptor.md#properties, image-index.md#image-index-property-descriptions)
 */
import { isDigest, isSha256Digest } from '../digest';
import { BadDocumentError } from './document-errors';

/** A JSON object, as the parsers see one before it is checked. */
export type JsonObject = Record<string, unknown>;

// sha512 is the other algorithm the image-spec registers (descriptor.md#registered-algorithms).
const SHA512_HEX = /^[a-f0-9]{128}$/;

/** A short rendering of an offending value for error messages. */
export function quote(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** Checks that `value` is a JSON object (not null, not an array). */
export function checkObject(value: unknown, path: string): asserts value is JsonObject {
  if (value === undefined) throw new BadDocumentError(path, 'is missing');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BadDocumentError(path, `is not an object: got ${quote(value)}`);
  }
}

/** Checks a required string field. */
export function checkString(obj: JsonObject, key: string, path: string): void {
  const value = obj[key];
  if (value === undefined) throw new BadDocumentError(`${path}.${key}`, 'is missing');
  if (typeof value !== 'string') throw new BadDocumentError(`${path}.${key}`, `is not a string: got ${quote(value)}`);
}

/** Checks an optional string field. */
export function checkOptionalString(obj: JsonObject, key: string, path: string): void {
  if (obj[key] !== undefined) checkString(obj, key, path);
}

/** Checks an optional boolean field. */
export function checkOptionalBoolean(obj: JsonObject, key: string, path: string): void {
  const value = obj[key];
  if (value !== undefined && typeof value !== 'boolean') {
    throw new BadDocumentError(`${path}.${key}`, `is not true or false: got ${quote(value)}`);
  }
}

/** Checks an optional array of strings; `nullable` admits the `null` Docker writes for unset lists. */
export function checkOptionalStringArray(obj: JsonObject, key: string, path: string, nullable = false): void {
  const value = obj[key];
  if (value === undefined || (nullable && value === null)) return;
  if (!Array.isArray(value)) throw new BadDocumentError(`${path}.${key}`, `is not an array: got ${quote(value)}`);
  value.forEach((item, i) => {
    if (typeof item !== 'string') {
      throw new BadDocumentError(`${path}.${key}[${i}]`, `is not a string: got ${quote(item)}`);
    }
  });
}

/** Checks an optional string-to-string map (annotations, labels). */
export function checkOptionalStringMap(obj: JsonObject, key: string, path: string, nullable = false): void {
  const value = obj[key];
  if (value === undefined || (nullable && value === null)) return;
  checkObject(value, `${path}.${key}`);
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') {
      throw new BadDocumentError(`${path}.${key}[${JSON.stringify(k)}]`, `is not a string: got ${quote(v)}`);
    }
  }
}

/** Checks an optional set written as a map to empty objects (`ExposedPorts`, `Volumes`). */
export function checkOptionalObjectMap(obj: JsonObject, key: string, path: string): void {
  const value = obj[key];
  if (value === undefined || value === null) return;
  checkObject(value, `${path}.${key}`);
}

/** Checks a required array field and returns it for per-item checks. */
export function checkArray(obj: JsonObject, key: string, path: string): unknown[] {
  const value = obj[key];
  if (value === undefined) throw new BadDocumentError(`${path}.${key}`, 'is missing');
  if (!Array.isArray(value)) throw new BadDocumentError(`${path}.${key}`, `is not an array: got ${quote(value)}`);
  return value;
}

/** Checks that `value` is a well-formed digest; sha256 and sha512 must also have their exact length. */
export function checkDigest(value: unknown, path: string): void {
  if (value === undefined) throw new BadDocumentError(path, 'is missing');
  const ok =
    typeof value === 'string' &&
    isDigest(value) &&
    (!value.startsWith('sha256:') || isSha256Digest(value)) &&
    (!value.startsWith('sha512:') || SHA512_HEX.test(value.slice(7)));
  if (!ok) throw new BadDocumentError(path, `is not a digest: got ${quote(value)}`);
}

/** Checks `schemaVersion` against the one value the document kind allows. */
export function checkSchemaVersion(obj: JsonObject, path: string, want: number): void {
  const value = obj.schemaVersion;
  if (value === undefined) throw new BadDocumentError(`${path}.schemaVersion`, 'is missing');
  if (value !== want) throw new BadDocumentError(`${path}.schemaVersion`, `is not ${want}: got ${quote(value)}`);
}

/** Checks a descriptor (descriptor.md#properties). */
export function checkDescriptor(value: unknown, path: string): void {
  checkObject(value, path);
  checkString(value, 'mediaType', path);
  checkDigest(value.digest, `${path}.digest`);
  const size = value.size;
  if (size === undefined) throw new BadDocumentError(`${path}.size`, 'is missing');
  // int64 in the spec; past 2^53 a JavaScript number is no longer exact.
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new BadDocumentError(`${path}.size`, `is not a non-negative integer: got ${quote(size)}`);
  }
  checkOptionalStringArray(value, 'urls', path);
  checkOptionalStringMap(value, 'annotations', path);
  checkOptionalString(value, 'artifactType', path);
  checkOptionalString(value, 'data', path);
  if (value.platform !== undefined) checkPlatform(value.platform, `${path}.platform`);
}

/** Checks a platform object (image-index.md, `platform`). */
export function checkPlatform(value: unknown, path: string): void {
  checkObject(value, path);
  checkString(value, 'architecture', path);
  checkString(value, 'os', path);
  checkOptionalString(value, 'os.version', path);
  checkOptionalStringArray(value, 'os.features', path);
  checkOptionalString(value, 'variant', path);
  checkOptionalStringArray(value, 'features', path);
}
