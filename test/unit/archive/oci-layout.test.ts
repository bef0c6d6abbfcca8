// The OCI image layout files: which blobs, in which order, what index.json
// says, and that wrong bytes never make it into a layout.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveFile } from '@/lib/archive/archive-file';
import { UnsupportedImageError } from '@/lib/archive/errors';
import { blobPath, ociLayoutEntries, type OciLayoutOptions } from '@/lib/archive/oci-layout';
import { DigestMismatchError } from '@/lib/digest';
import { MediaType } from '@/lib/oci/media-types';
import { collect, sha256Hex, streamError } from './archive-helpers';
import { buildFixtureImage, type FixtureImage, memoryContent } from './image-fixture';

let image: FixtureImage;

beforeAll(async () => {
  image = await buildFixtureImage();
});

async function files(options: Omit<OciLayoutOptions, 'content'>, blobs = image.blobs): Promise<ArchiveFile[]> {
  const out: ArchiveFile[] = [];
  for await (const f of ociLayoutEntries({ ...options, content: memoryContent(blobs) })) out.push(f);
  return out;
}

async function text(file: ArchiveFile): Promise<string> {
  return new TextDecoder().decode(await collect(await file.stream()));
}

describe('OCI layout of all platforms', () => {
  it('holds oci-layout, index.json and every blob once, parents before children', async () => {
    const got = (await files({ root: image.index.descriptor, tag: 'v1' })).map((f) => f.path);
    const p = (d: { descriptor: { digest: string } }) => blobPath(d.descriptor.digest);
    expect(got).toEqual([
      'oci-layout',
      'index.json',
      p(image.index),
      p(image.manifests.amd64),
      p(image.configs.amd64),
      p(image.layers.base.blob),
      p(image.layers.amd64.blob),
      p(image.manifests.arm64),
      p(image.configs.arm64),
      p(image.layers.arm64.blob),
    ]);
  });

  it('writes each blob byte for byte, with its size declared', async () => {
    for (const f of await files({ root: image.index.descriptor, tag: 'v1' })) {
      const bytes = await collect(await f.stream());
      expect(bytes.length, `${f.path}: got ${bytes.length} bytes, want ${f.size}`).toBe(f.size);
      if (f.digest) expect(`sha256:${sha256Hex(bytes)}`).toBe(f.digest);
    }
  });

  it('names the index in index.json with the tag', async () => {
    const [layout, index] = await files({ root: image.index.descriptor, tag: 'v1' });
    expect(JSON.parse(await text(layout))).toEqual({ imageLayoutVersion: '1.0.0' });
    expect(JSON.parse(await text(index))).toEqual({
      schemaVersion: 2,
      mediaType: MediaType.OciIndex,
      manifests: [{ ...image.index.descriptor, annotations: { 'org.opencontainers.image.ref.name': 'v1' } }],
    });
  });
});

describe('OCI layout of one platform', () => {
  it('roots index.json at that platform manifest, with its platform, and leaves the index and other platforms out', async () => {
    const got = await files({ root: image.index.descriptor, tag: 'v1', platform: 'linux/arm64' });
    expect(got.map((f) => f.path)).toEqual([
      'oci-layout',
      'index.json',
      blobPath(image.manifests.arm64.descriptor.digest),
      blobPath(image.configs.arm64.descriptor.digest),
      blobPath(image.layers.base.blob.descriptor.digest),
      blobPath(image.layers.arm64.blob.descriptor.digest),
    ]);
    const index = JSON.parse(await text(got[1]));
    expect(index.manifests).toEqual([
      { ...image.manifests.arm64.descriptor, annotations: { 'org.opencontainers.image.ref.name': 'v1' } },
    ]);
  });

  it('says which platforms there are when the one asked for is missing', async () => {
    await expect(files({ root: image.index.descriptor, platform: 'linux/s390x' })).rejects.toThrow(UnsupportedImageError);
  });
});

