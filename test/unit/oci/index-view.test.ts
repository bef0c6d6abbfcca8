import { describe, expect, it } from 'vitest';
import { toIndexView } from '@/lib/oci/index-view';
import { parseManifestDocument, type ParsedManifest } from '@/lib/oci/parse';
import { AMD64_MANIFEST, ARM64_MANIFEST, buildkitIndex, dockerManifestList, fakeDigest, jsonBytes } from './fixtures';

type ParsedIndex = Extract<ParsedManifest, { kind: 'index' }>;

function parseIndex(doc: object): ParsedIndex {
  const parsed = parseManifestDocument(jsonBytes(doc));
  if (parsed.kind !== 'index') throw new Error(`got kind ${parsed.kind}, want index`);
  return parsed;
}

const INDEX_DIGEST = fakeDigest('the index');

describe('toIndexView', () => {
  it('separates a BuildKit index into platforms and attestations, linking each to the other', () => {
    const view = toIndexView(parseIndex(buildkitIndex()), INDEX_DIGEST);
    expect(view.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(view.mediaTypeWords).toBe('OCI image index');
    expect(view.digest).toBe(INDEX_DIGEST);
    expect(view.platforms).toEqual([
      {
        platform: 'linux/amd64',
        os: 'linux',
        architecture: 'amd64',
        digest: AMD64_MANIFEST,
        size: 1013,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        attestation: fakeDigest('amd64 attestation'),
      },
      {
        platform: 'linux/arm64/v8',
        os: 'linux',
        architecture: 'arm64',
        variant: 'v8',
        digest: ARM64_MANIFEST,
        size: 1013,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        attestation: fakeDigest('arm64 attestation'),
      },
    ]);
    expect(view.attestations).toEqual([
      { digest: fakeDigest('amd64 attestation'), size: 839, refersTo: AMD64_MANIFEST, type: 'attestation-manifest' },
      { digest: fakeDigest('arm64 attestation'), size: 839, refersTo: ARM64_MANIFEST, type: 'attestation-manifest' },
    ]);
    expect(view.others).toEqual([]);
    expect(view.annotations).toEqual([['org.opencontainers.image.created', '2024-05-01T10:00:00Z']]);
  });

  it('lists every platform of a Docker manifest list, with the Windows build', () => {
    const view = toIndexView(parseIndex(dockerManifestList()), INDEX_DIGEST);
    expect(view.mediaTypeWords).toBe('Docker manifest list');
    expect(view.platforms.map((p) => p.platform)).toEqual([
      'linux/arm/v5',
      'linux/arm/v7',
      'linux/arm64/v8',
      'linux/386',
      'linux/amd64',
      'windows/amd64',
    ]);
    expect(view.platforms[5].osVersion).toBe('10.0.17763.5820');
    expect(view.attestations).toEqual([]);
    expect(view.annotations).toEqual([]);
  });

  it('puts entries without a platform under others', () => {
    const doc = buildkitIndex();
    const sbom = {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: fakeDigest('sbom artifact'),
      size: 700,
      artifactType: 'application/spdx+json',
    };
    const view = toIndexView(parseIndex({ ...doc, manifests: [...doc.manifests, sbom] }), INDEX_DIGEST);
    expect(view.others).toEqual([
      {
        digest: sbom.digest,
        size: 700,
        mediaType: sbom.mediaType,
        mediaTypeWords: 'OCI image manifest',
        artifactType: 'application/spdx+json',
      },
    ]);
    expect(view.platforms).toHaveLength(2);
  });
});
