import { describe, expect, it } from 'vitest';
import { ATTESTATION_NOTICE, SCHEMA1_DEPRECATION, toManifestView } from '@/lib/oci/manifest-view';
import { parseManifestDocument } from '@/lib/oci/parse';
import {
  CONFIG_DIGEST,
  LAYER_DIGESTS,
  buildkitIndex,
  dockerManifest,
  fakeDigest,
  jsonBytes,
  ociManifestZstd,
  schema1Manifest,
} from './fixtures';

const DIGEST = fakeDigest('this manifest');

describe('toManifestView', () => {
  it('shows a Docker schema 2 manifest: config, gzip layers, total size', () => {
    const view = toManifestView(parseManifestDocument(jsonBytes(dockerManifest())), DIGEST);
    expect(view.kind).toBe('manifest');
    expect(view.mediaTypeWords).toBe('Docker schema 2 manifest');
    expect(view.schema1).toBe(false);
    expect(view.notice).toBeUndefined();
    expect(view.config).toEqual({
      digest: CONFIG_DIGEST,
      size: 7023,
      mediaType: 'application/vnd.docker.container.image.v1+json',
      mediaTypeWords: 'Docker image config',
    });
    expect(view.layers.map((l) => [l.index, l.compression, l.size, l.digest])).toEqual([
      [0, 'gzip', 32654, LAYER_DIGESTS[0]],
      [1, 'gzip', 16724, LAYER_DIGESTS[1]],
      [2, 'gzip', 73109, LAYER_DIGESTS[2]],
    ]);
    expect(view.totalSize).toBe(32654 + 16724 + 73109);
    expect(view.artifactType).toBeUndefined();
    expect(view.annotations).toEqual([]);
  });

  it("says what BuildKit's attestation manifest is: in-toto statements, not a filesystem", () => {
    const statement = { mediaType: 'application/vnd.in-toto+json', digest: LAYER_DIGESTS[0], size: 366 };
    const manifest = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: CONFIG_DIGEST, size: 167 },
      layers: [statement, { ...statement, digest: LAYER_DIGESTS[1] }],
    };
    const view = toManifestView(parseManifestDocument(jsonBytes(manifest)), DIGEST);
    expect(view.notice).toBe(ATTESTATION_NOTICE);
    expect(view.layers.map((l) => [l.mediaTypeWords, l.unpackable])).toEqual([
      ['in-toto attestation', false],
      ['in-toto attestation', false],
    ]);
    // One statement beside a filesystem layer is something else, and gets no such notice.
    const mixed = toManifestView(parseManifestDocument(jsonBytes({ ...manifest, layers: [dockerManifest().layers[0], statement] })), DIGEST);
    expect(mixed.notice).toBeUndefined();
  });

  it('shows an OCI manifest with zstd, plain and non-distributable layers', () => {
    const view = toManifestView(parseManifestDocument(jsonBytes(ociManifestZstd())), DIGEST);
    expect(view.mediaTypeWords).toBe('OCI image manifest');
    const [foreign, zstd, plain] = view.layers;
    expect(foreign).toMatchObject({ compression: 'gzip', nondistributable: true, unpackable: true, urls: [expect.stringContaining('https://')] });
    expect(zstd).toMatchObject({ compression: 'zstd', nondistributable: false, mediaTypeWords: 'OCI layer (tar, zstd)' });
    expect(zstd.urls).toBeUndefined();
    expect(plain).toMatchObject({
      compression: 'none',
      annotations: [
        ['a.first', 'yes'],
        ['org.opencontainers.image.title', 'app.tar'],
      ],
    });
    expect(view.totalSize).toBe(1048576 + 2048 + 10240);
    expect(view.annotations).toEqual([
      ['com.example.b', '2'],
      ['org.opencontainers.image.source', 'https://example.com/app'],
    ]);
  });

  it('names the artifact type of a non-image manifest and marks unknown layers not unpackable', () => {
    const doc = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.cncf.helm.config.v1+json', digest: CONFIG_DIGEST, size: 10 },
      layers: [{ mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', digest: LAYER_DIGESTS[0], size: 5 }],
      subject: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: fakeDigest('subject'), size: 9 },
    };
    const view = toManifestView(parseManifestDocument(jsonBytes(doc)), DIGEST);
    expect(view.artifactType).toBe('application/vnd.cncf.helm.config.v1+json');
    expect(view.layers[0]).toMatchObject({ compression: undefined, unpackable: false });
    expect(view.subject).toEqual({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      mediaTypeWords: 'OCI image manifest',
      digest: fakeDigest('subject'),
      size: 9,
    });
  });

  it('prefers an explicit artifactType', () => {
    const doc = { ...ociManifestZstd(), artifactType: 'application/vnd.example.sbom' };
    expect(toManifestView(parseManifestDocument(jsonBytes(doc)), DIGEST).artifactType).toBe('application/vnd.example.sbom');
  });

  it('shows a schema 1 manifest as deprecated, base layer first, sizes unknown', () => {
    const view = toManifestView(
      parseManifestDocument(jsonBytes(schema1Manifest()), 'application/vnd.docker.distribution.manifest.v1+prettyjws'),
      DIGEST,
    );
    expect(view.kind).toBe('schema1');
    expect(view.schema1).toBe(true);
    expect(view.notice).toBe(SCHEMA1_DEPRECATION);
    expect(view.mediaTypeWords).toBe('Docker schema 1 signed manifest (deprecated)');
    expect(view.config).toBeUndefined();
    expect(view.layers.map((l) => l.digest)).toEqual([fakeDigest('s1 base'), fakeDigest('s1 middle'), fakeDigest('s1 top')]);
    expect(view.layers.every((l) => l.size === undefined && l.compression === 'gzip')).toBe(true);
    expect(view.totalSize).toBeUndefined();
  });

  it('says an index is not a manifest when one is shown in its place', () => {
    const view = toManifestView(parseManifestDocument(jsonBytes(buildkitIndex())), DIGEST);
    expect(view.kind).toBe('index');
    expect(view.layers).toEqual([]);
    expect(view.notice).toMatch(/index, not an image manifest/);
  });
});
