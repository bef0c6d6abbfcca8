import { beforeAll, describe, expect, it } from 'vitest';
import { DigestMismatchError } from '@/lib/digest';
import { inspectImage } from '@/lib/inspect/inspect-image';
import { ArchiveImageSource } from '@/lib/local/archive-image-source';
import { BadArchiveError, MissingArchiveFileError } from '@/lib/local/errors';
import { openImageArchive } from '@/lib/local/open-image-archive';
import { SYNTHESIZED_NOTE } from '@/lib/local/synthesized-manifest';
import { MediaType } from '@/lib/oci/media-types';
import { processLayer } from '@/lib/pipeline/process-layer';
import type { Reference } from '@/lib/reference';
import {
  buildFixtureImage,
  dockerArchiveFiles,
  folderOf,
  gzipTarBlob,
  ociLayoutFiles,
  tarBlob,
  zipBlob,
  type FixtureFile,
  type FixtureImage,
} from './archive-fixtures';

let image: FixtureImage;
beforeAll(async () => {
  image = await buildFixtureImage();
});

function referenceOf(source: ArchiveImageSource): Reference {
  return { registry: 'local archive', apiHost: '', repository: 'fixture', digest: source.images[0].descriptor.digest };
}

/** Inspects the archive's first image for a platform and verifies each layer from its Blob. */
async function inspectArchive(source: ArchiveImageSource, platform?: string) {
  const state = await inspectImage(referenceOf(source), { client: source, platform });
  const layers = state.manifest!.view.layers;
  const diffIds = state.config!.view.diffIds;
  const results = [];
  for (const [i, layer] of layers.entries()) {
    const blob = await source.layerBlob(layer.digest);
    results.push(await processLayer({ body: blob.stream(), digest: layer.digest, size: layer.size, mediaType: layer.mediaType, diffId: diffIds[i] }));
  }
  return { state, results };
}

const ociContainers: Array<[string, (files: FixtureFile[]) => Promise<Blob | ReturnType<typeof folderOf>>, string]> = [
  ['a tar', (files) => tarBlob(files), 'tar'],
  ['a tar with ./ paths', (files) => tarBlob(files, { dotSlash: true }), 'tar'],
  ['a gzip-compressed tar', (files) => gzipTarBlob(files), 'tar (gzip)'],
  ['a stored zip', async (files) => zipBlob(files), 'zip'],
  ['a deflated zip', async (files) => zipBlob(files, { deflate: true }), 'zip'],
  ['a folder', async (files) => folderOf(files), 'folder'],
];

describe('an OCI image layout', () => {
  it.each(ociContainers)('in %s gives the index, the chosen platform and verified layers', async (_name, pack, container) => {
    const source = await openImageArchive(await pack(ociLayoutFiles(image)));
    expect(source.files.container).toBe(container);
    expect(source.layout).toBe('oci-layout');
    expect(source.images.map((i) => i.names)).toEqual([['v1']]);
    const { state, results } = await inspectArchive(source, 'linux/arm64');
    expect(state.resolvedDigest).toBe(image.index.descriptor.digest);
    expect(state.index?.check.ok).toBe(true);
    expect(state.platform?.chosen).toBe('linux/arm64/v8');
    expect(state.manifest?.view.digest).toBe(image.manifests.arm64.descriptor.digest);
    expect(state.manifest?.warnings).toEqual([]);
    expect(state.config?.check.ok).toBe(true);
    expect(results.map((r) => r.diffId.got)).toEqual([image.layers.base.diffId, image.layers.arm64.diffId]);
    expect(results[1].index.lookup('/bin/app')?.mode).toBe(0o755);
  });

  it('names a blob the archive lacks', async () => {
    const missing = image.configs.amd64.descriptor.digest;
    const source = await openImageArchive(await tarBlob(ociLayoutFiles(image, { omit: missing })));
    const error = await inspectImage(referenceOf(source), { client: source }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingArchiveFileError);
    expect((error as MissingArchiveFileError).code).toBe('BAD_ARCHIVE');
    expect((error as Error).message).toContain(`blobs/sha256/${missing.slice(7)} is not in the archive`);
    // The fixture's index lists two platforms: the other may be whole.
    expect((error as MissingArchiveFileError).suggestion).toContain('Choose another platform');
  });

  it('refuses a blob whose bytes do not hash to its name', async () => {
    const named = image.manifests.amd64.descriptor.digest;
    const tampered = new TextEncoder().encode('{"schemaVersion":2}');
    const source = await openImageArchive(await tarBlob(ociLayoutFiles(image, { replace: [named, tampered] })));
    const error = await inspectImage(referenceOf(source), { client: source }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigestMismatchError);
    expect((error as DigestMismatchError).want).toBe(named);
    expect((error as Error).message).toContain('in the archive');
    // No registry sent it, and reading it again gives the same bytes.
    expect((error as DigestMismatchError).suggestion).toMatch(/^The file on disk is damaged.*Export or copy the image again/);
  });
});

