/**
 * Image archives made by the reference tools from the test images —
 * `skopeo copy … docker-archive:` and `… oci-archive:` (with `--all` for an
 * index) — read by lib/local from a file-backed Blob, give the same digests
 * and the same merged tree as the same image inspected from the registry.
 * The built-in example is checked by skopeo and umoci.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, openAsBlob, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeLayers } from '@/lib/fs/overlay';
import { inspectImage, type InspectionState } from '@/lib/inspect/inspect-image';
import type { ImageSource } from '@/lib/inspect/image-source';
import { ProxyClient } from '@/lib/inspect/proxy-client';
import type { ArchiveImageSource } from '@/lib/local/archive-image-source';
import { openImageArchive } from '@/lib/local/open-image-archive';
import { processLayer, type LayerResult } from '@/lib/pipeline/process-layer';
import { readLayerFile } from '@/lib/pipeline/read-file';
import { parseReference, type Reference } from '@/lib/reference';
import { run } from '../support/archive-tools';
import { inProcessProxyFetch } from '../support/in-process-proxy';
import { loadTestBed } from '../support/test-bed';

const bed = loadTestBed();
const work = mkdtempSync(path.join(os.tmpdir(), 'local-archive-'));
const EXAMPLE = path.resolve(__dirname, '../../public/example/pullscope-example.oci.tar');
afterAll(async () => {
  await run('chmod', ['-R', 'u+rwX', work]).catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
});

const registry = new ProxyClient({ fetch: inProcessProxyFetch });

let archives = 0;

/** `skopeo copy` of a bed image into a new archive file; returns its path. */
async function skopeoArchive(image: string, transport: 'docker-archive' | 'oci-archive', all = false): Promise<string> {
  const file = path.join(work, `${++archives}-${image.replace(/[/:]/g, '-')}.${transport}${all ? '-all' : ''}.tar`);
  const destination = transport === 'docker-archive' ? `docker-archive:${file}:${image}` : `oci-archive:${file}:${image.split(':')[1]}`;
  await run('skopeo', ['copy', '--quiet', '--src-tls-verify=false', ...(all ? ['--all'] : []), `docker://${bed.anonymous.host}/${image}`, destination]);
  return file;
}

function archiveReference(source: ArchiveImageSource): Reference {
  return { registry: 'local archive', apiHost: '', repository: 'archive', digest: source.images[0].descriptor.digest };
}

interface Pulled {
  state: InspectionState;
  results: LayerResult[];
  /** Each layer's bytes again, for reading files back. */
  open: (i: number) => Promise<ReadableStream<Uint8Array>>;
}

/** Inspects through a source and verifies every layer of the chosen platform. */
async function pull(source: ImageSource, reference: Reference, platform: string | undefined, open: (digest: string) => Promise<ReadableStream<Uint8Array>>): Promise<Pulled> {
  const state = await inspectImage(reference, { client: source, platform });
  const layers = state.manifest!.view.layers;
  const results: LayerResult[] = [];
  for (const [i, layer] of layers.entries()) {
    results.push(await processLayer({ body: await open(layer.digest), digest: layer.digest, size: layer.size, mediaType: layer.mediaType, diffId: state.config!.view.diffIds[i], layerNumber: i + 1 }));
  }
  return { state, results, open: (i) => open(layers[i].digest) };
}

function fromRegistry(image: string, platform?: string): Promise<Pulled> {
  const reference = parseReference(`${bed.anonymous.host}/${image}`);
  return pull(registry, reference, platform, async (digest) => (await registry.getBlob(reference, digest)).body!);
}

async function fromArchive(file: string, platform?: string): Promise<Pulled & { source: ArchiveImageSource }> {
  // A file-backed Blob, as a browser's File is: read by slices, never whole.
  const source = await openImageArchive(await openAsBlob(file));
  const pulled = await pull(source, archiveReference(source), platform, async (digest) => (await source.layerBlob(digest)).stream());
  return { ...pulled, source };
}

/** The merged tree as comparable rows, each file's content hashed from the layer that wrote it. */
async function mergedListing(pulled: Pulled): Promise<string[]> {
  const merged = mergeLayers(pulled.results.map((r) => r.index));
  const rows: string[] = [];
  for (const e of merged.walk()) {
    let content = '';
    const located = e.type === 'file' ? merged.contentOf(e.path) : undefined;
    if (located) {
      const bytes = await readLayerFile({ blob: await pulled.open(located.layer), compression: pulled.results[located.layer].compression, ...located });
      content = createHash('sha256').update(bytes).digest('hex');
    }
    rows.push([e.path, e.type, (e.mode & 0o7777).toString(8), e.uid, e.gid, e.linkpath ?? '', content].join(' '));
  }
  return rows;
}

