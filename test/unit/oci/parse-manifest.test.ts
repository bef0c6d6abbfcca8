import { describe, expect, it } from 'vitest';
import { PullscopeError } from '@/lib/errors';
import { BadDocumentError, DocumentTooLargeError, NotJsonError } from '@/lib/oci/document-errors';
import { MAX_MANIFEST_BYTES, parseManifestDocument } from '@/lib/oci/parse';
import { buildkitIndex, dockerManifest, dockerManifestList, jsonBytes, ociManifestZstd, schema1Manifest } from './fixtures';

const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const DOCKER_V2 = 'application/vnd.docker.distribution.manifest.v2+json';
const SCHEMA1_SIGNED = 'application/vnd.docker.distribution.manifest.v1+prettyjws';

function withoutMediaType<T extends object>(doc: T): T {
  const copy = { ...doc } as Record<string, unknown>;
  delete copy.mediaType;
  return copy as T;
}

describe('parseManifestDocument: kinds and media types', () => {
  const cases: { name: string; doc: object; contentType?: string; kind: string; mediaType: string; warnings: number }[] = [
    { name: 'BuildKit OCI index', doc: buildkitIndex(), contentType: OCI_INDEX, kind: 'index', mediaType: OCI_INDEX, warnings: 0 },
    { name: 'Docker manifest list', doc: dockerManifestList(), contentType: DOCKER_LIST, kind: 'index', mediaType: DOCKER_LIST, warnings: 0 },
    { name: 'Docker schema 2 manifest', doc: dockerManifest(), contentType: DOCKER_V2, kind: 'manifest', mediaType: DOCKER_V2, warnings: 0 },
    { name: 'OCI manifest with zstd layer', doc: ociManifestZstd(), contentType: OCI_MANIFEST, kind: 'manifest', mediaType: OCI_MANIFEST, warnings: 0 },
    { name: 'signed schema 1', doc: schema1Manifest(), contentType: SCHEMA1_SIGNED, kind: 'schema1', mediaType: SCHEMA1_SIGNED, warnings: 0 },
    {
      name: 'Content-Type with parameters and upper case',
      doc: withoutMediaType(ociManifestZstd()),
      contentType: 'Application/VND.oci.image.manifest.v1+json; charset=utf-8',
      kind: 'manifest',
      mediaType: OCI_MANIFEST,
      warnings: 0,
    },
    {
      name: 'OCI index without mediaType, typed by the header',
      doc: withoutMediaType(buildkitIndex()),
      contentType: OCI_INDEX,
      kind: 'index',
      mediaType: OCI_INDEX,
      warnings: 0,
    },
    {
      name: 'generic application/json header: the body decides, silently',
      doc: dockerManifest(),
      contentType: 'application/json',
      kind: 'manifest',
      mediaType: DOCKER_V2,
      warnings: 0,
    },
    {
      name: 'no type anywhere: sniffed index',
      doc: withoutMediaType(buildkitIndex()),
      kind: 'index',
      mediaType: OCI_INDEX,
      warnings: 1,
    },
    {
      name: 'no type anywhere: sniffed manifest with a Docker config is Docker schema 2',
      doc: withoutMediaType(dockerManifest()),
      contentType: 'application/json',
      kind: 'manifest',
      mediaType: DOCKER_V2,
      warnings: 1,
    },
    {
      name: 'no type anywhere: sniffed OCI manifest',
      doc: withoutMediaType(ociManifestZstd()),
      kind: 'manifest',
      mediaType: OCI_MANIFEST,
      warnings: 1,
    },
    {
      name: 'schema 1 served as application/json: sniffed by fsLayers',
      doc: schema1Manifest(),
      contentType: 'application/json',
      kind: 'schema1',
      mediaType: SCHEMA1_SIGNED,
      warnings: 1,
    },
  ];
  it.each(cases)('$name', (c) => {
    const parsed = parseManifestDocument(jsonBytes(c.doc), c.contentType);
    expect(parsed.kind).toBe(c.kind);
    expect(parsed.mediaType).toBe(c.mediaType);
    expect(parsed.warnings, `warnings: ${JSON.stringify(parsed.warnings)}`).toHaveLength(c.warnings);
  });

  it('returns the document as sent, unknown fields included', () => {
    const doc = { ...dockerManifest(), 'x-extension': { kept: true } };
    const parsed = parseManifestDocument(jsonBytes(doc), DOCKER_V2);
    expect(parsed.document).toEqual(doc);
  });

  it('warns when the Content-Type and the document mediaType disagree, and uses the document', () => {
    const parsed = parseManifestDocument(jsonBytes(dockerManifest()), OCI_MANIFEST);
    expect(parsed.mediaType).toBe(DOCKER_V2);
    expect(parsed.warnings).toHaveLength(1);
    expect(parsed.warnings[0]).toContain(OCI_MANIFEST);
    expect(parsed.warnings[0]).toContain(DOCKER_V2);
  });

  it('reads a document by its fields when the Content-Type names the other kind', () => {
    const parsed = parseManifestDocument(jsonBytes(withoutMediaType(buildkitIndex())), OCI_MANIFEST);
    expect(parsed.kind).toBe('index');
    expect(parsed.mediaType).toBe(OCI_INDEX);
    expect(parsed.warnings[0]).toMatch(/says a manifest, but the document has the fields of an index/);
  });

  it('reads an unknown document mediaType by shape, with a warning', () => {
    const doc = { ...ociManifestZstd(), mediaType: 'application/vnd.example.manifest+json' };
    const parsed = parseManifestDocument(jsonBytes(doc));
    expect(parsed.kind).toBe('manifest');
    expect(parsed.mediaType).toBe('application/vnd.example.manifest+json');
    expect(parsed.warnings[0]).toContain('application/vnd.example.manifest+json');
  });
});

