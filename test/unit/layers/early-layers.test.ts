import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { LayerJob, LayerState } from '@/lib/pipeline/layer-scheduler';
import type { LayerResult } from '@/lib/pipeline/process-layer';
import type { ProcessOptions } from '@/lib/pipeline/layer-worker-pool';

/** A pool whose layers finish when the test says so; what it was asked is recorded. */
const pool = vi.hoisted(() => {
  const calls: { digest: string; signal?: AbortSignal; finish: () => void; progress: (bytes: number) => void; trace: (entries: unknown[]) => void }[] = [];
  return {
    calls,
    processLayer(job: { digest: string }, options?: ProcessOptions) {
      return new Promise((resolve, reject) => {
        options?.signal?.addEventListener('abort', () => reject(options.signal!.reason), { once: true });
        calls.push({
          digest: job.digest,
          signal: options?.signal,
          finish: () => resolve({ fromCache: false, result: { digest: { want: job.digest, got: job.digest, ok: true }, compressedBytes: 10, uncompressedBytes: 20, entries: 1 } as unknown as LayerResult }),
          progress: (bytes) => options?.onProgress?.({ compressedBytes: bytes, uncompressedBytes: bytes * 2, entries: 0 }, false),
          trace: (entries) => options?.onTrace?.(entries as never),
        });
      });
    },
  };
});

vi.mock('@/components/layers/layer-pool', () => ({
  layerPool: () => pool,
  blobStore: () => ({ has: async () => false }),
}));

const job = (digest: string, over: Partial<LayerJob> = {}): LayerJob => ({
  proxyOrigin: 'http://app.test',
  apiHost: 'registry.test',
  repository: 'team/app',
  digest,
  size: 10,
  mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
  diffId: `sha256:${'d'.repeat(64)}`,
  layerNumber: 1,
  priority: false,
  ...over,
});
const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

/** A fresh copy of the module: its one early run is per page load. */
async function freshModule() {
  vi.resetModules();
  return import('@/components/layers/early-layers');
}

/** Lets the run's dynamic import and the scheduler's first steps happen. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  pool.calls.length = 0;
});

describe('early layers', () => {
  it('start before the page asks, and are handed over with what happened so far: each layer is pulled once', async () => {
    const { beginEarlyLayers, adoptEarlyLayers } = await freshModule();
    const jobs = [job(A), job(B, { layerNumber: 2 })];
    beginEarlyLayers(jobs, new AbortController().signal);
    await settle();
    expect(pool.calls.map((c) => c.digest)).toEqual([A, B]);
    pool.calls[0].progress(5);

    const run = adoptEarlyLayers(jobs.map((j) => ({ ...j })));
    expect(run).toBeDefined();
    expect(run!.states.map((s) => s?.status)).toEqual(['downloading', 'downloading']);
    expect(run!.states[0]?.compressedBytes).toBe(5);

    const seen: [number, LayerState][] = [];
    run!.follow((i, s) => seen.push([i, s]));
    pool.calls[0].finish();
    pool.calls[1].finish();
    await run!.done;
    expect(seen.filter(([, s]) => s.status === 'done').map(([i]) => i).sort()).toEqual([0, 1]);
    expect(pool.calls).toHaveLength(2);
    // Given out once.
    expect(adoptEarlyLayers(jobs)).toBeUndefined();
  });

  it('keep the blob requests\' trace until the page takes them over, then pass on each as it comes', async () => {
    const { beginEarlyLayers, adoptEarlyLayers } = await freshModule();
    const jobs = [job(A), job(B, { layerNumber: 2 })];
    beginEarlyLayers(jobs, new AbortController().signal);
    await settle();
    pool.calls[1].trace(['b']);
    const run = adoptEarlyLayers(jobs)!;
    const traced: Array<[number, unknown]> = [];
    run.follow(() => {}, (i, entries) => traced.push([i, entries]));
    expect(traced).toEqual([[1, ['b']]]);
    pool.calls[0].trace(['a']);
    expect(traced).toEqual([
      [1, ['b']],
      [0, ['a']],
    ]);
    pool.calls.forEach((c) => c.finish());
    await run.done;
  });

  it('are aborted when the page asks for other jobs, and then not repeated', async () => {
    const { beginEarlyLayers, adoptEarlyLayers } = await freshModule();
    beginEarlyLayers([job(A)], new AbortController().signal);
    await settle();
    expect(adoptEarlyLayers([job(A, { priority: true })])).toBeUndefined();
    expect(pool.calls[0].signal?.aborted).toBe(true);
  });

  it('tell anonymous jobs from credentialed ones, without keeping the credentials in the key', async () => {
    const { layerJobsKey } = await import('@/components/layers/layer-jobs');
    const anonymous = layerJobsKey([job(A)]);
    const withCredentials = layerJobsKey([job(A, { credentials: { username: 'me', password: 'hunter2' } })]);
    expect(withCredentials).not.toBe(anonymous);
    expect(withCredentials).not.toContain('hunter2');
    expect(withCredentials).toBe(layerJobsKey([job(A, { credentials: { username: 'other', password: 'x' } })]));
  });

  it('never start once the page has asked for its layers', async () => {
    const { beginEarlyLayers, adoptEarlyLayers } = await freshModule();
    expect(adoptEarlyLayers([job(A)])).toBeUndefined();
    beginEarlyLayers([job(A)], new AbortController().signal);
    await settle();
    expect(pool.calls).toHaveLength(0);
  });

  it('end with the early inspection until the page takes them over, and not after', async () => {
    const first = await freshModule();
    const inspection = new AbortController();
    first.beginEarlyLayers([job(A)], inspection.signal);
    await settle();
    inspection.abort();
    expect(pool.calls[0].signal?.aborted).toBe(true);

    pool.calls.length = 0;
    const second = await freshModule();
    const later = new AbortController();
    second.beginEarlyLayers([job(A)], later.signal);
    await settle();
    const run = second.adoptEarlyLayers([job(A)])!;
    run.follow(() => {});
    later.abort();
    expect(pool.calls[0].signal?.aborted).toBe(false);
    run.abort();
    expect(pool.calls[0].signal?.aborted).toBe(true);
    await expect(run.done).rejects.toBeDefined();
  });
});
