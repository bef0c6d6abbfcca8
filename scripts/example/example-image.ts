/**
 * The built-in example image as an OCI image layout in a tar (image-spec
 * image-layout.md), built in memory from example-layers.ts: an index of two
 * platforms (linux/amd64, linux/arm64), three gzip layers each (the base
 * per architecture, the other two shared), configs with history.
 *
 * Deterministic: fixed mtimes, owners and entry order; gzip by the pinned
 * pako with no name or time in its header; JSON written in a fixed key
 * order. The same source gives the same bytes, so the digests never change
 * (test/unit/local/example-image.test.ts holds the committed file to it).
 */
import { gzip } from 'pako';
import { tarStream, type TarInput } from '../../lib/archive/tar-writer';
import { sha256Digest } from '../../lib/digest';
import type { Descriptor, ImageConfig, ImageIndex, ImageManifest } from '../../lib/oci/documents';
import { MediaType } from '../../lib/oci/media-types';
import { EXAMPLE_ARCHITECTURES, EXAMPLE_CREATED, EXAMPLE_MTIME, appLayer, baseLayer, cleanupLayer } from './example-layers';

/** The tag index.json gives the example (`oci-archive:FILE:1.0`). */
export const EXAMPLE_TAG = '1.0';

/** The example as the bytes of an OCI layout tar, and the digest of its index. */
export async function buildExampleArchive(): Promise<{ bytes: Uint8Array; indexDigest: string }> {
  const blobs = new Map<string, Uint8Array>();
  const put = async (mediaType: string, bytes: Uint8Array, extra: Partial<Descriptor> = {}): Promise<Descriptor> => {
    const digest = await sha256Digest(bytes);
    blobs.set(digest, bytes);
    return { mediaType, digest, size: bytes.length, ...extra };
  };
  const layer = async (entries: TarInput[]) => {
    const tar = await collect(tarStream(entries));
    return { descriptor: await put(MediaType.OciLayerGzip, gzip(tar, { level: 9 })), diffId: await sha256Digest(tar) };
  };

  const shared = [await layer(appLayer()), await layer(cleanupLayer())];
  const manifests: Descriptor[] = [];
  for (const { architecture, machine } of EXAMPLE_ARCHITECTURES) {
    const layers = [await layer(baseLayer(machine)), ...shared];
    const config = await put(MediaType.OciConfig, json(exampleConfig(architecture, layers.map((l) => l.diffId))));
    const manifest: ImageManifest = {
      schemaVersion: 2,
      mediaType: MediaType.OciManifest,
      config,
      layers: layers.map((l) => l.descriptor),
      annotations: { 'org.opencontainers.image.created': EXAMPLE_CREATED },
    };
    manifests.push(await put(MediaType.OciManifest, json(manifest), { platform: { architecture, os: 'linux' } }));
  }
  const index: ImageIndex = { schemaVersion: 2, mediaType: MediaType.OciIndex, manifests };
  const indexDescriptor = await put(MediaType.OciIndex, json(index));
  const layoutIndex: ImageIndex = {
    schemaVersion: 2,
    mediaType: MediaType.OciIndex,
    manifests: [{ ...indexDescriptor, annotations: { 'org.opencontainers.image.ref.name': EXAMPLE_TAG } }],
  };

  const entries: TarInput[] = [
    layoutFile('oci-layout', json({ imageLayoutVersion: '1.0.0' })),
    layoutFile('index.json', json(layoutIndex)),
    { entry: { path: 'blobs/', type: 'directory', mode: 0o755, mtime: EXAMPLE_MTIME } },
    { entry: { path: 'blobs/sha256/', type: 'directory', mode: 0o755, mtime: EXAMPLE_MTIME } },
    ...[...blobs.keys()].sort().map((digest) => layoutFile(`blobs/sha256/${digest.slice(7)}`, blobs.get(digest)!)),
  ];
  return { bytes: await collect(tarStream(entries)), indexDigest: indexDescriptor.digest };
}

function exampleConfig(architecture: string, diffIds: string[]): ImageConfig {
  return {
    created: EXAMPLE_CREATED,
    architecture,
    os: 'linux',
    config: {
      User: '1000:1000',
      ExposedPorts: { '8080/tcp': {} },
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'GREETING=hello'],
      Cmd: ['/bin/hello'],
      WorkingDir: '/app',
      Labels: {
        'org.opencontainers.image.title': 'Pullscope example',
        'org.opencontainers.image.description': 'A small image with whiteouts, symlinks and two platforms, built reproducibly.',
      },
    },
    rootfs: { type: 'layers', diff_ids: diffIds },
    history: [
      { created: EXAMPLE_CREATED, created_by: `ADD base-${architecture}.tar / # the base filesystem` },
      { created: EXAMPLE_CREATED, created_by: 'ENV GREETING=hello', empty_layer: true },
      { created: EXAMPLE_CREATED, created_by: 'COPY app/ /app/ # and deletes /usr/share/doc/old-notes.txt' },
      { created: EXAMPLE_CREATED, created_by: 'RUN rm -rf /var/cache/app/* /etc/hostname && echo … > /var/cache/app/fresh.txt' },
      { created: EXAMPLE_CREATED, created_by: 'USER 1000:1000', empty_layer: true },
      { created: EXAMPLE_CREATED, created_by: 'CMD ["/bin/hello"]', empty_layer: true },
    ],
  };
}

function layoutFile(path: string, bytes: Uint8Array): TarInput {
  return { entry: { path, type: 'file', mode: 0o644, mtime: EXAMPLE_MTIME, size: bytes.length }, content: bytes };
}

function json(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
