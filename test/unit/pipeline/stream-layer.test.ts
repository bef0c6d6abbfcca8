// Whole layers streamed out of the workers, for downloads and archives:
// `streamLayerTar` (the uncompressed tar, checked against the blob digest
// and the diff_id) and `streamBlob` (the blob as stored), through the
// loopback pool so every message crosses a cloning boundary.
import { describe, expect, it } from 'vitest';
import { DigestMismatchError } from '@/lib/digest';
import { MediaType } from '@/lib/oci/media-types';
import { layerTarStream } from '@/lib/pipeline/layer-tar-stream';
import type { LayerSource } from '@/lib/pipeline/messages';
import { STREAM_CHUNK_BYTES, STREAM_WINDOW } from '@/lib/pipeline/worker-handler';
import { InflateError, SizeMismatchError } from '@/lib/stream/errors';
import type { Compression } from '@/lib/stream/inflate';
import { chunks, concat, pseudoRandom, sourceOf } from '../stream/stream-helpers';
import { buildTar, gzip, SAMPLE_TREE, sha256, zstd } from './layer-fixtures';
import { loopbackPool } from './loopback-worker';

const tar = buildTar(SAMPLE_TREE);
const gz = gzip(tar);

function sourceFor(blob: Uint8Array, mediaType: string = MediaType.OciLayerGzip): LayerSource {
  return {
    proxyOrigin: 'https://pullscope.test',
    apiHost: 'registry.test',
    repository: 'team/app',
    digest: sha256(blob),
    size: blob.length,
    mediaType,
  };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
  return concat(parts);
}

async function failureOf(stream: ReadableStream<Uint8Array>): Promise<unknown> {
  return readAll(stream).then(
    (bytes) => new Error(`got ${bytes.length} bytes and a clean end, want an error`),
    (err: unknown) => err,
  );
}

/** The same tar, corrupted: one byte flipped in the middle of a file's content. */
function corruptTar(): Uint8Array {
  const bad = tar.slice();
  bad[4096] ^= 0xff;
  return bad;
}

describe('streamLayerTar', () => {
  it.each<[Compression, string, (t: Uint8Array) => Uint8Array]>([
    ['gzip', MediaType.OciLayerGzip, gzip],
    ['zstd', MediaType.OciLayerZstd, zstd],
    ['none', MediaType.OciLayer, (t) => t],
  ])('streams the %s layer as its exact tar and caches the verified blob', async (compression, mediaType, compress) => {
    const blob = compress(tar);
    const { pool, store } = loopbackPool(new Map([[sha256(blob), blob]]));
    const source = sourceFor(blob, mediaType);
    const got = await readAll(pool.streamLayerTar(source, { compression, diffId: sha256(tar), size: tar.length, layerNumber: 1 }));
    expect(sha256(got), `sha256 of the streamed tar, got ${got.length} bytes, want ${tar.length}`).toBe(sha256(tar));
    expect(await store.has(source.digest)).toBe(true);
  });

  it('reads a cached blob from the store without asking the network again', async () => {
    const { pool, proxy } = loopbackPool(new Map([[sha256(gz), gz]]));
    const source = sourceFor(gz);
    const spec = { compression: 'gzip' as const, diffId: sha256(tar), size: tar.length };
    await readAll(pool.streamLayerTar(source, spec));
    const again = await readAll(pool.streamLayerTar(source, spec));
    expect(sha256(again)).toBe(sha256(tar));
    expect(proxy.requests).toHaveLength(1);
  });

  it('errors at the end when the tar does not hash to the diff_id, and caches nothing', async () => {
    const wrong = gzip(corruptTar());
    const { pool, store } = loopbackPool(new Map([[sha256(wrong), wrong]]));
    const source = sourceFor(wrong);
    const err = await failureOf(pool.streamLayerTar(source, { compression: 'gzip', diffId: sha256(tar), layerNumber: 3 }));
    expect(err).toBeInstanceOf(DigestMismatchError);
    expect(err).toMatchObject({ subject: 'layer 3 diff_id', want: sha256(tar), got: sha256(corruptTar()) });
    expect(await store.has(source.digest)).toBe(false);
  });

  it('errors when the tar is longer or shorter than the size counted when the layer was processed', async () => {
    const { pool } = loopbackPool(new Map([[sha256(gz), gz]]));
    const err = await failureOf(pool.streamLayerTar(sourceFor(gz), { compression: 'gzip', diffId: sha256(tar), size: tar.length - 512 }));
    expect(err).toBeInstanceOf(SizeMismatchError);
  });

  it('reports a network blob that is not the one its digest names as a digest mismatch, and caches nothing', async () => {
    const source = sourceFor(gz);
    const bad = gz.slice();
    bad[Math.floor(bad.length / 2)] ^= 0xff; // the deflate stream breaks here, before the digest can be checked
    const { pool, store } = loopbackPool(new Map([[source.digest, bad]]));
    const err = await failureOf(pool.streamLayerTar(source, { compression: 'gzip', diffId: sha256(tar), layerNumber: 2 }));
    expect(err).toBeInstanceOf(DigestMismatchError);
    expect(err).toMatchObject({ subject: 'layer 2 blob', want: source.digest, got: sha256(bad) });
    expect(await store.has(source.digest)).toBe(false);
  });

  it('never runs more than a window of chunks ahead of its reader', async () => {
    const bigTar = buildTar([...SAMPLE_TREE, { kind: 'file', path: 'big', content: pseudoRandom((STREAM_WINDOW + 4) * STREAM_CHUNK_BYTES, 5) }]);
    const bigGz = gzip(bigTar);
    const { pool, workers } = loopbackPool(new Map([[sha256(bigGz), bigGz]]));
    const reader = pool.streamLayerTar(sourceFor(bigGz), { compression: 'gzip', diffId: sha256(bigTar) }).getReader();
    const parts: Uint8Array[] = [(await reader.read()).value!];
    await new Promise((r) => setTimeout(r, 50));
    const sent = workers[0].sent.filter((m) => m.type === 'chunk').length;
    expect(sent, `chunks sent before the reader took more, got ${sent}, want at most ${STREAM_WINDOW + 1}`).toBeLessThanOrEqual(STREAM_WINDOW + 1);
    for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
    expect(sha256(concat(parts))).toBe(sha256(bigTar));
  });

  it('cancels the worker request when the reader cancels, and caches no partial blob', async () => {
    // Many times the window of joined chunks.
    const big = buildTar([{ kind: 'file', path: 'big', content: pseudoRandom((STREAM_WINDOW + 4) * STREAM_CHUNK_BYTES, 9) }]);
    const { pool, workers, store } = loopbackPool(new Map([[sha256(big), big]]));
    const source = sourceFor(big, MediaType.OciLayer);
    const reader = pool.streamLayerTar(source, { compression: 'none', diffId: sha256(big) }).getReader();
    await reader.read();
    await reader.cancel();
    await new Promise((r) => setTimeout(r, 20));
    expect(workers[0].received.map((m) => m.type)).toContain('cancel');
    expect(workers[0].sent.map((m) => m.type)).not.toContain('end');
    expect(await store.has(source.digest)).toBe(false);
  });
});

