/**
 * The layer pipeline against the real registries of the test bed: every
 * layer of the test images fetched through our proxy route, verified
 * (digest and diff_id against the config's rootfs.diff_ids) and indexed; a
 * blob the registry serves corrupt fails as a digest mismatch; and the merged
 * filesystem of test/whiteouts:v1 equals what `umoci unpack` makes of it,
 * entry for entry, down to each file's content read back from its layer.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DigestMismatchError } from '@/lib/digest';
import { mergeLayers } from '@/lib/fs/overlay';
import type { MergedTree } from '@/lib/fs/merged-tree';
import { inspectImage } from '@/lib/inspect/inspect-image';
import { ProxyClient } from '@/lib/inspect/proxy-client';
import { writeThrough } from '@/lib/pipeline/blob-store';
import { MemoryBlobStore } from '@/lib/pipeline/memory-blob-store';
import { processLayer, type LayerResult } from '@/lib/pipeline/process-layer';
import { readLayerFile } from '@/lib/pipeline/read-file';
import { parseReference } from '@/lib/reference';
import { inProcessProxyFetch } from '../support/in-process-proxy';
import { loadTestBed } from '../support/test-bed';
import { umociListing, type ListingEntry } from '../support/umoci-listing';

const bed = loadTestBed() as ReturnType<typeof loadTestBed> & { corruptLayerDigest?: string };

type Mode = { name: string; host: string; creds?: { username: string; password: string } };
const modes: Mode[] = [
  { name: 'anonymous', host: bed.anonymous.host },
  { name: 'basic', host: bed.basic.host, creds: { username: bed.basic.username, password: bed.basic.password } },
  { name: 'token', host: bed.token.host },
  { name: 'redirect', host: bed.redirect.host },
];

interface PulledLayer {
  digest: string;
  mediaType: string;
  diffId: string;
  /** The verified result, or what processLayer threw. */
  outcome: { result: LayerResult } | { error: unknown };
}

/** Inspects an image through the proxy and runs every layer of the chosen platform through processLayer. */
async function pullLayers(image: string, options: { mode?: Mode; platform?: string; store?: MemoryBlobStore } = {}): Promise<PulledLayer[]> {
  const mode = options.mode ?? modes[0];
  const client = new ProxyClient({ fetch: inProcessProxyFetch, credentials: mode.creds });
  const reference = parseReference(`${mode.host}/${image}`);
  const state = await inspectImage(reference, { client, platform: options.platform });
  const layers = state.manifest?.view.layers;
  const diffIds = state.config?.view.diffIds;
  if (!layers || !diffIds) throw new Error(`${image}: got no manifest or config, want both`);
  expect(diffIds).toHaveLength(layers.length);
  const location = { apiHost: reference.apiHost, repository: reference.repository };
  const pulled: PulledLayer[] = [];
  for (const [i, layer] of layers.entries()) {
    const response = await client.getBlob(location, layer.digest);
    const writer = await options.store?.writer(layer.digest);
    const body = writer ? writeThrough(response.body!, writer) : response.body!;
    const base = { digest: layer.digest, mediaType: layer.mediaType, diffId: diffIds[i] };
    try {
      const result = await processLayer({ body, digest: layer.digest, size: layer.size, mediaType: layer.mediaType, diffId: diffIds[i], layerNumber: i + 1 });
      await writer?.commit();
      pulled.push({ ...base, outcome: { result } });
    } catch (error) {
      await writer?.abort();
      pulled.push({ ...base, outcome: { error } });
    }
  }
  return pulled;
}

function verified(layer: PulledLayer): LayerResult {
  if ('error' in layer.outcome) throw new Error(`${layer.digest}: got ${String(layer.outcome.error)}, want a verified layer`);
  return layer.outcome.result;
}

const COMPRESSION: Record<string, string> = {
  'test/zstd:v1': 'zstd',
  'test/plain:v1': 'none',
};

describe.each(modes)('layers from the $name registry', (mode) => {
  it('verifies and indexes every layer of test/layers:v1', async () => {
    const layers = await pullLayers('test/layers:v1', { mode });
    expect(layers).toHaveLength(4);
    for (const layer of layers) {
      const result = verified(layer);
      expect(result.digest).toEqual({ want: layer.digest, got: layer.digest, ok: true });
      expect(result.diffId).toEqual({ want: layer.diffId, got: layer.diffId, ok: true });
    }
    expect(verified(layers[0]).index.lookup('/bin/hello')?.mode).toBe(0o755);
  });
});

