// The download archives of real images from the test bed, checked by the
// tools that consume them: skopeo and umoci read the OCI layout (written as
// files, and zipped then unzipped), skopeo reads the docker-archive, and the
// flattened rootfs extracted by GNU tar equals what `umoci unpack` makes of
// the same image.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveFile } from '@/lib/archive/archive-file';
import { dockerArchive } from '@/lib/archive/docker-archive';
import { ociLayoutEntries, type ImageContent } from '@/lib/archive/oci-layout';
import { flattenRootfs } from '@/lib/archive/rootfs';
import { zipStream } from '@/lib/archive/zip';
import { LayerIndexBuilder } from '@/lib/fs/layer-index-builder';
import { mergeLayers } from '@/lib/fs/overlay';
import type { Descriptor, ImageConfig, ImageManifest } from '@/lib/oci/documents';
import { MANIFEST_ACCEPT, layerCompression } from '@/lib/oci/media-types';
import { inflateStream } from '@/lib/stream/inflate';
import { TarReader } from '@/lib/stream/tar-reader';
import { loadTestBed } from '../support/test-bed';

const bed = loadTestBed();
const registry = `http://${bed.anonymous.host}`;

function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`${command} ${args.join(' ')} failed: ${stderr.trim()}`, { cause: error });
  }
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function get(url: string, accept?: string): Promise<Response> {
  const response = await fetch(url, accept ? { headers: { Accept: accept } } : {});
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return response;
}

/** An image's content served by the bed, by plain fetch (the repository fixed). */
function registryContent(repository: string): ImageContent {
  return {
    manifest: async (d) => new Uint8Array(await (await get(`${registry}/v2/${repository}/manifests/${d.digest}`, d.mediaType)).arrayBuffer()),
    blob: async (d) => (await get(`${registry}/v2/${repository}/blobs/${d.digest}`)).body!,
  };
}

/** The descriptor a tag resolves to, from the registry's answer. */
async function resolveTag(repository: string, tag: string): Promise<Descriptor> {
  const response = await get(`${registry}/v2/${repository}/manifests/${tag}`, MANIFEST_ACCEPT);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { mediaType: response.headers.get('content-type')!, digest: sha256(bytes), size: bytes.length };
}

/** One platform image: manifest, config and the uncompressed layer tars. */
interface PulledImage {
  manifest: ImageManifest;
  configBytes: Uint8Array;
  config: ImageConfig;
  diffs: Uint8Array[];
}

async function pull(repository: string, tag: string): Promise<PulledImage> {
  const manifest = (await (await get(`${registry}/v2/${repository}/manifests/${tag}`, MANIFEST_ACCEPT)).json()) as ImageManifest;
  const configBytes = new Uint8Array(await (await get(`${registry}/v2/${repository}/blobs/${manifest.config.digest}`)).arrayBuffer());
  const diffs: Uint8Array[] = [];
  for (const layer of manifest.layers) {
    const body = (await get(`${registry}/v2/${repository}/blobs/${layer.digest}`)).body!;
    diffs.push(await collect(body.pipeThrough(inflateStream(layerCompression(layer.mediaType) ?? 'none'))));
  }
  return { manifest, configBytes, config: JSON.parse(new TextDecoder().decode(configBytes)), diffs };
}

/** Writes archive files under a directory. */
async function writeFiles(files: AsyncIterable<ArchiveFile>, into: string): Promise<void> {
  for await (const f of files) {
    mkdirSync(dirname(join(into, f.path)), { recursive: true });
    writeFileSync(join(into, f.path), await collect(await f.stream()));
  }
}

/** `path type mode uid:gid size/target content-sha256` of every entry under a directory, sorted. */
function listTree(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(root, path));
      const head = `${path} ${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid}`;
      if (st.isDirectory()) {
        out.push(`${head} dir`);
        walk(path);
      } else if (st.isSymbolicLink()) {
        out.push(`${head} symlink ${readlinkSync(join(root, path))}`);
      } else if (st.isFile()) {
        out.push(`${head} file ${st.size} ${st.nlink} ${sha256(readFileSync(join(root, path)))}`);
      } else {
        out.push(`${head} other ${st.mode >> 12}`);
      }
    }
  };
  walk('');
  return out.sort();
}