describe('an oci-archive made by skopeo', () => {
  it.each([
    ['test/layers:v1', undefined],
    ['test/whiteouts:v1', undefined],
  ])('of %s has the registry digests and merged tree', async (image, platform) => {
    const [archive, remote] = await Promise.all([skopeoArchive(image, 'oci-archive').then((f) => fromArchive(f, platform)), fromRegistry(image, platform)]);
    expect(archive.source.layout).toBe('oci-layout');
    expect(archive.state.resolvedDigest).toBe(remote.state.resolvedDigest);
    expect(archive.state.resolvedDigest).toBe(bed.images[image].digest);
    expect(archive.state.manifest?.view.digest).toBe(remote.state.manifest?.view.digest);
    expect(archive.state.manifest?.view.config?.digest).toBe(remote.state.manifest?.view.config?.digest);
    expect(archive.state.manifest?.view.layers.map((l) => l.digest)).toEqual(remote.state.manifest?.view.layers.map((l) => l.digest));
    expect(archive.results.map((r) => r.diffId.got)).toEqual(remote.results.map((r) => r.diffId.got));
    expect(await mergedListing(archive)).toEqual(await mergedListing(remote));
  });

  it.each(['linux/amd64', 'linux/arm64/v8'])('of test/multi:v1 with --all keeps the index; %s matches the registry', async (platform) => {
    const file = await skopeoArchive('test/multi:v1', 'oci-archive', true);
    const [archive, remote] = await Promise.all([fromArchive(file, platform), fromRegistry('test/multi:v1', platform)]);
    expect(archive.state.index?.view.digest).toBe(bed.images['test/multi:v1'].digest);
    expect(archive.state.platform?.chosen).toBe(platform);
    expect(archive.state.manifest?.view.digest).toBe(remote.state.manifest?.view.digest);
    expect(archive.state.manifest?.view.layers.map((l) => l.digest)).toEqual(remote.state.manifest?.view.layers.map((l) => l.digest));
    expect(await mergedListing(archive)).toEqual(await mergedListing(remote));
  });
});

describe('a docker-archive made by skopeo', () => {
  it.each(['test/layers:v1', 'test/docker:v1', 'test/whiteouts:v1'])(
    'of %s has the registry config and diff_ids, layers addressed by diff_id, and the same merged tree',
    async (image) => {
      const [archive, remote] = await Promise.all([skopeoArchive(image, 'docker-archive').then((f) => fromArchive(f)), fromRegistry(image)]);
      expect(archive.source.layout).toBe('docker-archive');
      expect(archive.source.images[0].names).toEqual([`docker.io/${image}`]);
      expect(archive.state.manifest?.warnings.join(' ')).toContain('synthesized from manifest.json');
      expect(archive.state.manifest?.view.config?.digest).toBe(remote.state.manifest?.view.config?.digest);
      expect(archive.state.config?.view.diffIds).toEqual(remote.state.config?.view.diffIds);
      expect(archive.state.manifest?.view.layers.map((l) => l.digest)).toEqual(remote.state.config?.view.diffIds);
      expect(archive.results.map((r) => [r.digest.ok, r.diffId.ok, r.compression])).toEqual(archive.results.map(() => [true, true, 'none']));
      expect(await mergedListing(archive)).toEqual(await mergedListing(remote));
    },
  );

  it('compressed with gzip reads the same', async () => {
    const file = await skopeoArchive('test/layers:v1', 'docker-archive');
    await run('gzip', ['--keep', '--force', file]);
    const [plain, gzipped] = await Promise.all([fromArchive(file), fromArchive(`${file}.gz`)]);
    expect(gzipped.source.files.container).toBe('tar (gzip)');
    expect(gzipped.state.manifest?.view.digest).toBe(plain.state.manifest?.view.digest);
    expect(await mergedListing(gzipped)).toEqual(await mergedListing(plain));
  });
});

describe('the built-in example', () => {
  it.each([
    ['amd64', 'linux/amd64'],
    ['arm64', 'linux/arm64'],
  ])('is what skopeo reads for %s', async (arch, platform) => {
    const ours = await fromArchive(EXAMPLE, platform);
    const skopeo = JSON.parse(await run('skopeo', ['inspect', '--override-arch', arch, `oci-archive:${EXAMPLE}:1.0`]));
    expect(skopeo.Digest).toBe(ours.state.resolvedDigest);
    expect(skopeo.Architecture).toBe(arch);
    expect(skopeo.Layers).toEqual(ours.state.manifest?.view.layers.map((l) => l.digest));
    const config = JSON.parse(await run('skopeo', ['inspect', '--config', '--override-arch', arch, `oci-archive:${EXAMPLE}:1.0`]));
    expect(config.rootfs.diff_ids).toEqual(ours.results.map((r) => r.diffId.got));
  });

  it('unpacks with umoci to the merged tree Pullscope shows', async () => {
    const layout = path.join(work, 'example-layout');
    const bundle = path.join(work, 'example-bundle');
    expect((await run('umoci', ['ls', '--layout', await extract(EXAMPLE, path.join(work, 'example-raw'))])).trim()).toBe('1.0');
    // umoci 0.4 unpacks a manifest, not an index: skopeo picks the amd64 one into a layout of its own.
    await run('skopeo', ['copy', '--quiet', '--override-arch', 'amd64', `oci-archive:${EXAMPLE}:1.0`, `oci:${layout}:amd64`]);
    await run('umoci', ['unpack', '--rootless', '--image', `${layout}:amd64`, bundle]);
    const rootfs = path.join(bundle, 'rootfs');
    const find = await run('find', [rootfs, '-mindepth', '1', '-printf', '%P %y %l\\n']);
    const kinds: Record<string, string> = { d: 'directory', f: 'file', l: 'symlink' };
    const theirs = find
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const [name, kind, target] = line.split(' ');
        return `${name} ${kinds[kind] ?? kind}${kind === 'l' ? ` ${target}` : ''}`;
      })
      .sort();
    const ours = await fromArchive(EXAMPLE, 'linux/amd64');
    const merged = mergeLayers(ours.results.map((r) => r.index));
    // A hardlink unpacks as a second name of a regular file.
    const mine = [...merged.walk()].map((e) => `${e.path.slice(1)} ${e.type === 'hardlink' ? 'file' : e.type}${e.type === 'symlink' ? ` ${e.linkpath}` : ''}`).sort();
    expect(mine).toEqual(theirs);
    expect(readFileSync(path.join(rootfs, 'app/data/greeting.txt'), 'utf8')).toContain('layer 3');
  });
});

async function extract(tar: string, into: string): Promise<string> {
  await run('mkdir', ['-p', into]);
  await run('tar', ['-xf', tar, '-C', into]);
  return into;
}
