import { describe, expect, it } from 'vitest';
import {
  MANIFEST_ACCEPT,
  MediaType,
  describeMediaType,
  isIndexMediaType,
  isLayerMediaType,
  isManifestMediaType,
  isNondistributable,
  isSchema1MediaType,
  layerCompression,
} from '@/lib/oci/media-types';

describe('media type predicates', () => {
  const cases: {
    mt: string;
    index?: boolean;
    manifest?: boolean;
    schema1?: boolean;
    compression?: 'gzip' | 'zstd' | 'none';
    nondistributable?: boolean;
  }[] = [
    { mt: 'application/vnd.oci.image.index.v1+json', index: true },
    { mt: 'application/vnd.docker.distribution.manifest.list.v2+json', index: true },
    { mt: 'application/vnd.oci.image.manifest.v1+json', manifest: true },
    { mt: 'application/vnd.docker.distribution.manifest.v2+json', manifest: true },
    { mt: 'application/vnd.docker.distribution.manifest.v1+json', schema1: true },
    { mt: 'application/vnd.docker.distribution.manifest.v1+prettyjws', schema1: true },
    { mt: 'application/vnd.oci.image.layer.v1.tar', compression: 'none' },
    { mt: 'application/vnd.oci.image.layer.v1.tar+gzip', compression: 'gzip' },
    { mt: 'application/vnd.oci.image.layer.v1.tar+zstd', compression: 'zstd' },
    { mt: 'application/vnd.oci.image.layer.nondistributable.v1.tar', compression: 'none', nondistributable: true },
    { mt: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip', compression: 'gzip', nondistributable: true },
    { mt: 'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd', compression: 'zstd', nondistributable: true },
    { mt: 'application/vnd.docker.image.rootfs.diff.tar.gzip', compression: 'gzip' },
    { mt: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', compression: 'gzip', nondistributable: true },
    { mt: 'application/vnd.oci.image.config.v1+json' },
    { mt: 'application/vnd.in-toto+json' },
    { mt: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip' },
    { mt: 'application/vnd.oci.image.layer.v1.tar+gzip+encrypted' },
    { mt: '' },
  ];
  it.each(cases)('classifies $mt', (c) => {
    expect(isIndexMediaType(c.mt), 'isIndexMediaType').toBe(c.index ?? false);
    expect(isManifestMediaType(c.mt), 'isManifestMediaType').toBe(c.manifest ?? false);
    expect(isSchema1MediaType(c.mt), 'isSchema1MediaType').toBe(c.schema1 ?? false);
    expect(isLayerMediaType(c.mt), 'isLayerMediaType').toBe(c.compression !== undefined);
    expect(layerCompression(c.mt), 'layerCompression').toBe(c.compression);
    expect(isNondistributable(c.mt), 'isNondistributable').toBe(c.nondistributable ?? false);
  });
});

describe('describeMediaType', () => {
  it.each([
    [MediaType.OciIndex, 'OCI image index'],
    [MediaType.OciManifest, 'OCI image manifest'],
    [MediaType.DockerManifest, 'Docker schema 2 manifest'],
    [MediaType.DockerManifestList, 'Docker manifest list'],
    [MediaType.DockerSchema1, 'Docker schema 1 manifest (deprecated)'],
    [MediaType.OciLayerZstd, 'OCI layer (tar, zstd)'],
    ['application/x-something-else', 'application/x-something-else'],
  ])('describes %s as %j', (mt, want) => {
    expect(describeMediaType(mt)).toBe(want);
  });

  it('has words for every named media type', () => {
    for (const [name, mt] of Object.entries(MediaType)) {
      expect(describeMediaType(mt), `MediaType.${name} has no words`).not.toBe(mt);
    }
  });
});

describe('MANIFEST_ACCEPT', () => {
  it('lists exactly the four manifest types, no schema 1', () => {
    const listed = MANIFEST_ACCEPT.split(',').map((s) => s.trim());
    expect(listed.sort()).toEqual(
      [MediaType.OciIndex, MediaType.OciManifest, MediaType.DockerManifestList, MediaType.DockerManifest].sort(),
    );
  });
});