describe('parseManifestDocument: bad documents', () => {
  const index = buildkitIndex;
  const manifest = ociManifestZstd;
  const cases: { name: string; doc: unknown; contentType?: string; path: string; message: RegExp }[] = [
    {
      name: 'layer digest not a digest',
      doc: { ...manifest(), layers: [manifest().layers[0], manifest().layers[1], { ...manifest().layers[2], digest: 'abc' }] },
      path: 'manifest.layers[2].digest',
      message: /^manifest\.layers\[2\]\.digest is not a digest: got "abc"$/,
    },
    {
      name: 'sha256 digest of the wrong length',
      doc: { ...manifest(), config: { ...manifest().config, digest: 'sha256:abcd' } },
      path: 'manifest.config.digest',
      message: /is not a digest/,
    },
    {
      name: 'sha256 digest in upper case',
      doc: { ...manifest(), config: { ...manifest().config, digest: manifest().config.digest.toUpperCase().replace('SHA256', 'sha256') } },
      path: 'manifest.config.digest',
      message: /is not a digest/,
    },
    {
      name: 'negative size',
      doc: { ...manifest(), layers: [{ ...manifest().layers[1], size: -1 }] },
      path: 'manifest.layers[0].size',
      message: /is not a non-negative integer: got -1/,
    },
    {
      name: 'fractional size',
      doc: { ...manifest(), layers: [{ ...manifest().layers[1], size: 1.5 }] },
      path: 'manifest.layers[0].size',
      message: /non-negative integer/,
    },
    {
      name: 'size as a string',
      doc: { ...manifest(), config: { ...manifest().config, size: '1470' } },
      path: 'manifest.config.size',
      message: /non-negative integer: got "1470"/,
    },
    {
      name: 'missing config',
      doc: { schemaVersion: 2, mediaType: OCI_MANIFEST, layers: [] },
      path: 'manifest.config',
      message: /^manifest\.config is missing$/,
    },
    {
      name: 'missing layer mediaType',
      doc: { ...manifest(), layers: [{ digest: manifest().layers[1].digest, size: 1 }] },
      path: 'manifest.layers[0].mediaType',
      message: /is missing/,
    },
    {
      name: 'schemaVersion 3',
      doc: { ...manifest(), schemaVersion: 3 },
      path: 'manifest.schemaVersion',
      message: /is not 2: got 3/,
    },
    {
      name: 'schemaVersion missing',
      doc: (() => {
        const d: Record<string, unknown> = { ...index() };
        delete d.schemaVersion;
        return d;
      })(),
      path: 'index.schemaVersion',
      message: /is missing/,
    },
    {
      name: 'index entry digest bad',
      doc: { ...index(), manifests: [{ ...index().manifests[0], digest: 'sha256:xyz' }] },
      path: 'index.manifests[0].digest',
      message: /is not a digest/,
    },
    {
      name: 'index entry platform without os',
      doc: { ...index(), manifests: [{ ...index().manifests[0], platform: { architecture: 'amd64' } }] },
      path: 'index.manifests[0].platform.os',
      message: /is missing/,
    },
    {
      name: 'index manifests not an array',
      doc: { schemaVersion: 2, mediaType: OCI_INDEX, manifests: {} },
      path: 'index.manifests',
      message: /is not an array/,
    },
    {
      name: 'index typed by mediaType but shaped as a manifest',
      doc: { ...manifest(), mediaType: OCI_INDEX },
      path: 'index.manifests',
      message: /is missing/,
    },
    {
      name: 'annotation value not a string',
      doc: { ...manifest(), annotations: { 'org.example.count': 3 } },
      path: 'manifest.annotations["org.example.count"]',
      message: /is not a string: got 3/,
    },
    {
      name: 'urls not strings',
      doc: { ...manifest(), layers: [{ ...manifest().layers[0], urls: [42] }] },
      path: 'manifest.layers[0].urls[0]',
      message: /is not a string/,
    },
    {
      name: 'subject not a descriptor',
      doc: { ...manifest(), subject: { mediaType: OCI_MANIFEST, digest: 'nope', size: 1 } },
      path: 'manifest.subject.digest',
      message: /is not a digest/,
    },
    {
      name: 'mediaType not a string',
      doc: { ...manifest(), mediaType: 7 },
      path: 'manifest.mediaType',
      message: /is not a string/,
    },
    {
      name: 'schema 1 blobSum bad',
      doc: { ...schema1Manifest(), fsLayers: [{ blobSum: 'tarsum.dev+sha256:' }] },
      contentType: SCHEMA1_SIGNED,
      path: 'manifest.fsLayers[0].blobSum',
      message: /is not a digest/,
    },
    {
      name: 'unknown mediaType and unknown shape',
      doc: { schemaVersion: 2, mediaType: 'application/vnd.oci.artifact.manifest.v1+json', blobs: [] },
      path: 'manifest.mediaType',
      message: /is not an image index or manifest type/,
    },
    {
      name: 'no type and no recognizable fields',
      doc: { hello: 'world' },
      path: 'manifest',
      message: /neither the fields of an index/,
    },
    {
      name: 'a registry error body',
      doc: { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] },
      contentType: 'application/json',
      path: 'manifest',
      message: /registry error.*MANIFEST_UNKNOWN/,
    },
    {
      name: 'JSON array at the top',
      doc: [1, 2],
      path: 'manifest',
      message: /is not a JSON object: got an array/,
    },
  ];
  it.each(cases)('$name -> $path', (c) => {
    let caught: unknown;
    try {
      parseManifestDocument(jsonBytes(c.doc), c.contentType);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(BadDocumentError);
    const err = caught as BadDocumentError;
    expect(err.code).toBe('BAD_DOCUMENT');
    expect(err.status).toBe(502);
    expect(err.path, `got path ${err.path}, want ${c.path}`).toBe(c.path);
    expect(err.message).toMatch(c.message);
    expect(err.toWire()).toMatchObject({ code: 'BAD_DOCUMENT', path: c.path });
  });
});

