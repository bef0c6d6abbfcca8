/**
 * Hostile images against the real path: each is crafted in code, pushed to
 * the test registry, inspected through our proxy route (in process) and its
 * layers run through processLayer, the merge and the rootfs writer. Each
 * must end in a clear typed error or a safe result, with memory bounded and
 * nothing left hanging.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { flattenRootfs } from '@/lib/archive/rootfs';
import { DigestMismatchError } from '@/lib/digest';
import { UnsafePathError } from '@/lib/fs/errors';
import { mergeLayers } from '@/lib/fs/overlay';
import { inspectImage, type InspectionState } from '@/lib/inspect/inspect-image';
import { ProxyClient } from '@/lib/inspect/proxy-client';
import { BadDocumentError } from '@/lib/oci/document-errors';
import { parseManifestDocument } from '@/lib/oci/parse';
import { toManifestView } from '@/lib/oci/manifest-view';
import { processLayer, type LayerProgress, type LayerResult } from '@/lib/pipeline/process-layer';
import { parseReference } from '@/lib/reference';
import { InflateError, SizeMismatchError, TarFormatError } from '@/lib/stream/errors';
import { inflateStream } from '@/lib/stream/inflate';
import type { TarHeader } from '@/lib/stream/tar-header';
import { MAX_META_SIZE, TarReader } from '@/lib/stream/tar-reader';
import {
  type LayerBlob,
  descriptorJson,
  entriesLayer,
  gzipBombLayer,
  imageConfig,
  manifestJson,
  paxBombLayer,
  pushImage,
  seededBytes,
  sha256,
  sha512Named,
  truncateStoredBlob,
  zstdWindowBombLayer,
} from '../support/hostile-images';
import { inProcessProxyFetch } from '../support/in-process-proxy';
import { loadTestBed } from '../support/test-bed';

const bed = loadTestBed();
const host = bed.anonymous.host;
const client = new ProxyClient({ fetch: inProcessProxyFetch });
const MiB = 1024 * 1024;

function inspect(repository: string, tag = 'v1'): Promise<InspectionState> {
  return inspectImage(parseReference(`${host}/${repository}:${tag}`), { client });
}

/** Runs layer `i` of an inspected image through processLayer, as the page's worker does. */
async function pull(
  state: InspectionState,
  i: number,
  options: { diffId?: string | null; onProgress?: (p: LayerProgress) => void } = {},
): Promise<LayerResult> {
  const layer = state.manifest!.view.layers[i];
  const location = { apiHost: state.reference.apiHost, repository: state.reference.repository };
  const response = await client.getBlob(location, layer.digest);
  const diffId = options.diffId === null ? undefined : (options.diffId ?? state.config!.view.diffIds[i]);
  return processLayer({
    body: response.body!,
    digest: layer.digest,
    size: layer.size,
    mediaType: layer.mediaType,
    diffId,
    layerNumber: i + 1,
    onProgress: options.onProgress,
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('got a result, want an error');
}

/** Reads a whole tar stream's headers. */
async function tarHeaders(stream: ReadableStream<Uint8Array>): Promise<TarHeader[]> {
  const headers: TarHeader[] = [];
  const reader = new TarReader({ onEntry: (h) => headers.push(h) });
  const chunks = stream.getReader();
  for (let next = await chunks.read(); !next.done; next = await chunks.read()) reader.push(next.value);
  reader.end();
  return headers;
}

describe('entries whose paths leave the root', () => {
  const cases: { name: string; repository: string; layer: () => LayerBlob; path: string; offset: number }[] = [
    {
      name: '".." components',
      repository: 'hostile/dotdot',
      layer: () => entriesLayer([{ type: 'file', path: 'ok.txt', content: 'fine' }, { type: 'file', path: '../../etc/passwd', content: 'owned' }]),
      path: '../../etc/passwd',
      offset: 1024,
    },
    {
      name: 'an absolute path climbing out',
      repository: 'hostile/absolute',
      layer: () => entriesLayer([{ type: 'file', path: '/../etc/shadow', content: 'owned' }]),
      path: '/../etc/shadow',
      offset: 0,
    },
    {
      name: 'a hardlink whose target climbs out',
      repository: 'hostile/hardlink-escape',
      layer: () => entriesLayer([{ type: 'file', path: 'a', content: 'x' }, { type: 'hardlink', path: 'b', target: '../../a' }]),
      path: '../../a',
      offset: 1024,
    },
  ];

  beforeAll(async () => {
    for (const c of cases) {
      const layer = c.layer();
      await pushImage(host, c.repository, 'v1', { layers: [layer], config: imageConfig([layer.diffId]) });
    }
  });

  it.each(cases)('refuses $name with UnsafePathError naming the entry and its offset, after the digest held', async (c) => {
    const state = await inspect(c.repository);
    const error = await rejection(pull(state, 0));
    // processLayer blames the content only once the blob's digest held: these are the registry's true bytes.
    expect(error, `got ${String(error)}, want UnsafePathError`).toBeInstanceOf(UnsafePathError);
    expect((error as UnsafePathError).path).toBe(c.path);
    expect((error as UnsafePathError).offset).toBe(c.offset);
    expect((error as UnsafePathError).message).toContain(`tar header at byte ${c.offset}`);
  });
});

describe('absolute entry paths', () => {
  // As docker, containerd and umoci extract them: cleaned, then joined under the root, hard link targets alike.
  const layer = entriesLayer([
    { type: 'directory', path: '/abs' },
    { type: 'file', path: '/abs/absolute.txt', content: 'inside\n' },
    { type: 'hardlink', path: '/abs/link', target: '/abs/absolute.txt' },
    { type: 'file', path: './dot/../plain.txt', content: 'plain\n' },
  ]);

  it('are read under the root: the layer verifies and flattens to relative paths, the link to its file', async () => {
    await pushImage(host, 'hostile/absolute-paths', 'v1', { layers: [layer], config: imageConfig([layer.diffId]) });
    const state = await inspect('hostile/absolute-paths');
    const result = await pull(state, 0);
    expect(result.diffId.ok).toBe(true);
    const tree = mergeLayers([result.index]);
    expect(tree.lookup('/abs/absolute.txt')?.type).toBe('file');
    const location = { apiHost: state.reference.apiHost, repository: state.reference.repository };
    const flat = flattenRootfs({ tree, openLayerTar: async () => (await client.getBlob(location, layer.digest)).body!.pipeThrough(inflateStream('gzip')) });
    expect(flat.warnings).toEqual([]);
    const headers = await tarHeaders(flat.readable);
    expect(headers.map((h) => `${h.type} ${h.path}${h.linkpath ? ` -> ${h.linkpath}` : ''}`)).toEqual([
      'directory abs/',
      'file abs/absolute.txt',
      'hardlink abs/link -> abs/absolute.txt',
      'file plain.txt',
      // Again, to set its metadata after the files written into it.
      'directory abs/',
    ]);
  });
});

describe('entries below a symlink', () => {
  // docker's overlay2 and containerd's overlayfs snapshotter extract each layer into an empty directory of its own:
  // a layer's entries below its own link go where the link leads, entries below a lower layer's link do not.
  const lower = entriesLayer([
    { type: 'directory', path: 'usr' },
    { type: 'directory', path: 'usr/lib' },
    { type: 'file', path: 'usr/lib/libc.so', content: 'libc\n' },
    { type: 'symlink', path: 'lib', target: 'usr/lib' },
  ]);
  const upper = entriesLayer([
    { type: 'symlink', path: 'etc', target: '/usr/etc' },
    { type: 'file', path: 'etc/app.conf', content: 'through its own link\n' },
    { type: 'file', path: 'lib/x.so', content: 'below the lower link\n' },
  ]);
  const loop = entriesLayer([
    { type: 'symlink', path: 'a', target: 'b' },
    { type: 'symlink', path: 'b', target: 'a' },
    { type: 'file', path: 'a/x', content: 'nowhere\n' },
  ]);

  beforeAll(async () => {
    await pushImage(host, 'hostile/below-symlink', 'v1', { layers: [lower, upper], config: imageConfig([lower.diffId, upper.diffId]) });
    await pushImage(host, 'hostile/below-symlink-loop', 'v1', { layers: [loop], config: imageConfig([loop.diffId]) });
  });

  it('follow their own layer\'s link and hide a lower one, in the merged tree and the flattened rootfs', async () => {
    const state = await inspect('hostile/below-symlink');
    const results = [await pull(state, 0), await pull(state, 1)];
    expect(results.map((r) => r.diffId.ok)).toEqual([true, true]);
    const tree = mergeLayers(results.map((r) => r.index));
    expect(tree.lookup('/usr/etc/app.conf')?.type).toBe('file');
    expect(tree.lookup('/etc')?.type).toBe('symlink');
    expect(tree.lookup('/lib')?.type).toBe('directory');
    expect(tree.lookup('/lib/x.so')?.type).toBe('file');
    expect(tree.lookup('/usr/lib/x.so')).toBeUndefined();
    const location = { apiHost: state.reference.apiHost, repository: state.reference.repository };
    const blobs = [lower, upper];
    const flat = flattenRootfs({
      tree,
      openLayerTar: async (layer) => (await client.getBlob(location, blobs[layer].digest)).body!.pipeThrough(inflateStream('gzip')),
    });
    const files = new Map<string, string>();
    const headers: string[] = [];
    const reader = new TarReader({
      onEntry: (h) => headers.push(`${h.type} ${h.path}${h.linkpath ? ` -> ${h.linkpath}` : ''}`),
      onData: (bytes, h) => files.set(h.path, (files.get(h.path) ?? '') + new TextDecoder().decode(bytes)),
    });
    const chunks = flat.readable.getReader();
    for (let next = await chunks.read(); !next.done; next = await chunks.read()) reader.push(next.value);
    reader.end();
    // Directories first, then each layer's entries in its tar's order, then the directories again; no path of the
    // rootfs goes through a link.
    expect(headers).toEqual([
      'directory lib/',
      'directory usr/',
      'directory usr/etc/',
      'directory usr/lib/',
      'file usr/lib/libc.so',
      'symlink etc -> /usr/etc',
      'file usr/etc/app.conf',
      'file lib/x.so',
      'directory usr/lib/',
      'directory usr/etc/',
      'directory usr/',
      'directory lib/',
    ]);
    expect(files.get('usr/etc/app.conf')).toBe('through its own link\n');
    expect(files.get('lib/x.so')).toBe('below the lower link\n');
  });

  it('below a link that loops are refused with UnsafePathError, after the digest held', async () => {
    const state = await inspect('hostile/below-symlink-loop');
    const error = await rejection(pull(state, 0));
    expect(error, `got ${String(error)}, want UnsafePathError`).toBeInstanceOf(UnsafePathError);
    expect((error as UnsafePathError).reason).toBe('through-symlink');
    expect((error as UnsafePathError).path).toBe('a/x');
  });
});

describe('symlinks and hardlinks pointing out of the rootfs or nowhere', () => {
  const layer = entriesLayer([
    { type: 'directory', path: 'etc' },
    { type: 'file', path: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' },
    { type: 'symlink', path: 'escape', target: '../../../../etc/passwd' },
    { type: 'symlink', path: 'absolute', target: '/etc/passwd' },
    { type: 'symlink', path: 'dangling', target: '../../nowhere' },
    { type: 'symlink', path: 'loop1', target: 'loop2' },
    { type: 'symlink', path: 'loop2', target: 'loop1' },
    { type: 'symlink', path: 'up', target: '../..' },
    { type: 'hardlink', path: 'hl-missing', target: 'does/not/exist' },
    { type: 'hardlink', path: 'hl-directory', target: 'etc' },
    { type: 'hardlink', path: 'hl-ok', target: 'etc/passwd' },
  ]);
  let state: InspectionState;
  let result: LayerResult;

  beforeAll(async () => {
    await pushImage(host, 'hostile/links', 'v1', { layers: [layer], config: imageConfig([layer.diffId]) });
    state = await inspect('hostile/links');
    result = await pull(state, 0);
  });

  it('verifies the layer: links are data, whatever they point at', () => {
    expect(result.digest.ok).toBe(true);
    expect(result.diffId).toEqual({ want: layer.diffId, got: layer.diffId, ok: true });
  });

  it('resolves symlinks inside the root: ".." stops at "/", missing targets and loops resolve to nothing', () => {
    const tree = mergeLayers([result.index]);
    const got = Object.fromEntries(['/escape', '/absolute', '/dangling', '/loop1', '/up'].map((p) => [p, tree.resolveSymlink(p) ?? null]));
    expect(got).toEqual({ '/escape': '/etc/passwd', '/absolute': '/etc/passwd', '/dangling': null, '/loop1': null, '/up': '/' });
  });

  it('reports hardlinks to a missing target or a directory', () => {
    const problems = mergeLayers([result.index]).validateHardlinks();
    expect(problems).toEqual([
      { path: '/hl-directory', target: '/etc', layer: 0, problem: 'directory' },
      { path: '/hl-missing', target: '/does/not/exist', layer: 0, problem: 'missing' },
    ]);
  });

  it('flattens to a rootfs whose paths all stay inside, leaving out the broken hardlinks with a warning', async () => {
    const tree = mergeLayers([result.index]);
    const location = { apiHost: state.reference.apiHost, repository: state.reference.repository };
    const flat = flattenRootfs({
      tree,
      openLayerTar: async () => (await client.getBlob(location, layer.digest)).body!.pipeThrough(inflateStream('gzip')),
    });
    expect(flat.warnings.map((w) => [w.kind, w.path])).toEqual([
      ['hardlink-to-directory', '/hl-directory'],
      ['hardlink-unresolved', '/hl-missing'],
    ]);
    const headers = await tarHeaders(flat.readable);
    for (const h of headers) {
      expect(h.path.startsWith('/') || h.path.split('/').includes('..'), `output path ${h.path}`).toBe(false);
      if (h.type === 'hardlink') expect(h.linkpath, `hardlink ${h.path}`).toBe('etc/passwd');
    }
    expect(headers.map((h) => h.path).sort()).toEqual(['absolute', 'dangling', 'escape', 'etc/', 'etc/', 'etc/passwd', 'hl-ok', 'loop1', 'loop2', 'up']);
  });
});

describe('a PAX header of 100 MiB', () => {
  const layer = paxBombLayer(100 * MiB);

  beforeAll(async () => {
    await pushImage(host, 'hostile/pax-bomb', 'v1', { layers: [layer], config: imageConfig([layer.diffId]) });
  });

  it('is refused by the 1 MiB cap with TarFormatError, without inflating the rest', async () => {
    const state = await inspect('hostile/pax-bomb');
    let last: LayerProgress | undefined;
    const error = await rejection(pull(state, 0, { onProgress: (p) => (last = p) }));
    expect(error, `got ${String(error)}, want TarFormatError`).toBeInstanceOf(TarFormatError);
    expect((error as TarFormatError).offset).toBe(0);
    expect((error as TarFormatError).message).toContain(`more than the ${MAX_META_SIZE} allowed`);
    // The whole blob was still read and hashed (the digest held), but decoding stopped at the header.
    expect(last!.compressedBytes).toBe(layer.size);
    expect(last!.uncompressedBytes).toBeLessThan(MAX_META_SIZE);
  });
});

describe('a gzip bomb: 1 GiB of zeros in about 1 MiB', () => {
  const GiB = 1024 * MiB;
  const layer = gzipBombLayer(GiB);

  beforeAll(async () => {
    await pushImage(host, 'hostile/gzip-bomb', 'v1', { layers: [layer], config: imageConfig([layer.diffId]) });
  });

  it('streams to completion with the right diff_id and bounded memory', async () => {
    expect(layer.size).toBeLessThan(2 * MiB);
    const state = await inspect('hostile/gzip-bomb');
    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakHeap = before.heapUsed + before.arrayBuffers;
    const result = await pull(state, 0, {
      onProgress: () => {
        const now = process.memoryUsage();
        peakRss = Math.max(peakRss, now.rss);
        peakHeap = Math.max(peakHeap, now.heapUsed + now.arrayBuffers);
      },
    });
    expect(result.diffId).toEqual({ want: layer.diffId, got: layer.diffId, ok: true });
    expect(result.uncompressedBytes).toBe(GiB + 512 + 1024);
    expect(result.index.lookup('/zeros')?.size).toBe(GiB);
    const growth = { rss: (peakRss - before.rss) / MiB, heap: (peakHeap - before.heapUsed - before.arrayBuffers) / MiB };
    expect(growth.rss, `peak RSS grew by ${growth.rss.toFixed(0)} MiB`).toBeLessThan(200);
    expect(growth.heap, `peak heap and buffers grew by ${growth.heap.toFixed(0)} MiB`).toBeLessThan(200);
  });
});

describe('a zstd frame declaring a 1 GiB window', () => {
  // 8192 blocks would be 1 GiB of zeros; a decoder would allocate the whole window before the first.
  const layer = zstdWindowBombLayer(8192);

  beforeAll(async () => {
    await pushImage(host, 'hostile/zstd-window', 'v1', { layers: [layer], config: imageConfig([layer.diffId]) });
  });

  it('is refused with InflateError before any window is allocated', async () => {
    const state = await inspect('hostile/zstd-window');
    const before = process.memoryUsage().rss;
    let last: LayerProgress | undefined;
    const error = await rejection(pull(state, 0, { onProgress: (p) => (last = p) }));
    expect(error, `got ${String(error)}, want InflateError`).toBeInstanceOf(InflateError);
    expect((error as InflateError).offset).toBe(0);
    expect(last!.uncompressedBytes).toBe(0);
    const growth = (process.memoryUsage().rss - before) / MiB;
    expect(growth, `RSS grew by ${growth.toFixed(0)} MiB`).toBeLessThan(200);
  });
});

describe('a blob the registry serves shorter or longer than its descriptor says', () => {
  // Seeded random content: incompressible, and a blob no other image shares (the truncation is on disk).
  const truncated = entriesLayer([{ type: 'file', path: 'random.bin', content: seededBytes(0x7a11, 256 * 1024) }]);
  const long = entriesLayer([{ type: 'file', path: 'random.bin', content: seededBytes(0x10f9, 64 * 1024) }]);
  const SHORT_BY = 1000;

  beforeAll(async () => {
    await pushImage(host, 'hostile/truncated', 'v1', { layers: [truncated], config: imageConfig([truncated.diffId]) });
    truncateStoredBlob(bed.storageRoot, truncated.digest, Math.floor(truncated.size / 2));
    const config = imageConfig([long.diffId]);
    // The registry checks that a manifest's blobs exist, not their sizes.
    const manifest = manifestJson({ digest: sha256(config), size: config.length }, [descriptorJson({ ...long, size: long.size - SHORT_BY })]);
    await pushImage(host, 'hostile/long-blob', 'v1', { layers: [long], config, manifest });
  });

  it('fails a truncated blob with SizeMismatchError giving both sizes', async () => {
    const state = await inspect('hostile/truncated');
    const error = await rejection(pull(state, 0));
    expect(error, `got ${String(error)}, want SizeMismatchError`).toBeInstanceOf(SizeMismatchError);
    expect((error as SizeMismatchError).want).toBe(truncated.size);
    expect((error as SizeMismatchError).got).toBe(Math.floor(truncated.size / 2));
  });

  it('fails a blob longer than its descriptor with SizeMismatchError as soon as the size is passed', async () => {
    const state = await inspect('hostile/long-blob');
    const want = long.size - SHORT_BY;
    expect(state.manifest!.view.layers[0].size).toBe(want);
    let last: LayerProgress | undefined;
    const error = await rejection(pull(state, 0, { onProgress: (p) => (last = p) }));
    expect(error, `got ${String(error)}, want SizeMismatchError`).toBeInstanceOf(SizeMismatchError);
    expect((error as SizeMismatchError).want).toBe(want);
    expect((error as SizeMismatchError).got).toBeGreaterThan(want);
    expect((error as SizeMismatchError).message).toContain(`got more than ${want} bytes`);
    // No chunk past the declared size was handed on.
    expect(last?.compressedBytes ?? 0).toBeLessThanOrEqual(want);
  });
});

describe('a layer named by a sha512 digest', () => {
  const base = entriesLayer([{ type: 'file', path: 'base.txt', content: 'base\n' }]);
  const named = sha512Named(entriesLayer([{ type: 'file', path: 'sha512.txt', content: 'sha512\n' }]));

  beforeAll(async () => {
    await pushImage(host, 'hostile/sha512-layer', 'v1', { layers: [base, named], config: imageConfig([base.diffId, named.diffId]) });
  });

  it('is fetched, verified by sha512 and indexed, its diff_id by the sha256 the config names', async () => {
    const state = await inspect('hostile/sha512-layer');
    expect(state.manifest!.view.layers[1].digest).toBe(named.digest);
    const result = await pull(state, 1);
    expect(result.digest).toEqual({ want: named.digest, got: named.digest, ok: true });
    expect(result.diffId).toEqual({ want: named.diffId, got: named.diffId, ok: true });
    expect(result.index.lookup('/sha512.txt')?.size).toBe(7);
  });
});

describe('a config whose descriptor declares another size', () => {
  const layer = entriesLayer([{ type: 'file', path: 'a.txt', content: 'a\n' }]);
  const config = imageConfig([layer.diffId]);

  beforeAll(async () => {
    const manifest = manifestJson({ digest: sha256(config), size: 10 }, [descriptorJson(layer)]);
    await pushImage(host, 'hostile/config-size-lie', 'v1', { layers: [layer], config, manifest });
  });

  it('fails the config check on its size though the digest holds, and stops there', async () => {
    let state: InspectionState | undefined;
    const error = await rejection(
      inspectImage(parseReference(`${host}/hostile/config-size-lie:v1`), { client, onUpdate: (s) => void (state = s) }),
    );
    expect(error).toMatchObject({ code: 'DIGEST_MISMATCH' });
    const { check } = state!.config!;
    expect(check.mismatches).toEqual([]);
    expect(check.sizeMismatches).toEqual([{ source: 'manifest', size: 10 }]);
    expect(check.ok, `got ok for ${check.bytes} bytes the manifest says are 10`).toBe(false);
  });
});

describe('a manifest with 10 000 layers', () => {
  const COUNT = 10_000;
  const layer = entriesLayer([{ type: 'file', path: 'one', content: 'x' }]);

  beforeAll(async () => {
    const diffIds = Array.from({ length: COUNT }, () => layer.diffId);
    await pushImage(host, 'hostile/many-layers', 'v1', { layers: Array.from({ length: COUNT }, () => layer), config: imageConfig(diffIds) });
  });

  it('is inspected through the proxy: every layer listed, paired with its diff_id, chain IDs computed', async () => {
    const state = await inspect('hostile/many-layers');
    expect(state.manifest!.view.layers).toHaveLength(COUNT);
    expect(state.manifest!.view.totalSize).toBe(COUNT * layer.size);
    expect(state.config!.view.warnings).toEqual([]);
    expect(state.config!.view.diffIdsMatchLayers).toBe(true);
    expect(state.config!.chainIds).toHaveLength(COUNT);
    expect(new Set(state.config!.chainIds).size).toBe(COUNT);
  });

  it('parses and reshapes from the bytes the registry serves', async () => {
    const response = await fetch(`http://${host}/v2/hostile/many-layers/manifests/v1`, { headers: { Accept: 'application/vnd.oci.image.manifest.v1+json' } });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const view = toManifestView(parseManifestDocument(bytes, response.headers.get('content-type') ?? undefined), sha256(bytes));
    expect(view.layers.map((l) => l.index)).toEqual(Array.from({ length: COUNT }, (_, i) => i));
  });
});

describe('JSON with duplicate keys', () => {
  const layer = entriesLayer([{ type: 'file', path: 'dup', content: 'dup' }]);
  const config = imageConfig([layer.diffId]);
  const decoy = sha256(new TextEncoder().encode('a blob this registry never held'));
  const descriptor = (first: string, second: string) =>
    `{"mediaType":"${layer.mediaType}","${first}":"${decoy}","${second}":"${layer.digest}","size":${layer.size}}`;
  const cases = [
    // Go's encoding/json (the registry) keeps the last value: the registry validated the real digest, while a
    // parser keeping the first would fetch the decoy.
    { name: 'two "digest" fields', repository: 'hostile/duplicate-digest', first: 'digest', second: 'digest', path: 'manifest.layers[0].digest' },
    // Go also matches struct fields case-insensitively: "Digest" is the registry's digest, JSON.parse's is the decoy.
    { name: '"digest" and "Digest"', repository: 'hostile/case-digest', first: 'digest', second: 'Digest', path: 'manifest.layers[0].Digest' },
  ];

  beforeAll(async () => {
    for (const c of cases) {
      const manifest = manifestJson({ digest: sha256(config), size: config.length }, [descriptor(c.first, c.second)]);
      await pushImage(host, c.repository, 'v1', { layers: [layer], config, manifest });
    }
    const dupConfig = new TextEncoder().encode(
      `{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["${decoy}"],"diff_ids":["${layer.diffId}"]}}`,
    );
    await pushImage(host, 'hostile/duplicate-config-key', 'v1', { layers: [layer], config: dupConfig });
  });

  it.each(cases)('refuses a manifest with $name that the registry accepted, naming the key', async (c) => {
    const error = await rejection(inspect(c.repository));
    expect(error, `got ${String(error)}, want BadDocumentError`).toBeInstanceOf(BadDocumentError);
    expect((error as BadDocumentError).path).toBe(c.path);
  });

  it('refuses a config with two diff_ids lists, naming the key', async () => {
    const error = await rejection(inspect('hostile/duplicate-config-key'));
    expect(error, `got ${String(error)}, want BadDocumentError`).toBeInstanceOf(BadDocumentError);
    expect((error as BadDocumentError).path).toBe('config.rootfs.diff_ids');
  });
});

describe('a config whose diff_ids count differs from the layers count', () => {
  const layers = [1, 2].map((n) => entriesLayer([{ type: 'file', path: `layer-${n}`, content: `layer ${n}` }]));
  const cases = [
    { name: 'fewer', repository: 'hostile/fewer-diff-ids', diffIds: [layers[1].diffId] },
    { name: 'more', repository: 'hostile/more-diff-ids', diffIds: [sha256(new Uint8Array(1)), ...layers.map((l) => l.diffId)] },
  ];

  beforeAll(async () => {
    for (const c of cases) {
      const history = layers.map((_, i) => ({ created_by: `/bin/sh -c step ${i + 1}` }));
      await pushImage(host, c.repository, 'v1', { layers, config: imageConfig(c.diffIds, history) });
    }
  });

  it.each(cases)('$name diff_ids: a warning, nothing paired, every layer verified by digest alone', async (c) => {
    const state = await inspect(c.repository);
    const view = state.config!.view;
    expect(view.diffIdsMatchLayers).toBe(false);
    expect(view.warnings[0]).toBe(
      `The manifest lists 2 layers but the config lists ${c.diffIds.length} diff_id${c.diffIds.length === 1 ? '' : 's'}; they cannot be paired, so no layer's diff_id is checked (docker refuses to pull such an image).`,
    );
    expect(view.history.map((r) => r.diffId)).toEqual([undefined, undefined]);
    // The page pairs nothing when the counts differ: each layer is checked against its own digest only.
    for (const i of [0, 1]) {
      const result = await pull(state, i, { diffId: view.diffIdsMatchLayers ? undefined : null });
      expect(result.digest.ok).toBe(true);
      expect(result.diffId).toEqual({ want: undefined, got: layers[i].diffId, ok: false });
    }
  });

  it('would have blamed the wrong layer had they been paired by position', async () => {
    const state = await inspect('hostile/more-diff-ids');
    const error = await rejection(pull(state, 0, { diffId: state.config!.view.diffIds[0] }));
    expect(error).toBeInstanceOf(DigestMismatchError);
  });
});

describe('a config that breaks the spec', () => {
  const layer = entriesLayer([{ type: 'file', path: 'etc/base.txt', content: 'the base layer' }]);
  const config = new TextEncoder().encode(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Cmd: ['/bin/sh'], Env: ['PATH=/usr/bin'] } }));

  beforeAll(async () => {
    await pushImage(host, 'hostile/config-no-rootfs', 'v1', { layers: [layer], config });
  });

  it('is shown as sent with its verified digest and what reads of it, its problem named, and its layers still pulled by digest', async () => {
    const state = await inspect('hostile/config-no-rootfs');
    expect(state.config?.check.ok).toBe(true);
    expect(state.config?.raw).toBe(new TextDecoder().decode(config));
    expect(state.config?.problems).toEqual(['config.rootfs is missing']);
    expect(state.config?.view.cmd).toEqual(['/bin/sh']);
    expect(state.config?.view.env).toEqual([{ name: 'PATH', value: '/usr/bin' }]);
    expect(state.config?.view.diffIdsMatchLayers).toBe(false);
    const result = await pull(state, 0, { diffId: null });
    expect(result.digest.ok).toBe(true);
    expect(result.diffId).toEqual({ want: undefined, got: layer.diffId, ok: false });
  });
});