let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'archive-it-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('OCI image layout of a registry image', () => {
  it.each([
    ['test/layers', 'an OCI manifest'],
    ['test/docker', 'a Docker schema 2 manifest'],
    ['test/multi', 'an OCI index, all platforms'],
    ['test/list', 'a Docker manifest list, all platforms'],
  ])('%s (%s): skopeo reads it, with the registry\'s digests, as files and zipped', async (repository) => {
    const root = await resolveTag(repository, 'v1');
    const dir = join(work, `${repository.replace('/', '-')}-layout`);
    await writeFiles(ociLayoutEntries({ root, tag: 'v1', content: registryContent(repository) }), dir);
    // skopeo 1.9 looks a ref name up only on OCI-typed descriptors; a Docker-typed root (kept as
    // served, byte for byte; skopeo's own `copy --preserve-digests` writes it the same way) is
    // the layout's only image, which `oci:DIR` without a name selects.
    const ref = (at: string) => (root.mediaType.startsWith('application/vnd.oci.') ? `oci:${at}:v1` : `oci:${at}`);

    const raw = execFileSync('skopeo', ['inspect', '--raw', ref(dir)]);
    expect(sha256(new Uint8Array(raw)), 'sha256 of the layout\'s root manifest').toBe(root.digest);
    // A full copy reads and verifies every blob the root reaches.
    run('skopeo', ['copy', '--all', ref(dir), `dir:${dir}-copy`]);

    const zipFile = `${dir}.zip`;
    writeFileSync(zipFile, await collect(zipStream(ociLayoutEntries({ root, tag: 'v1', content: registryContent(repository) }))));
    expect(run('unzip', ['-t', zipFile])).toContain('No errors detected');
    run('unzip', ['-q', zipFile, '-d', `${dir}-unzipped`]);
    const rawUnzipped = execFileSync('skopeo', ['inspect', '--raw', ref(`${dir}-unzipped`)]);
    expect(sha256(new Uint8Array(rawUnzipped))).toBe(root.digest);
    run('skopeo', ['copy', '--all', ref(`${dir}-unzipped`), `dir:${dir}-unzipped-copy`]);
    const index = JSON.parse(readFileSync(join(`${dir}-unzipped`, 'index.json'), 'utf8'));
    expect(index.manifests).toEqual([{ ...root, annotations: { 'org.opencontainers.image.ref.name': 'v1' } }]);
  });

  it('test/layers: umoci stat reports the manifest\'s layers', async () => {
    const root = await resolveTag('test/layers', 'v1');
    const dir = join(work, 'umoci-layout');
    await writeFiles(ociLayoutEntries({ root, tag: 'v1', content: registryContent('test/layers') }), dir);
    const stat = JSON.parse(run('umoci', ['stat', '--json', '--image', `${dir}:v1`])) as { history: { layer?: { digest: string } }[] };
    const manifest = (await pull('test/layers', 'v1')).manifest;
    expect(stat.history.filter((h) => h.layer).map((h) => h.layer!.digest)).toEqual(manifest.layers.map((l) => l.digest));
  });

  it('test/multi, one platform: skopeo reads the platform manifest the index names', async () => {
    const root = await resolveTag('test/multi', 'v1');
    const index = (await (await get(`${registry}/v2/test/multi/manifests/v1`, MANIFEST_ACCEPT)).json()) as { manifests: Descriptor[] };
    const arm64 = index.manifests.find((m) => m.platform?.architecture === 'arm64')!;
    const dir = join(work, 'multi-arm64');
    await writeFiles(ociLayoutEntries({ root, tag: 'v1', platform: 'linux/arm64/v8', content: registryContent('test/multi') }), dir);
    const raw = execFileSync('skopeo', ['inspect', '--raw', `oci:${dir}:v1`]);
    expect(sha256(new Uint8Array(raw))).toBe(arm64.digest);
    const inspect = JSON.parse(run('skopeo', ['inspect', `oci:${dir}:v1`])) as { Architecture: string };
    expect(inspect.Architecture).toBe('arm64');
    run('skopeo', ['copy', `oci:${dir}:v1`, `dir:${dir}-copy`]);
  });
});

