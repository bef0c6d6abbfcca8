// A layer whose bytes come from a local archive (LayerSource.local): the
// worker reads the Blob (cloned across the worker boundary), never the
// proxy or the tab's cache, and verifies it like network bytes; a failed
// check is said of the file, with a file's advice, not a registry's.
import { describe, expect, it } from 'vitest';
import { DigestMismatchError } from '@/lib/digest';
import { MediaType } from '@/lib/oci/media-types';
import type { LayerJobSpec, LocalLayerBlob } from '@/lib/pipeline/messages';
import { collect } from '../archive/archive-helpers';
import { loopbackPool } from './loopback-worker';
import { buildTar, gzip, SAMPLE_TREE, sha256 } from './layer-fixtures';

const tar = buildTar(SAMPLE_TREE);
const gz = gzip(tar);

/** A job reading `bytes` from a file of an archive; by default an OCI layout's gzip layer, named by its digest. */
function localSpec(
  bytes: Uint8Array,
  layer: Partial<LayerJobSpec> = {},
  file: Omit<LocalLayerBlob, 'blob'> = { path: `blobs/sha256/${sha256(gz).slice(7)}`, namedBy: 'digest' },
): LayerJobSpec {
  const named = { digest: sha256(gz), size: gz.length, mediaType: MediaType.OciLayerGzip, diffId: sha256(tar), layerNumber: 1 };
  return { proxyOrigin: '', apiHost: '', repository: '', ...named, ...layer, local: { blob: new Blob([bytes as BlobPart]), ...file } };
}

/** A docker-archive's layer: an uncompressed tar named by nothing but the config's diff_id, which the synthesized manifest repeats. */
function dockerArchiveSpec(bytes: Uint8Array): LayerJobSpec {
  const layer = { digest: sha256(tar), size: tar.length, mediaType: MediaType.DockerLayer, layerNumber: 2 };
  return localSpec(bytes, layer, { path: '1111/layer.tar', namedBy: 'diff_id' });
}

/** The bytes with one flipped near the end: the same length, other content. */
function damaged(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  out[out.length - 20] ^= 0xff;
  return out;
}

const RETRY_ADVICE = /Retry|registry/;
const FILE_ADVICE = /file on disk is damaged.*Export or copy the image again/;

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

  it('fails a Blob whose bytes are not the digest that names them, naming its file and advising a new copy, not a retry', async () => {
    const { pool } = loopbackPool(new Map());
    const error = await pool.processLayer(localSpec(damaged(gz))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigestMismatchError);
    const mismatch = error as DigestMismatchError;
    expect(mismatch.want).toBe(sha256(gz));
    expect(mismatch.origin).toBe('local file');
    expect(mismatch.message).toMatch(new RegExp(`^layer 1 blob \\(blobs/sha256/${sha256(gz).slice(7)} in the archive\\): digest mismatch: got sha256:`));
    expect(mismatch.suggestion).toMatch(FILE_ADVICE);
    expect(mismatch.suggestion).not.toMatch(RETRY_ADVICE);
  });

  it("says a docker-archive's damaged layer tar failed the config's diff_id, the one digest that names it", async () => {
    const { pool } = loopbackPool(new Map());
    const error = await pool.processLayer(dockerArchiveSpec(damaged(tar))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigestMismatchError);
    expect((error as Error).message).toMatch(/^layer 2 diff_id \(1111\/layer\.tar in the archive\): digest mismatch: got sha256:\w+, want sha256:/);
    expect((error as DigestMismatchError).want).toBe(sha256(tar));
    expect((error as DigestMismatchError).suggestion).toMatch(FILE_ADVICE);
  });

  it('says the same when the damaged blob is streamed for a download', async () => {
    const { pool } = loopbackPool(new Map());
    const error = await collect(pool.streamBlob(localSpec(damaged(gz)))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigestMismatchError);
    expect((error as Error).message).toMatch(/^layer blob \(blobs\/sha256\/\w+ in the archive\): digest mismatch/);
    expect((error as DigestMismatchError).suggestion).toMatch(FILE_ADVICE);
  });

  it('keeps the registry advice for the same damage from the network', async () => {
    const { pool } = loopbackPool(new Map([[sha256(gz), damaged(gz)]]));
    const { local: _local, ...spec } = localSpec(gz);
    const error = await pool.processLayer({ ...spec, proxyOrigin: 'http://app.test', apiHost: 'registry.test', repository: 'team/app' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigestMismatchError);
    expect((error as DigestMismatchError).origin).toBe('registry');
    expect((error as Error).message).toMatch(/^layer 1 blob: digest mismatch/);
    expect((error as DigestMismatchError).suggestion).toMatch(/^The bytes received are not the content that digest names\. Retry/);
  });
});
