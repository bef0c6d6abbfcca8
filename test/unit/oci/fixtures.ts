/**
 * Real-shaped image documents, built in code: what BuildKit, the classic
 * Docker builder and old registries actually write, with deterministic digests.
 */
import { createHash } from 'node:crypto';

/** A well-formed sha256 digest derived from a name, so fixtures read as what they stand for. */
export function fakeDigest(name: string): string {
  return `sha256:${createHash('sha256').update(name).digest('hex')}`;
}

/** The exact bytes a registry would send for this JSON value. */
export function jsonBytes(value: unknown, indent = 3): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value, null, indent));
}

export const AMD64_MANIFEST = fakeDigest('amd64 manifest');
export const ARM64_MANIFEST = fakeDigest('arm64 manifest');

/** An OCI index as `docker buildx build --platform linux/amd64,linux/arm64 --push` writes it: two images, two attestations. */
export function buildkitIndex() {
  return {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: AMD64_MANIFEST,
        size: 1013,
        platform: { architecture: 'amd64', os: 'linux' },
      },
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: ARM64_MANIFEST,
        size: 1013,
        platform: { architecture: 'arm64', os: 'linux', variant: 'v8' },
      },
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: fakeDigest('amd64 attestation'),
        size: 839,
        annotations: {
          'vnd.docker.reference.digest': AMD64_MANIFEST,
          'vnd.docker.reference.type': 'attestation-manifest',
        },
        platform: { architecture: 'unknown', os: 'unknown' },
      },
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: fakeDigest('arm64 attestation'),
        size: 839,
        annotations: {
          'vnd.docker.reference.digest': ARM64_MANIFEST,
          'vnd.docker.reference.type': 'attestation-manifest',
        },
        platform: { architecture: 'unknown', os: 'unknown' },
      },
    ],
    annotations: { 'org.opencontainers.image.created': '2024-05-01T10:00:00Z' },
  };
}

/** A Docker manifest list like the official images had: several platforms including arm v5/v7 and a Windows build. */
export function dockerManifestList() {
  const entry = (name: string, platform: Record<string, unknown>) => ({
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    size: 528,
    digest: fakeDigest(name),
    platform,
  });
  return {
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
    manifests: [
      entry('arm v5', { architecture: 'arm', os: 'linux', variant: 'v5' }),
      entry('arm v7', { architecture: 'arm', os: 'linux', variant: 'v7' }),
      entry('arm64', { architecture: 'arm64', os: 'linux', variant: 'v8' }),
      entry('386', { architecture: '386', os: 'linux' }),
      entry('amd64', { architecture: 'amd64', os: 'linux' }),
      entry('windows', { architecture: 'amd64', os: 'windows', 'os.version': '10.0.17763.5820' }),
    ],
  };
}

export const CONFIG_DIGEST = fakeDigest('config');
export const LAYER_DIGESTS = [fakeDigest('layer 0'), fakeDigest('layer 1'), fakeDigest('layer 2')];
export const DIFF_IDS = [fakeDigest('diff 0'), fakeDigest('diff 1'), fakeDigest('diff 2')];

/** A Docker schema 2 manifest as the classic builder pushes it. */
export function dockerManifest() {
  return {
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 7023, digest: CONFIG_DIGEST },
    layers: [
      { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 32654, digest: LAYER_DIGESTS[0] },
      { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 16724, digest: LAYER_DIGESTS[1] },
      { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 73109, digest: LAYER_DIGESTS[2] },
    ],
  };
}

/** An OCI manifest with a zstd layer and a foreign-style non-distributable layer, as BuildKit (compression=zstd) writes. */
export function ociManifestZstd() {
  return {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: CONFIG_DIGEST, size: 1470 },
    layers: [
      {
        mediaType: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
        digest: LAYER_DIGESTS[0],
        size: 1048576,
        urls: ['https://mcr.microsoft.com/v2/windows/blobs/' + LAYER_DIGESTS[0]],
      },
      { mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd', digest: LAYER_DIGESTS[1], size: 2048 },
      {
        mediaType: 'application/vnd.oci.image.layer.v1.tar',
        digest: LAYER_DIGESTS[2],
        size: 10240,
        annotations: { 'org.opencontainers.image.title': 'app.tar', 'a.first': 'yes' },
      },
    ],
    annotations: { 'org.opencontainers.image.source': 'https://example.com/app', 'com.example.b': '2' },
  };
}

/** A signed Docker schema 1 manifest (what `registry:2` served to pre-1.10 clients). */
export function schema1Manifest() {
  return {
    schemaVersion: 1,
    name: 'library/busybox',
    tag: '1.21',
    architecture: 'amd64',
    fsLayers: [{ blobSum: fakeDigest('s1 top') }, { blobSum: fakeDigest('s1 middle') }, { blobSum: fakeDigest('s1 base') }],
    history: [
      { v1Compatibility: '{"id":"c","parent":"b","config":{"Cmd":["sh"]}}' },
      { v1Compatibility: '{"id":"b","parent":"a"}' },
      { v1Compatibility: '{"id":"a"}' },
    ],
    signatures: [{ header: { alg: 'ES256' }, signature: 'abc', protected: 'def' }],
  };
}

/** A Docker image config as the classic builder writes it, `null`s included, history with empty layers. */
export function classicConfig() {
  return {
    architecture: 'amd64',
    os: 'linux',
    created: '2024-04-01T12:00:00.123456789Z',
    docker_version: '20.10.23',
    config: {
      Hostname: '',
      User: 'app',
      ExposedPorts: { '8080/tcp': {}, '443/tcp': {}, '53/udp': {} },
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'OPTS=a=b=c', 'EMPTY='],
      Cmd: ['nginx', '-g', 'daemon off;'],
      Entrypoint: null,
      Volumes: { '/var/cache': {}, '/data': {} },
      WorkingDir: '/srv',
      Labels: { maintainer: 'NGINX <docker-maint@nginx.com>', 'a.b': 'first' },
      StopSignal: 'SIGQUIT',
      OnBuild: null,
    },
    rootfs: { type: 'layers', diff_ids: [...DIFF_IDS] },
    history: [
      { created: '2024-03-01T00:00:00Z', created_by: '/bin/sh -c #(nop) ADD file:5d6b639e8b6bcc011 in / ' },
      { created: '2024-03-01T00:00:01Z', created_by: '/bin/sh -c #(nop)  CMD ["bash"]', empty_layer: true },
      { created: '2024-03-02T00:00:00Z', created_by: '/bin/sh -c #(nop)  LABEL maintainer=NGINX', empty_layer: true },
      { created: '2024-03-02T00:00:01Z', created_by: '/bin/sh -c apt-get update && apt-get install -y nginx' },
      { created: '2024-03-02T00:00:02Z', created_by: '|1 VERSION=1.25 /bin/sh -c make install', comment: 'buildargs' },
      { created: '2024-03-02T00:00:03Z', created_by: '/bin/sh -c #(nop)  STOPSIGNAL SIGQUIT', empty_layer: true },
    ],
  };
}