describe('a docker-archive', () => {
  it.each([
    ['docker save before Docker 25', {}],
    ['skopeo, with <id>/layer.tar symlinks', { skopeoLinks: true }],
  ])('written by %s gets a labelled synthesized manifest whose layers are diff_ids', async (_name, options) => {
    const source = await openImageArchive(await tarBlob(dockerArchiveFiles(image, options)));
    expect(source.layout).toBe('docker-archive');
    expect(source.images[0].names).toEqual(['example.com/team/app:v1']);
    expect(source.images[0].synthesized).toBe(true);
    const { state, results } = await inspectArchive(source);
    expect(state.manifest?.view.mediaType).toBe(MediaType.DockerManifest);
    expect(state.manifest?.warnings).toEqual([SYNTHESIZED_NOTE]);
    expect(SYNTHESIZED_NOTE).toContain('synthesized from manifest.json (the archive holds no manifest)');
    expect(state.manifest?.view.layers.map((l) => l.digest)).toEqual([image.layers.base.diffId, image.layers.amd64.diffId]);
    expect(state.manifest?.view.config?.digest).toBe(image.configs.amd64.descriptor.digest);
    expect(results.map((r) => [r.compression, r.digest.ok, r.diffId.ok])).toEqual([
      ['none', true, true],
      ['none', true, true],
    ]);
  });

  it('from Docker 25 and later is read through its OCI layout, with manifest.json naming it', async () => {
    const files = [...ociLayoutFiles(image), ...dockerArchiveFiles(image).filter((f) => f.path === 'manifest.json')];
    const source = await openImageArchive(await tarBlob(files));
    expect(source.layout).toBe('docker-archive with OCI layout');
    expect(source.images[0].synthesized).toBe(false);
    expect(source.images[0].names).toEqual(['v1', 'example.com/team/app:v1']);
  });

  it('names a layer tar the archive lacks, without offering a platform a single image does not have', async () => {
    const files = dockerArchiveFiles(image).filter((f) => !f.path.startsWith('2222'));
    const error = await openImageArchive(await tarBlob(files)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingArchiveFileError);
    expect((error as Error).message).toBe(`${'2'.repeat(64)}/layer.tar is not in the archive, but manifest.json[0].Layers[1] names it`);
    expect((error as MissingArchiveFileError).suggestion).not.toMatch(/platform/);
    expect((error as MissingArchiveFileError).suggestion).toContain('Export or copy the image again');
  });

  it('refuses a manifest.json whose layers do not pair with the config diff_ids', async () => {
    const error = await openImageArchive(await tarBlob(dockerArchiveFiles(image, { dropLayer: true }))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadArchiveError);
    expect((error as Error).message).toMatch(/lists 1 layers, but its config has 2 diff_ids/);
  });
});

describe('files that are not image archives', () => {
  const cases: Array<[string, () => Promise<Blob>, RegExp]> = [
    ['random bytes', async () => new Blob([new Uint8Array(600).fill(7)]), /not a tar, a gzip-compressed tar or a zip/],
    ['an empty file', async () => new Blob([]), /empty/],
    ['a tar with neither index.json nor manifest.json', () => tarBlob([{ path: 'hello.txt', bytes: new Uint8Array([104, 105]) }]), /neither index\.json .* nor manifest\.json/],
    ['a gzip of something else', async () => new Blob([(await import('node:zlib')).gzipSync(new Uint8Array(2000).fill(1))]), /what it holds is not a tar/],
    [
      'a tar cut short',
      async () => {
        const whole = new Uint8Array(await (await tarBlob(ociLayoutFiles(image))).arrayBuffer());
        return new Blob([whole.subarray(0, 1536 + 100)]);
      },
      /cut short/,
    ],
    ['a zip without its central directory', async () => new Blob([new Uint8Array([0x50, 0x4b, 3, 4, ...new Uint8Array(100)])]), /no central directory/],
  ];

  it.each(cases)('%s is a BAD_ARCHIVE error saying what is wrong', async (_name, make, message) => {
    const error = await openImageArchive(await make()).catch((e: unknown) => e);
    expect(error, `got ${String(error)}, want a BadArchiveError`).toBeInstanceOf(BadArchiveError);
    expect((error as BadArchiveError).code).toBe('BAD_ARCHIVE');
    expect((error as Error).message).toMatch(message);
  });
});
