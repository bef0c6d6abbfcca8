// A small two-platform image built in code: an index, two manifests sharing a
// layer, their configs, and an in-memory ImageContent serving the bytes.
import { gzipSync } from 'node:zlib';
import type { ImageContent } from '@/lib/archive/oci-layout';
import type { Descriptor } from '@/lib/oci/documents';
import { MediaType } from '@/lib/oci/media-types';
import { type TarInput, tarStream } from '@/lib/archive/tar-writer';
import { collect, sha256Hex } from './archive-helpers';

const encoder = new TextEncoder();

/** Bytes with their descriptor. */
export interface Blob {
  bytes: Uint8Array;
  descriptor: Descriptor;
}

function blob(mediaType: string, bytes: Uint8Array, extra: Partial<Descriptor> = {}): Blob {
  return { bytes, descriptor: { mediaType, digest: `sha256:${sha256Hex(bytes)}`, size: bytes.length, ...extra } };
}

/** A layer: its uncompressed tar (diff) and the gzip blob. */
export interface FixtureLayer {
  diff: Uint8Array;
  diffId: string;
  blob: Blob;
}

async function layer(inputs: TarInput[]): Promise<FixtureLayer> {
  const diff = await collect(tarStream(inputs));
  return { diff, diffId: `sha256:${sha256Hex(diff)}`, blob: blob(MediaType.OciLayerGzip, new Uint8Array(gzipSync(diff))) };
}

/** The fixture image. */
export interface FixtureImage {
  index: Blob;
  manifests: { amd64: Blob; arm64: Blob };
  configs: { amd64: Blob; arm64: Blob };
  layers: { base: FixtureLayer; amd64: FixtureLayer; arm64: FixtureLayer };
  /** Every blob by digest. */
  blobs: Map<string, Uint8Array>;
}

/** Builds the image; every byte is fixed. */
export async function buildFixtureImage(): Promise<FixtureImage> {
  const text = (s: string) => encoder.encode(s);
  const base = await layer([
    { entry: { path: 'etc', type: 'directory' } },
    { entry: { path: 'etc/os-release', type: 'file' }, content: text('ID=fixture\n') },
  ]);
  const amd64 = await layer([{ entry: { path: 'bin/app', type: 'file', mode: 0o755 }, content: text('amd64 app\n') }]);
  const arm64 = await layer([{ entry: { path: 'bin/app', type: 'file', mode: 0o755 }, content: text('arm64 app\n') }]);
  const config = (arch: string, top: FixtureLayer) =>
    blob(
      MediaType.OciConfig,
      text(JSON.stringify({ architecture: arch, os: 'linux', rootfs: { type: 'layers', diff_ids: [base.diffId, top.diffId] }, config: { Cmd: ['/bin/app'] } })),
    );
  const configs = { amd64: config('amd64', amd64), arm64: config('arm64', arm64) };
  const manifest = (cfg: Blob, top: FixtureLayer, platform: Descriptor['platform']) =>
    blob(
      MediaType.OciManifest,
      text(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.OciManifest, config: cfg.descriptor, layers: [base.blob.descriptor, top.blob.descriptor] }, null, 3)),
      { platform },
    );
  const manifests = {
    amd64: manifest(configs.amd64, amd64, { os: 'linux', architecture: 'amd64' }),
    arm64: manifest(configs.arm64, arm64, { os: 'linux', architecture: 'arm64', variant: 'v8' }),
  };
  const index = blob(
    MediaType.OciIndex,
    text(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.OciIndex, manifests: [manifests.amd64.descriptor, manifests.arm64.descriptor] })),
  );
  const blobs = new Map<string, Uint8Array>();
  for (const b of [index, manifests.amd64, manifests.arm64, configs.amd64, configs.arm64, base.blob, amd64.blob, arm64.blob]) {
    blobs.set(b.descriptor.digest, b.bytes);
  }
  return { index, manifests, configs, layers: { base, amd64, arm64 }, blobs };
}

/** An ImageContent over a digest → bytes map; records what was asked for. */
export function memoryContent(blobs: Map<string, Uint8Array>, asked: string[] = []): ImageContent {
  const get = (d: Descriptor) => {
    asked.push(d.digest);
    const bytes = blobs.get(d.digest);
    if (!bytes) throw new Error(`no blob ${d.digest}`);
    return bytes;
  };
  return {
    manifest: async (d) => get(d),
    blob: (d) => {
      const bytes = get(d);
      return new ReadableStream({
        start(c) {
          c.enqueue(bytes);
          c.close();
        },
      });
    },
  };
}
