// A multi-member gzip layer (eStargz writes one member per file) in a worker
// whose platform decoder refuses it, as browsers' do: the layer is decoded a
// second time with pako from the verified copy the first read left in the
// tab's cache, or from the local Blob, never from the proxy again.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MediaType } from '@/lib/oci/media-types';
import type { LayerJobSpec } from '@/lib/pipeline/messages';
import { concat } from '../stream/stream-helpers';
import { BrowserLikeDecompressionStream } from './browser-like-decompression';
import { buildTar, gzip, SAMPLE_TREE, sha256 } from './layer-fixtures';
import { loopbackPool } from './loopback-worker';

const tar = buildTar(SAMPLE_TREE);
const multi = concat([gzip(tar.subarray(0, 8192)), gzip(tar.subarray(8192))]);

function spec(extra: Partial<LayerJobSpec> = {}): LayerJobSpec {
  return {
    proxyOrigin: 'http://app.test',
    apiHost: 'registry.test',
    repository: 'library/estargz',
    digest: sha256(multi),
    size: multi.length,
    mediaType: MediaType.OciLayerGzip,
    diffId: sha256(tar),
    layerNumber: 1,
    ...extra,
  };
}

beforeEach(() => {
  BrowserLikeDecompressionStream.created = 0;
  vi.stubGlobal('DecompressionStream', BrowserLikeDecompressionStream);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('a multi-member gzip layer the platform decoder refuses', () => {
  it('verifies it from one download, decoding the cached copy again, and keeps the copy', async () => {
    const { pool, proxy, store } = loopbackPool(new Map([[sha256(multi), multi]]));
    const { result, fromCache } = await pool.processLayer(spec());
    expect(fromCache).toBe(false);
    expect(result.digest.ok).toBe(true);
    expect(result.diffId).toEqual({ want: sha256(tar), got: sha256(tar), ok: true });
    expect(BrowserLikeDecompressionStream.created, 'platform decoders made').toBe(1);
    expect(proxy.requests, 'proxy requests').toHaveLength(1);
    expect(await store.has(sha256(multi))).toBe(true);
  });

  it('reads a local Blob twice, never the proxy, and caches nothing', async () => {
    const { pool, proxy, store } = loopbackPool(new Map());
    const { result } = await pool.processLayer(spec({ local: { blob: new Blob([multi as BlobPart]), path: 'blobs/sha256/multi', namedBy: 'digest' } }));
    expect(result.diffId.ok).toBe(true);
    expect(proxy.requests, 'proxy requests').toHaveLength(0);
    expect(await store.has(sha256(multi))).toBe(false);
  });
});