describe('streamBlob', () => {
  it('streams the blob byte for byte and serves it from the cache afterwards', async () => {
    const { pool, proxy } = loopbackPool(new Map([[sha256(gz), gz]]));
    const source = sourceFor(gz);
    expect(sha256(await readAll(pool.streamBlob(source)))).toBe(source.digest);
    expect(sha256(await readAll(pool.streamBlob(source)))).toBe(source.digest);
    expect(proxy.requests).toHaveLength(1);
  });

  it('errors at the end when the network bytes do not match the digest, and caches nothing', async () => {
    const source = sourceFor(gz);
    const bad = gz.slice();
    bad[100] ^= 0x01;
    const { pool, store } = loopbackPool(new Map([[source.digest, bad]]));
    const err = await failureOf(pool.streamBlob(source));
    expect(err).toBeInstanceOf(DigestMismatchError);
    expect(err).toMatchObject({ want: source.digest, got: sha256(bad) });
    expect(await store.has(source.digest)).toBe(false);
  });

  it('errors when the registry sends more bytes than the descriptor says', async () => {
    const { pool } = loopbackPool(new Map([[sha256(gz), gz]]));
    const err = await failureOf(pool.streamBlob({ ...sourceFor(gz), size: gz.length - 1 }));
    expect(err).toBeInstanceOf(SizeMismatchError);
  });
});

describe('layerTarStream', () => {
  it('trusts stored bytes for the blob digest but still checks the diff_id', async () => {
    const stream = layerTarStream({ blob: sourceOf(chunks(gzip(corruptTar()), 1000)), compression: 'gzip', diffId: sha256(tar) });
    const err = await failureOf(stream);
    expect(err).toBeInstanceOf(DigestMismatchError);
    expect(err).toMatchObject({ subject: 'layer diff_id' });
  });

  it('passes the tar through unchecked when no diff_id is known', async () => {
    const got = await readAll(layerTarStream({ blob: sourceOf(chunks(gz, 333)), compression: 'gzip' }));
    expect(sha256(got)).toBe(sha256(tar));
  });

  it('reads a stored copy the platform decoded before through the platform decoder, with the same checks', async () => {
    const got = await readAll(layerTarStream({ blob: sourceOf(chunks(gz, 1000)), compression: 'gzip', platformDecoded: true, diffId: sha256(tar), size: tar.length }));
    expect(sha256(got)).toBe(sha256(tar));
    const err = await failureOf(layerTarStream({ blob: sourceOf(chunks(gzip(corruptTar()), 1000)), compression: 'gzip', platformDecoded: true, diffId: sha256(tar) }));
    expect(err).toBeInstanceOf(DigestMismatchError);
  });

  it('reports a stored copy that is no longer a gzip stream as an InflateError, not a stray refusal', async () => {
    const broken = gz.slice();
    broken.fill(0x55, 40, 200);
    const err = await failureOf(layerTarStream({ blob: sourceOf(chunks(broken, 1000)), compression: 'gzip', platformDecoded: true, diffId: sha256(tar), layerNumber: 2 }));
    expect(err).toBeInstanceOf(InflateError);
    expect((err as InflateError).message).toMatch(/^layer 2: the stored copy is no longer the gzip stream that was verified/);
  });

  it('keeps pako for a multi-member gzip, which the platform would refuse', async () => {
    const twoMembers = concat([gzip(tar.subarray(0, 1024)), gzip(tar.subarray(1024))]);
    const got = await readAll(layerTarStream({ blob: sourceOf(chunks(twoMembers, 700)), compression: 'gzip', diffId: sha256(tar) }));
    expect(sha256(got)).toBe(sha256(tar));
  });
});
