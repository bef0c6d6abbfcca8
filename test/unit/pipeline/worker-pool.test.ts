// LayerWorkerPool and LayerWorkerHandler joined by a loopback Worker
// (loopback-worker.ts).
import { describe, expect, it } from 'vitest';
import { DigestMismatchError } from '@/lib/digest';
import { UnexpectedError } from '@/lib/errors';
import { CREDENTIALS_HEADER } from '@/lib/registry/proxy-protocol';
import { MediaType } from '@/lib/oci/media-types';
import { BrokenTransferError } from '@/lib/pipeline/broken-transfer-error';
import type { LayerJobSpec } from '@/lib/pipeline/messages';
import { processLayer } from '@/lib/pipeline/process-layer';
import { STREAM_WINDOW } from '@/lib/pipeline/worker-handler';
import type { TraceEntry } from '@/lib/registry/trace';
import { TarFormatError } from '@/lib/stream/errors';
import { concat, sourceOf } from '../stream/stream-helpers';
import { fakeUpstreamExchange, loopbackPool } from './loopback-worker';
import { buildTar, contentOf, gzip, SAMPLE_TREE, sha256 } from './layer-fixtures';

const tar = buildTar(SAMPLE_TREE);
const gz = gzip(tar);

function setup(blobs = new Map([[sha256(gz), gz]])) {
  return loopbackPool(blobs);
}

const spec: LayerJobSpec = {
  proxyOrigin: 'https://pullscope.test',
  apiHost: 'registry.test',
  repository: 'team/app',
  digest: sha256(gz),
  size: gz.length,
  mediaType: MediaType.OciLayerGzip,
  diffId: sha256(tar),
  layerNumber: 1,
};

describe('LayerWorkerPool.warm', () => {
  it.each([
    [0, 0],
    [1, 1],
    [2, 2],
    [5, 2],
  ])('warming for %i layers starts %i workers (pool of 2)', (layers, want) => {
    const { pool, workers } = setup();
    pool.warm(layers);
    expect(workers).toHaveLength(want);
  });

  it('hands the first layer to a warmed worker, starting no other', async () => {
    const { pool, workers } = setup();
    pool.warm(1);
    await pool.processLayer(spec);
    expect(workers).toHaveLength(1);
  });

  it('starts nothing once terminated', () => {
    const { pool, workers } = setup();
    pool.terminate();
    pool.warm(2);
    expect(workers).toHaveLength(0);
  });
});

