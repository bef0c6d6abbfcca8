// A layer whose bytes come from a local archive (LayerSource.blob): the
// worker reads the Blob (cloned across the worker boundary), never the
// proxy or the tab's cache, and verifies it like network bytes.
import { describe, expect, it } from 'vitest';
import { DigestMismatchError } from '@/lib/digest';
import { MediaType } from '@/lib/oci/media-types';
import type { LayerJobSpec } from '@/lib/pipeline/messages';
import { collect } from '../archive/archive-helpers';
import { loopbackPool } from './loopback-worker';
import { buildTar, gzip, SAMPLE_TREE, sha256 } from './layer-fixtures';

const tar = buildTar(SAMPLE_TREE);
const gz = gzip(tar);

function localSpec(bytes: Uint8Array): LayerJobSpec {
  return {
    proxyOrigin: '',
    apiHost: '',
    repository: '',
    digest: sha256(gz),
    size: gz.length,
    mediaType: MediaType.OciLayerGzip,
    diffId: sha256(tar),
    layerNumber: 1,
    blob: new Blob([bytes as BlobPart]),
  };
}

describe('a layer from a local Blob', () => {
  it('verifies and indexes it without asking the proxy or filling the cache', async () => {
    const { pool, proxy, store } = loopbackPool(new Map());
    const { result, fromCache } = await pool.processLayer(localSpec(gz));
    expect(fromCache).toBe(false);
    expect(result.digest.ok).toBe(true);
    expect(result.diffId).toEqual({ want: sha256(tar), got: sha256(tar), ok: true });
    expect(proxy.requests).toHaveLength(0);
    expect(await store.has(sha256(gz))).toBe(false);
  });

  it('streams its tar, checked against the diff_id, for downloads', async () => {
    const { pool, proxy } = loopbackPool(new Map());
    const out = await collect(pool.streamLayerTar(localSpec(gz), { compression: 'gzip', diffId: sha256(tar), size: tar.length }));
    expect(sha256(out)).toBe(sha256(tar));
    expect(proxy.requests).toHaveLength(0);
  });

  it('fails a Blob whose bytes are not the digest that names them', async () => {
    const { pool } = loopbackPool(new Map());
    const tampered = gz.slice();
    tampered[gz.length - 20] ^= 0xff;
    const error = await pool.processLayer(localSpec(tampered)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigestMismatchError);
    expect((error as DigestMismatchError).want).toBe(sha256(gz));
  });
});