describe('parseManifestDocument: not JSON, too large', () => {
  it('says an HTML page is not a registry answer, quoting its start', () => {
    const html = new TextEncoder().encode('<html>\n<head><title>Sign in</title></head><body>please log in to continue</body></html>');
    let caught: unknown;
    try {
      parseManifestDocument(html, 'text/html');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(NotJsonError);
    const err = caught as NotJsonError;
    expect(err.code).toBe('NOT_JSON');
    expect(err.message).toMatch(/not JSON: starts with '<html>\\u000a<head>/);
    expect(err.message.endsWith("…'")).toBe(true);
    expect(err.suggestion).toMatch(/not a container registry/);
  });

  it.each([
    ['empty body', new Uint8Array(0), /answered an empty manifest/],
    ['truncated JSON', new TextEncoder().encode('{"schemaVersion": 2, "manif'), /not JSON: starts with '\{"schemaVersion"/],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), /not JSON/],
  ])('refuses %s as not JSON', (_name, bytes, message) => {
    expect(() => parseManifestDocument(bytes)).toThrow(message);
    expect(() => parseManifestDocument(bytes)).toThrow(NotJsonError);
  });

  it('refuses a manifest that starts with a UTF-8 byte-order mark, as docker does', () => {
    const json = new TextEncoder().encode(JSON.stringify(ociManifestZstd()));
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...json]);
    let caught: unknown;
    try {
      parseManifestDocument(bytes, OCI_MANIFEST);
    } catch (err) {
      caught = err;
    }
    expect(caught, 'got the manifest accepted, want it refused').toBeInstanceOf(BadDocumentError);
    expect((caught as BadDocumentError).message).toBe(
      'manifest starts with a UTF-8 byte-order mark (bytes EF BB BF) before its JSON; docker and containerd refuse such a document too',
    );
    expect(parseManifestDocument(json, OCI_MANIFEST).kind).toBe('manifest');
  });

  it('refuses a manifest over 4 MiB before parsing it', () => {
    const bytes = new Uint8Array(MAX_MANIFEST_BYTES + 1).fill(0x20);
    let caught: unknown;
    try {
      parseManifestDocument(bytes);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DocumentTooLargeError);
    expect((caught as PullscopeError).code).toBe('DOCUMENT_TOO_LARGE');
    expect((caught as PullscopeError).status).toBe(502);
  });

  it('accepts a manifest of exactly 4 MiB', () => {
    const text = JSON.stringify(ociManifestZstd());
    const bytes = new Uint8Array(MAX_MANIFEST_BYTES).fill(0x20);
    bytes.set(new TextEncoder().encode(text));
    expect(parseManifestDocument(bytes).kind).toBe('manifest');
  });
});