describe('LayerWorkerPool with LayerWorkerHandler', () => {
  it('returns the same index a direct processLayer builds, fetched through the proxy URL', async () => {
    const { pool, proxy } = setup();
    const { result, fromCache } = await pool.processLayer(spec);
    const direct = await processLayer({ ...spec, body: sourceOf([gz]) });
    expect(fromCache).toBe(false);
    expect(result.diffId).toEqual(direct.diffId);
    expect([...result.index.walk()]).toEqual([...direct.index.walk()]);
    expect(new URL(proxy.requests[0].url).href).toBe(
      `https://pullscope.test/api/registry/registry.test/v2/team/app/blobs/${spec.digest}`,
    );
  });

  it('sends credentials in the proxy header only, never in the URL', async () => {
    const { pool, proxy } = setup();
    await pool.processLayer({ ...spec, credentials: { username: 'alice', password: 's3cret' } });
    const request = proxy.requests[0];
    expect(request.headers.get(CREDENTIALS_HEADER)).toMatch(/^Basic /);
    expect(request.url).not.toMatch(/alice|s3cret/);
  });

  it('never stores a blob read with credentials: a private layer is fetched again, not kept past the pull', async () => {
    const { pool, proxy, store } = setup();
    const private_ = { ...spec, credentials: { username: 'alice', password: 's3cret' } };
    expect((await pool.processLayer(private_)).result.digest.ok).toBe(true);
    expect(await store.has(spec.digest)).toBe(false);
    expect((await pool.processLayer(private_)).fromCache).toBe(false);
    expect(proxy.requests).toHaveLength(2);
  });

  it('caches a verified blob and reads it from the store the second time', async () => {
    const { pool, proxy, store } = setup();
    await pool.processLayer(spec);
    expect(await store.has(spec.digest)).toBe(true);
    const again = await pool.processLayer(spec);
    expect(again.fromCache).toBe(true);
    expect(again.result.diffId.ok).toBe(true);
    expect(proxy.requests).toHaveLength(1);
  });

  it('rebuilds a digest mismatch as a DigestMismatchError and caches nothing', async () => {
    const bad = gz.slice();
    bad[200] ^= 0xff;
    const { pool, store } = setup(new Map([[spec.digest, bad]]));
    const err = await pool.processLayer(spec).catch((e) => e);
    expect(err).toBeInstanceOf(DigestMismatchError);
    expect(err).toMatchObject({ subject: 'layer 1 blob', want: spec.digest, got: sha256(bad) });
    expect(await store.has(spec.digest)).toBe(false);
  });

  it('hands the proxy\'s trace of each blob request to the page, and none for a blob read from the store', async () => {
    const { pool } = setup();
    const traces: unknown[] = [];
    await pool.processLayer(spec, { onTrace: (entries) => traces.push(entries) });
    expect(traces).toEqual([[fakeUpstreamExchange(spec.digest, 200)]]);
    await pool.processLayer(spec, { onTrace: (entries) => traces.push(entries) });
    expect(traces).toHaveLength(1);
  });

  it('hands over the trace of a failed blob request too', async () => {
    const { pool } = setup(new Map());
    const traces: unknown[] = [];
    await expect(pool.processLayer(spec, { onTrace: (entries) => traces.push(entries) })).rejects.toThrow();
    expect(traces).toEqual([[fakeUpstreamExchange(spec.digest, 404)]]);
  });

  it('says how far a blob that broke off got, in the error and in its trace row, and caches nothing', async () => {
    const { pool, store } = loopbackPool(new Map([[spec.digest, gz]]), 16384);
    const traces: TraceEntry[][] = [];
    const err = await pool.processLayer(spec, { onTrace: (entries) => traces.push([...entries]) }).catch((e: unknown) => e);
    expect(err, `got ${String(err)}, want a BrokenTransferError`).toBeInstanceOf(BrokenTransferError);
    expect(err).toMatchObject({ code: 'TRANSFER_BROKEN', message: `layer 1 blob: the connection closed after 16384 of ${gz.length} bytes` });
    // Reported when the answer began, then again with what arrived, for the trace to put in its place.
    expect(traces).toEqual([[fakeUpstreamExchange(spec.digest, 200)], [{ ...fakeUpstreamExchange(spec.digest, 200), receivedBytes: 16384 }]]);
    expect(await store.has(spec.digest)).toBe(false);
  });

  it('hands over the trace of a streamed blob, layer tar or file fetched from the network, and none from the store', async () => {
    const location = (await processLayer({ ...spec, body: sourceOf([gz]) })).index.lookup('/etc/os-release')!;
    const tarSpec = { compression: 'gzip' as const, diffId: spec.diffId!, size: tar.length, layerNumber: 1 };
    const reads: Array<[string, (onTrace: (entries: readonly unknown[]) => void, pool: ReturnType<typeof setup>['pool']) => Promise<unknown>]> = [
      ['blob', (onTrace, pool) => new Response(pool.streamBlob(spec, onTrace)).arrayBuffer()],
      ['layer tar', (onTrace, pool) => new Response(pool.streamLayerTar(spec, tarSpec, onTrace)).arrayBuffer()],
      ['file', (onTrace, pool) => new Response(pool.streamFile(spec, 'gzip', location, onTrace)).arrayBuffer()],
      ['file preview', (onTrace, pool) => pool.readFile(spec, 'gzip', location, { onTrace })],
    ];
    for (const [what, read] of reads) {
      const { pool } = setup();
      const traces: unknown[] = [];
      await read((entries) => traces.push(entries), pool);
      expect(traces, what).toEqual([[fakeUpstreamExchange(spec.digest, 200)]]);
      // Now in the store: no request, no trace.
      await read((entries) => traces.push(entries), pool);
      expect(traces, what).toHaveLength(1);
    }
  });

  it('throws away a corrupt cached copy and fetches the blob again', async () => {
    const { pool, proxy, store } = setup();
    const writer = await store.writer(spec.digest);
    await writer.write(gz.subarray(0, 100));
    await writer.commit();
    const { result, fromCache } = await pool.processLayer(spec);
    expect(fromCache).toBe(false);
    expect(result.digest.ok).toBe(true);
    expect(proxy.requests).toHaveLength(1);
  });

  it('rebuilds stream errors with their offsets', async () => {
    const broken = tar.slice();
    broken[148] ^= 0x07;
    const blob = gzip(broken);
    const { pool } = setup(new Map([[sha256(blob), blob]]));
    const err = await pool.processLayer({ ...spec, digest: sha256(blob), size: blob.length, diffId: undefined }).catch((e) => e);
    expect(err).toBeInstanceOf(TarFormatError);
    expect((err as TarFormatError).offset).toBe(0);
  });

  it('posts throttled progress and the index columns as transferred buffers', async () => {
    const { pool, workers } = setup();
    const progress: number[] = [];
    await pool.processLayer(spec, { onProgress: (p) => progress.push(p.compressedBytes) });
    expect(progress.length).toBeGreaterThanOrEqual(1);
    const done = workers[0].sent.find((m) => m.type === 'layer-done');
    expect(done?.type === 'layer-done' && done.result.index.columns.size).toBeInstanceOf(Float64Array);
  });

  it('reads a file preview in the worker, with the truncation flag', async () => {
    const { pool } = setup();
    const { result } = await pool.processLayer(spec);
    const notes = result.index.lookup('/usr/share/doc/notes.txt')!;
    const preview = await pool.readFile(spec, result.compression, notes, { maxBytes: 1024 });
    const want = contentOf(SAMPLE_TREE.find((e) => e.path === 'usr/share/doc/notes.txt')!);
    expect(preview.bytes).toEqual(want.subarray(0, 1024));
    expect(preview.truncated).toBe(true);
    expect(preview.fromCache).toBe(true);
  });

  it('reads a file from the network only after the whole blob verified', async () => {
    const bad = gz.slice();
    bad[bad.length - 10] ^= 0xff; // the gzip trailer: the file's bytes themselves decode fine
    const { pool } = setup(new Map([[spec.digest, bad]]));
    const location = (await processLayer({ ...spec, body: sourceOf([gz]) })).index.lookup('/etc/os-release')!;
    const err = await pool.readFile(spec, 'gzip', location).catch((e) => e);
    expect(err).toBeInstanceOf(DigestMismatchError);
  });

  describe('a stored copy changed since it was verified', () => {
    /** A pool whose store holds `spec`'s blob with 64 bytes overwritten in the middle (its length kept). */
    async function changedCopy() {
      const setupped = setup();
      const { result } = await setupped.pool.processLayer(spec);
      const altered = gz.slice();
      altered.fill(0x41, 3000, 3064);
      await setupped.store.delete(spec.digest);
      const writer = await setupped.store.writer(spec.digest);
      await writer.write(altered);
      await writer.commit();
      return { ...setupped, result };
    }

    it.each([
      ['the layer blob', (pool: ReturnType<typeof setup>['pool']) => pool.streamBlob(spec)],
      ['the layer tar', (pool: ReturnType<typeof setup>['pool']) => pool.streamLayerTar(spec, { compression: 'gzip', diffId: spec.diffId, size: tar.length })],
    ])('fails a download of %s at its end, names the copy, deletes it, and the next one comes from the registry', async (_, stream) => {
      const { pool, store, proxy } = await changedCopy();
      const err = await new Response(stream(pool)).arrayBuffer().then(
        () => new Error('got a clean end, want an error'),
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ code: 'STORED_COPY_CHANGED' });
      expect((err as Error).message).toContain(`stored copy of blob ${spec.digest} changed since it was verified`);
      expect(await store.has(spec.digest)).toBe(false);
      const again = new Uint8Array(await new Response(pool.streamBlob(spec)).arrayBuffer());
      expect(sha256(again)).toBe(spec.digest);
      expect(proxy.requests).toHaveLength(2);
    });

    it('fails a saved file at its end though its own bytes were untouched: the whole blob is hashed', async () => {
      const { pool, store, result } = await changedCopy();
      const osRelease = result.index.lookup('/etc/os-release')!;
      const err = await new Response(pool.streamFile(spec, 'gzip', osRelease)).arrayBuffer().then(
        () => new Error('got a clean end, want an error'),
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ code: 'STORED_COPY_CHANGED' });
      expect(await store.has(spec.digest)).toBe(false);
    });

    it('gives a file preview the registry\'s bytes when the copy no longer decodes: it is deleted and the blob fetched again', async () => {
      const { pool, proxy, result } = await changedCopy();
      const notes = result.index.lookup('/usr/share/doc/notes.txt')!;
      const preview = await pool.readFile(spec, 'gzip', notes, {});
      expect(sha256(preview.bytes)).toBe(sha256(contentOf(SAMPLE_TREE.find((e) => e.path === 'usr/share/doc/notes.txt')!)));
      expect(preview.fromCache).toBe(false);
      expect(proxy.requests).toHaveLength(2);
    });
  });

  it('streams a whole file, never more than a window of chunks ahead of the reader', async () => {
    const { pool, workers } = setup();
    const { result } = await pool.processLayer(spec);
    const notes = result.index.lookup('/usr/share/doc/notes.txt')!;
    const stream = pool.streamFile(spec, result.compression, notes);
    const reader = stream.getReader();
    const parts: Uint8Array[] = [(await reader.read()).value!];
    await new Promise((r) => setTimeout(r, 50));
    const sentBeforeReading = workers[0].sent.filter((m) => m.type === 'chunk').length;
    expect(sentBeforeReading).toBeLessThanOrEqual(STREAM_WINDOW + 1);
    for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
    const want = contentOf(SAMPLE_TREE.find((e) => e.path === 'usr/share/doc/notes.txt')!);
    expect(sha256(concat(parts))).toBe(sha256(want));
  });

  it('rejects with the signal reason and tells the worker to cancel', async () => {
    const { pool, workers } = setup();
    const controller = new AbortController();
    const running = pool.processLayer(spec, { signal: controller.signal });
    controller.abort(new Error('gone'));
    await expect(running).rejects.toThrow('gone');
    await new Promise((r) => setTimeout(r, 0));
    expect(workers[0].received.map((m) => m.type)).toEqual(['process-layer', 'cancel']);
  });

  it('fails the requests of a worker that crashed and starts a fresh one next time', async () => {
    const { pool, workers } = setup();
    const running = pool.processLayer(spec);
    workers[0].dispatch('error', { message: 'script failed to load' });
    const err = await running.catch((e) => e);
    expect(err).toBeInstanceOf(UnexpectedError);
    expect(err.message).toMatch(/script failed to load/);
    expect(workers[0].terminated).toBe(true);
    await pool.processLayer(spec);
    expect(workers.length).toBe(2);
  });

  it('spreads concurrent requests over its workers', async () => {
    const { pool, workers } = setup();
    await Promise.all([pool.processLayer(spec), pool.processLayer(spec), pool.processLayer(spec)]);
    expect(workers).toHaveLength(2);
  });
});