describe('OCI layout checks', () => {
  it('refuses a manifest whose bytes do not match its digest', async () => {
    const blobs = new Map(image.blobs);
    const wrong = new TextEncoder().encode('{"schemaVersion":2}');
    blobs.set(image.manifests.amd64.descriptor.digest, wrong);
    await expect(files({ root: image.manifests.amd64.descriptor }, blobs)).rejects.toThrow(/size mismatch|digest mismatch/);
  });

  it('errors the blob stream when a layer\'s bytes do not match its digest', async () => {
    const blobs = new Map(image.blobs);
    const layer = image.layers.amd64.blob;
    const corrupt = layer.bytes.slice();
    corrupt[20] ^= 0xff;
    blobs.set(layer.descriptor.digest, corrupt);
    const file = (await files({ root: image.manifests.amd64.descriptor }, blobs)).find((f) => f.digest === layer.descriptor.digest)!;
    expect(await streamError(await file.stream())).toBeInstanceOf(DigestMismatchError);
  });

  it.each([
    ['registry', /Retry/],
    ['local file', /Export or copy the image again/],
  ] as const)("gives the advice that fits where a bad blob came from (%s)", async (origin, advice) => {
    const blobs = new Map(image.blobs);
    const layer = image.layers.amd64.blob;
    const corrupt = layer.bytes.slice();
    corrupt[20] ^= 0xff;
    blobs.set(layer.descriptor.digest, corrupt);
    const content = { ...memoryContent(blobs), origin };
    const out: ArchiveFile[] = [];
    for await (const f of ociLayoutEntries({ root: image.manifests.amd64.descriptor, content })) out.push(f);
    const error = (await streamError(await out.find((f) => f.digest === layer.descriptor.digest)!.stream())) as DigestMismatchError;
    expect(error.suggestion).toMatch(advice);
  });

  it('refuses a schema 1 manifest', async () => {
    const root = { mediaType: MediaType.DockerSchema1Signed, digest: `sha256:${'0'.repeat(64)}`, size: 10 };
    await expect(files({ root })).rejects.toThrow(UnsupportedImageError);
  });

  describe('a non-distributable layer that names its URLs', () => {
    const foreignLayer = async (mediaType: string) => {
      const bytes = new TextEncoder().encode('foreign layer bytes');
      const foreign = { mediaType, digest: `sha256:${sha256Hex(bytes)}`, size: bytes.length, urls: ['https://example.invalid/layer'] };
      const manifestBytes = new TextEncoder().encode(
        JSON.stringify({ schemaVersion: 2, mediaType: MediaType.DockerManifest, config: image.configs.amd64.descriptor, layers: [foreign] }),
      );
      const root = { mediaType: MediaType.DockerManifest, digest: `sha256:${sha256Hex(manifestBytes)}`, size: manifestBytes.length };
      return { foreign, bytes, root, blobs: new Map(image.blobs).set(root.digest, manifestBytes).set(foreign.digest, bytes) };
    };

    it.each([MediaType.DockerForeignLayer, MediaType.OciLayerNondistributableGzip])(
      'is written, byte for byte, when its blob is at hand (%s)',
      async (mediaType) => {
        const { foreign, bytes, root, blobs } = await foreignLayer(mediaType);
        const leftOut: string[] = [];
        const out = await files({ root, holdsForeignBlob: (d) => d.digest === foreign.digest, onLeftOut: (d) => leftOut.push(d.digest) }, blobs);
        expect(out.map((f) => f.path)).toEqual(['oci-layout', 'index.json', blobPath(root.digest), blobPath(image.configs.amd64.descriptor.digest), blobPath(foreign.digest)]);
        expect(await collect(await out[4].stream())).toEqual(bytes);
        expect(leftOut).toEqual([]);
      },
    );

    it('is left out, and reported, when its blob is not at hand', async () => {
      const { foreign, root, blobs } = await foreignLayer(MediaType.DockerForeignLayer);
      const leftOut: string[] = [];
      const got = (await files({ root, holdsForeignBlob: () => false, onLeftOut: (d) => leftOut.push(d.digest) }, blobs)).map((f) => f.path);
      expect(got).toEqual(['oci-layout', 'index.json', blobPath(root.digest), blobPath(image.configs.amd64.descriptor.digest)]);
      expect(leftOut).toEqual([foreign.digest]);
      // With no word from the caller, none is at hand.
      expect((await files({ root }, blobs)).map((f) => f.path)).toEqual(got);
    });
  });
});