describe('docker-archive of a registry image', () => {
  it.each(['test/docker', 'test/layers'])('%s: skopeo reads it, and its layers are the config\'s diff_ids', async (repository) => {
    const image = await pull(repository, 'v1');
    const archive = await dockerArchive({
      config: image.configBytes,
      layers: image.diffs.map((d) => ({ size: d.length, open: () => new Blob([d as Uint8Array<ArrayBuffer>]).stream() })),
      repoTag: `${bed.anonymous.host}/${repository}:v1`,
    });
    const file = join(work, `${repository.replace('/', '-')}.docker.tar`);
    const bytes = await collect(archive.readable);
    writeFileSync(file, bytes);
    expect(bytes.length).toBe(archive.length);
    run('tar', ['-tf', file]);

    const inspect = JSON.parse(run('skopeo', ['inspect', `docker-archive:${file}`])) as { Layers: string[]; RepoTags: string[] };
    expect(inspect.Layers).toEqual(image.config.rootfs.diff_ids);
    const config = JSON.parse(run('skopeo', ['inspect', '--config', `docker-archive:${file}`])) as ImageConfig;
    expect(config.rootfs.diff_ids).toEqual(image.config.rootfs.diff_ids);
    const rawConfig = execFileSync('skopeo', ['inspect', '--config', '--raw', `docker-archive:${file}`]);
    expect(sha256(new Uint8Array(rawConfig)), 'config digest').toBe(image.manifest.config.digest);
    run('skopeo', ['copy', `docker-archive:${file}`, `dir:${file}-copy`]);
  });
});

describe('flattened rootfs of a registry image', () => {
  // test/whiteouts holds the whiteout cases umoci cannot write itself; test/big thousands of files.
  it.each(['test/layers', 'test/whiteouts', 'test/big', 'test/plain', 'test/multimember'])('%s: extracted by GNU tar, equals `umoci unpack` of the same image', async (repository) => {
    const image = await pull(repository, 'v1');
    const indexes = image.diffs.map((diff) => {
      const builder = new LayerIndexBuilder();
      const reader = new TarReader({ onEntry: (h) => builder.add(h) });
      reader.push(diff);
      reader.end();
      return builder.finish();
    });
    const rootfs = flattenRootfs({ tree: mergeLayers(indexes), openLayerTar: (l) => new Blob([image.diffs[l] as Uint8Array<ArrayBuffer>]).stream() });
    expect(rootfs.warnings).toEqual([]);
    const name = repository.replace('/', '-');
    const tarFile = join(work, `${name}-rootfs.tar`);
    writeFileSync(tarFile, await collect(rootfs.readable));
    const ours = join(work, `${name}-rootfs-ours`);
    mkdirSync(ours);
    run('tar', ['-xf', tarFile, '-C', ours, '--same-owner', '--same-permissions']);

    const layout = join(work, `${name}-rootfs-layout`);
    run('skopeo', ['copy', `docker://${bed.anonymous.host}/${repository}:v1`, `oci:${layout}:v1`, '--src-tls-verify=false']);
    const bundle = join(work, `${name}-rootfs-umoci`);
    run('umoci', ['unpack', '--image', `${layout}:v1`, bundle]);

    const want = listTree(join(bundle, 'rootfs'));
    expect(want.length, 'entries umoci unpacked').toBeGreaterThan(2);
    expect(listTree(ours)).toEqual(want);
  });
});