describe('layers of every test image', () => {
  const images: Array<[string, string | undefined]> = [
    ['test/layers:v1', undefined],
    ['test/multi:v1', 'linux/amd64'],
    ['test/multi:v1', 'linux/arm64/v8'],
    ['test/docker:v1', undefined],
    ['test/whiteouts:v1', undefined],
    ['test/zstd:v1', undefined],
    ['test/plain:v1', undefined],
    ['test/multimember:v1', undefined],
    ['test/shares-base:v1', undefined],
    ['test/big:v1', undefined],
  ];

  it.each(images)('%s (%s): every layer verifies, digest and diff_id', async (image, platform) => {
    const layers = await pullLayers(image, { platform });
    expect(layers.length).toBeGreaterThan(0);
    for (const layer of layers) {
      const result = verified(layer);
      expect(result.digest.ok).toBe(true);
      expect(result.diffId).toEqual({ want: layer.diffId, got: layer.diffId, ok: true });
      expect(result.compressionNote).toBeUndefined();
      expect(result.compression).toBe(COMPRESSION[image] ?? 'gzip');
      expect(result.entries).toBeGreaterThan(0);
    }
  });

  it('fails the corrupted layer of test/corrupt:v1 with a digest mismatch, and verifies the other', async () => {
    const corrupt = bed.corruptLayerDigest;
    expect(corrupt, 'state.json names corruptLayerDigest').toBeDefined();
    const layers = await pullLayers('test/corrupt:v1');
    const bad = layers.find((l) => l.digest === corrupt);
    expect(bad, `got no layer ${corrupt} in test/corrupt:v1`).toBeDefined();
    const error = 'error' in bad!.outcome ? bad!.outcome.error : undefined;
    expect(error).toBeInstanceOf(DigestMismatchError);
    expect((error as DigestMismatchError).want).toBe(corrupt);
    expect((error as DigestMismatchError).got).not.toBe(corrupt);
    for (const layer of layers.filter((l) => l !== bad)) expect(verified(layer).digest.ok).toBe(true);
  });
});

describe('the merged filesystem of test/whiteouts:v1', () => {
  const store = new MemoryBlobStore();
  let layers: PulledLayer[];
  let merged: MergedTree;
  let reference: ListingEntry[];

  beforeAll(async () => {
    [layers, reference] = await Promise.all([pullLayers('test/whiteouts:v1', { store }), umociListing('test/whiteouts:v1')]);
    merged = mergeLayers(layers.map((l) => verified(l).index));
  });

  /** The merged tree in umoci's terms: hardlinks are files sharing their target's inode. */
  async function listing(): Promise<ListingEntry[]> {
    const out: ListingEntry[] = [];
    for (const e of merged.walk()) {
      const inode = e.type === 'hardlink' ? (merged.lookup(e.linkpath!) ?? e) : e;
      const entry: ListingEntry = { path: e.path, type: (e.type === 'hardlink' ? 'file' : e.type) as ListingEntry['type'], mode: inode.mode & 0o7777, uid: inode.uid, gid: inode.gid, size: 0 };
      if (e.type === 'symlink') entry.linkTarget = e.linkpath;
      if (entry.type === 'file') {
        const content = merged.contentOf(e.path);
        if (!content) throw new Error(`got no content location for ${e.path}, want one`);
        const layer = layers[content.layer];
        const bytes = await readLayerFile({ blob: (await store.open(layer.digest))!, compression: verified(layer).compression, ...content });
        entry.size = bytes.length;
        entry.sha256 = createHash('sha256').update(bytes).digest('hex');
      }
      out.push(entry);
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  it('lists the same paths as umoci unpack', async () => {
    expect((await listing()).map((e) => e.path)).toEqual(reference.map((e) => e.path));
  });

  it('equals umoci unpack entry for entry: type, mode, owner, size, link target and content', async () => {
    const ours = new Map((await listing()).map((e) => [e.path, e]));
    for (const want of reference) {
      expect(ours.get(want.path), want.path).toEqual(want);
    }
  });
});
