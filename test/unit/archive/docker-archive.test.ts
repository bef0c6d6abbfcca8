// The docker-archive tar: its files and manifest.json as `docker load`
// reads them, layers whose sha256 is their diff_id, an exact length, and
// errors rather than an archive when a layer is not what the config says.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerArchive } from '@/lib/archive/docker-archive';
import { UnsupportedImageError } from '@/lib/archive/errors';
import { DigestMismatchError } from '@/lib/digest';
import { collect, pythonList, sha256Hex, streamError, streamOf } from './archive-helpers';
import { buildFixtureImage, type FixtureImage } from './image-fixture';

let image: FixtureImage;
let work: string;

beforeAll(async () => {
  image = await buildFixtureImage();
  work = mkdtempSync(join(tmpdir(), 'docker-archive-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const hex = (digest: string) => digest.slice(7);

function options() {
  const { base, amd64 } = image.layers;
  return {
    config: image.configs.amd64.bytes,
    layers: [base, amd64].map((l) => ({ size: l.diff.length, open: () => streamOf(l.diff.subarray(0, 700), l.diff.subarray(700)) })),
    repoTag: '127.0.0.1:5000/test/app:v1',
  };
}

describe('docker-archive', () => {
  it('holds layer directories, the config, manifest.json and repositories, with layers named by diff_id', async () => {
    const archive = await dockerArchive(options());
    const bytes = await collect(archive.readable);
    const file = join(work, 'image.tar');
    writeFileSync(file, bytes);
    const { base, amd64 } = image.layers;
    const listing = pythonList(file);
    expect(listing.map((m) => m.path)).toEqual([
      hex(base.diffId),
      `${hex(base.diffId)}/layer.tar`,
      hex(amd64.diffId),
      `${hex(amd64.diffId)}/layer.tar`,
      `${hex(image.configs.amd64.descriptor.digest)}.json`,
      'manifest.json',
      'repositories',
    ]);
    for (const m of listing.filter((m) => m.path.endsWith('/layer.tar'))) {
      expect(`sha256:${m.sha256}`, `${m.path} hashes to its diff_id`).toBe(`sha256:${m.path.slice(0, 64)}`);
    }
    expect(listing.find((m) => m.path.endsWith('.json') && m.path !== 'manifest.json')?.sha256).toBe(hex(image.configs.amd64.descriptor.digest));
    expect(bytes.length).toBe(archive.length);
  });

  it('writes manifest.json with Config, RepoTags and Layers in diff_id order', async () => {
    const { manifest } = await dockerArchive(options());
    const { base, amd64 } = image.layers;
    expect(manifest).toEqual([
      {
        Config: `${hex(image.configs.amd64.descriptor.digest)}.json`,
        RepoTags: ['127.0.0.1:5000/test/app:v1'],
        Layers: [`${hex(base.diffId)}/layer.tar`, `${hex(amd64.diffId)}/layer.tar`],
      },
    ]);
  });

  it('writes the same bytes for the same image', async () => {
    const a = await collect((await dockerArchive(options())).readable);
    const b = await collect((await dockerArchive(options())).readable);
    expect(sha256Hex(a)).toBe(sha256Hex(b));
  });

  it('tags a name without tag as latest', async () => {
    const { manifest } = await dockerArchive({ ...options(), repoTag: 'localhost:5000/app' });
    expect(manifest[0].RepoTags).toEqual(['localhost:5000/app:latest']);
  });

  it('errors the archive when a layer is not the diff its config names', async () => {
    const opts = options();
    const other = image.layers.arm64.diff;
    opts.layers[1] = { size: other.length, open: () => streamOf(other) };
    expect(await streamError((await dockerArchive(opts)).readable)).toBeInstanceOf(DigestMismatchError);
  });

  it('trusts a layer marked verified (its stream checks the diff_id itself) and does not hash it again', async () => {
    const opts = options();
    const other = image.layers.arm64.diff;
    // Same length, other bytes: only a second hash here could notice.
    const swapped = other.length === opts.layers[1].size ? other : new Uint8Array(opts.layers[1].size).fill(0x61);
    opts.layers[1] = { size: swapped.length, open: () => streamOf(swapped), verified: true } as (typeof opts.layers)[number];
    const bytes = await collect((await dockerArchive(opts)).readable);
    expect(bytes.length).toBeGreaterThan(swapped.length);
  });

  it('still refuses a verified layer whose length is not the size it declared', async () => {
    const opts = options();
    const short = image.layers.amd64.diff.subarray(0, 100);
    opts.layers[1] = { size: image.layers.amd64.diff.length, open: () => streamOf(short), verified: true } as (typeof opts.layers)[number];
    expect(await streamError((await dockerArchive(opts)).readable)).toBeInstanceOf(Error);
  });

  it('refuses layers that do not match the config\'s diff_ids in number', async () => {
    await expect(dockerArchive({ ...options(), layers: options().layers.slice(1) })).rejects.toThrow(UnsupportedImageError);
  });
});
