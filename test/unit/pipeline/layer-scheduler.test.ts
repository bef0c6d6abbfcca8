// LayerScheduler with a fake pool whose layers finish when the test says:
// start order, the concurrency bound, states, cache hints, duplicates, abort.
import { describe, expect, it } from 'vitest';
import { DigestMismatchError } from '@/lib/digest';
import { InflateError, SizeMismatchError } from '@/lib/stream/errors';
import { buildLayerIndex } from '@/lib/fs/layer-index-builder';
import type { LayerProcessor, ProcessedLayer, ProcessOptions } from '@/lib/pipeline/layer-worker-pool';
import { LAYER_TICK_MS, LayerScheduler, scheduleOrder, type LayerJob, type LayerState, type Ticker } from '@/lib/pipeline/layer-scheduler';
import { BrokenTransferError } from '@/lib/pipeline/broken-transfer-error';
import type { LayerJobSpec } from '@/lib/pipeline/messages';
import { MemoryBlobStore } from '@/lib/pipeline/memory-blob-store';

const digest = (i: number) => `sha256:${i.toString(16).padStart(64, '0')}`;

function jobs(n: number, priority?: number): LayerJob[] {
  return Array.from({ length: n }, (_, i) => ({
    proxyOrigin: '',
    apiHost: 'registry.test',
    repository: 'r',
    digest: digest(i),
    size: 100 * (i + 1),
    mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
    priority: i === priority,
  }));
}

function result(spec: LayerJobSpec): ProcessedLayer {
  return {
    fromCache: false,
    result: {
      digest: { want: spec.digest, got: spec.digest, ok: true },
      diffId: { got: spec.digest, ok: false },
      compression: 'gzip',
      index: buildLayerIndex([]),
      entries: 0,
      compressedBytes: spec.size ?? 0,
      uncompressedBytes: 2 * (spec.size ?? 0),
    },
  };
}

/** A pool whose calls wait until `finish(digest)` or `fail(digest, err)`. */
class FakePool implements LayerProcessor {
  started: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private waiting = new Map<string, { resolve: () => void; reject: (e: unknown) => void; spec: LayerJobSpec; options: ProcessOptions }>();

  processLayer(spec: LayerJobSpec, options: ProcessOptions = {}): Promise<ProcessedLayer> {
    this.started.push(spec.digest);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(spec.digest, { resolve, reject, spec, options });
      options.signal?.addEventListener('abort', () => reject(options.signal!.reason));
    }).then(
      () => {
        this.inFlight--;
        return result(spec);
      },
      (err) => {
        this.inFlight--;
        throw err;
      },
    );
  }

  progress(d: string, compressedBytes: number) {
    this.waiting.get(d)!.options.onProgress?.({ compressedBytes, uncompressedBytes: 2 * compressedBytes, entries: 1 }, false);
  }
  trace(d: string, entries: unknown[]) {
    this.waiting.get(d)!.options.onTrace?.(entries as never);
  }
  finish(d: string) {
    this.waiting.get(d)!.resolve();
    this.waiting.delete(d);
  }
  fail(d: string, err: unknown) {
    this.waiting.get(d)!.reject(err);
    this.waiting.delete(d);
  }
  isWaiting(d: string) {
    return this.waiting.has(d);
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0));

/** Finishes layers as they start, in start order, until the run ends. */
async function drain(pool: FakePool, done: { value: boolean }) {
  let k = 0;
  while (!done.value) {
    await tick();
    while (k < pool.started.length) pool.finish(pool.started[k++]);
  }
}

describe('scheduleOrder', () => {
  it.each([
    ['no priority: manifest order', [false, false, false], [0, 1, 2]],
    ['priority first, then bottom-up', [false, false, true, false], [2, 0, 1, 3]],
    ['priority on the first layer', [true, false], [0, 1]],
  ])('%s', (_name, flags, want) => {
    expect(scheduleOrder(flags.map((priority) => ({ priority })))).toEqual(want);
  });
});

describe('LayerScheduler', () => {
  it('starts the priority layer first, then the rest bottom-up', async () => {
    const pool = new FakePool();
    const done = { value: false };
    const running = new LayerScheduler({ pool, store: new MemoryBlobStore(), concurrency: 1 })
      .run(jobs(5, 3), () => {})
      .finally(() => (done.value = true));
    await drain(pool, done);
    await running;
    expect(pool.started).toEqual([3, 0, 1, 2, 4].map(digest));
  });

  it('runs at most three layers at once by default', async () => {
    const pool = new FakePool();
    let done = false;
    const running = new LayerScheduler({ pool, store: new MemoryBlobStore() }).run(jobs(7), () => {}).finally(() => (done = true));
    await tick();
    expect(pool.started).toEqual([0, 1, 2].map(digest));
    // Finish them one at a time, newest first: each finish lets exactly one more start.
    for (let step = 0; !done; step++) {
      const open = pool.started.filter((d) => pool.isWaiting(d));
      pool.finish(open[open.length - 1]);
      await tick();
      expect(pool.inFlight).toBeLessThanOrEqual(3);
      if (step > 20) throw new Error('got no end of the run, want it to finish');
    }
    await running;
    expect(pool.maxInFlight).toBe(3);
    expect(pool.started).toHaveLength(7);
  });

  it('reports queued, downloading with progress, then done with the result', async () => {
    const pool = new FakePool();
    let clock = 0;
    const seen: Array<[number, LayerState]> = [];
    const running = new LayerScheduler({ pool, store: new MemoryBlobStore(), now: () => clock }).run(jobs(1), (i, s) => seen.push([i, s]));
    await tick();
    clock = 2000;
    pool.progress(digest(0), 50);
    pool.finish(digest(0));
    await running;
    expect(seen.map(([i, s]) => [i, s.status])).toEqual([
      [0, 'queued'],
      [0, 'downloading'],
      [0, 'downloading'],
      [0, 'done'],
    ]);
    expect(seen[0][1]).toMatchObject({ totalBytes: 100, compressedBytes: 0, fromCache: false });
    expect(seen[2][1]).toMatchObject({ compressedBytes: 50, uncompressedBytes: 100, entries: 1, bytesPerSecond: 25 });
    expect(seen[3][1].result?.digest.ok).toBe(true);
    expect(seen[3][1]).toMatchObject({ compressedBytes: 100, uncompressedBytes: 200, bytesPerSecond: 50 });
  });

  it('turns a failed layer into an error state and goes on with the others', async () => {
    const pool = new FakePool();
    const final = new Map<number, LayerState>();
    const running = new LayerScheduler({ pool, store: new MemoryBlobStore() }).run(jobs(2), (i, s) => final.set(i, s));
    await tick();
    const mismatch = new DigestMismatchError('layer 1 blob', digest(0), digest(9), 100);
    pool.fail(digest(0), mismatch);
    pool.finish(digest(1));
    await running;
    expect(final.get(0)?.status).toBe('error');
    expect(final.get(0)?.error).toBe(mismatch);
    expect(final.get(0)?.result).toBeUndefined();
    expect(final.get(1)?.status).toBe('done');
  });

  it.each([
    ['a blob digest mismatch', new DigestMismatchError('layer 1 blob', digest(0), digest(9), 100), 100],
    ["a local archive's blob digest mismatch", new DigestMismatchError('layer 1 blob (blobs/sha256/00 in the archive)', digest(0), digest(9), 100, 'local file'), 100],
    ['a short blob', new SizeMismatchError('layer 1 blob', 100, 90, true), 90],
    ['a diff_id mismatch, after the whole blob passed its checks', new DigestMismatchError('layer 1 diff_id', digest(0), digest(9), 400), 100],
    ['a transfer that broke off', new BrokenTransferError({ subject: 'layer 1 blob', got: 64, want: 100, silentMs: 40 }), 64],
  ])('shows the bytes %s counted, not the last throttled progress', async (_name, error, want) => {
    const pool = new FakePool();
    let clock = 0;
    const final = new Map<number, LayerState>();
    const running = new LayerScheduler({ pool, store: new MemoryBlobStore(), now: () => clock }).run(jobs(1), (i, s) => final.set(i, s));
    await tick();
    clock = 1000;
    pool.progress(digest(0), 37);
    clock = 2000;
    pool.fail(digest(0), error);
    await running;
    const state = final.get(0)!;
    expect(state.status).toBe('error');
    expect(state.compressedBytes, `got ${state.compressedBytes} bytes shown, want ${want}`).toBe(want);
    expect(state.bytesPerSecond).toBe(want / 2);
  });

  it('sends a waiting layer again as time passes: its speed falls and its silence grows', async () => {
    const pool = new FakePool();
    let clock = 0;
    const ticks = new Set<() => void>();
    const ticker: Ticker = (fn, ms) => {
      expect(ms).toBe(LAYER_TICK_MS);
      ticks.add(fn);
      return () => ticks.delete(fn);
    };
    const seen: LayerState[] = [];
    const running = new LayerScheduler({ pool, store: new MemoryBlobStore(), now: () => clock, ticker }).run(jobs(1), (_i, s) => seen.push(s));
    await tick();
    const at = (ms: number) => {
      clock = ms;
      for (const fn of ticks) fn();
      return seen.at(-1)!;
    };
    // Before the first byte (the registry's answer is slow to come, or asked for a wait).
    expect(at(3000)).toMatchObject({ status: 'downloading', compressedBytes: 0, bytesPerSecond: 0, silentMs: 3000 });
    clock = 4000;
    pool.progress(digest(0), 100);
    expect(seen.at(-1)).toMatchObject({ compressedBytes: 100, bytesPerSecond: 25, silentMs: 0 });
    // Then nothing more: the speed falls to nothing and the silence counts up.
    const stalled = at(20_000);
    expect(stalled.bytesPerSecond, `got ${stalled.bytesPerSecond} B/s 16 s into a stall, want 0`).toBe(0);
    expect(stalled.silentMs).toBe(16_000);
    pool.finish(digest(0));
    await running;
    expect(ticks.size, 'tickers left running after the layer ended').toBe(0);
    expect(seen.at(-1)!.silentMs).toBeUndefined();
  });

  it('keeps the last progress of a layer whose error counts no bytes', async () => {
    const pool = new FakePool();
    const final = new Map<number, LayerState>();
    const running = new LayerScheduler({ pool, store: new MemoryBlobStore() }).run(jobs(1), (i, s) => final.set(i, s));
    await tick();
    pool.progress(digest(0), 37);
    pool.fail(digest(0), new InflateError('gzip', 30, 'corrupt gzip at compressed byte 30: invalid distance'));
    await running;
    expect(final.get(0)).toMatchObject({ status: 'error', compressedBytes: 37 });
  });

  it('marks layers already in the store as coming from the cache while queued', async () => {
    const store = new MemoryBlobStore();
    const writer = await store.writer(digest(1));
    await writer.commit();
    const pool = new FakePool();
    const first = new Map<number, LayerState>();
    const done = { value: false };
    const running = new LayerScheduler({ pool, store })
      .run(jobs(2), (i, s) => first.has(i) || first.set(i, s))
      .finally(() => (done.value = true));
    await drain(pool, done);
    await running;
    expect(first.get(0)?.fromCache).toBe(false);
    expect(first.get(1)?.fromCache).toBe(true);
  });

  it('processes a blob named twice once and reports it at both positions', async () => {
    const pool = new FakePool();
    const list = jobs(3);
    list[2] = { ...list[2], digest: list[0].digest };
    const final = new Map<number, LayerState>();
    const done = { value: false };
    const running = new LayerScheduler({ pool, store: new MemoryBlobStore() })
      .run(list, (i, s) => final.set(i, s))
      .finally(() => (done.value = true));
    await drain(pool, done);
    await running;
    expect(pool.started).toEqual([digest(0), digest(1)]);
    expect(final.get(2)?.status).toBe('done');
    expect(final.get(2)?.result).toBe(final.get(0)?.result);
  });

  it('passes each layer\'s trace on with its position, once for a blob named twice', async () => {
    const pool = new FakePool();
    const list = jobs(3);
    list[2] = { ...list[2], digest: list[0].digest };
    const traced: Array<[number, unknown]> = [];
    const done = { value: false };
    const running = new LayerScheduler({ pool, store: new MemoryBlobStore() })
      .run(list, () => {}, undefined, (i, entries) => traced.push([i, entries]))
      .finally(() => (done.value = true));
    await tick();
    pool.trace(digest(1), ['one']);
    pool.trace(digest(0), ['zero']);
    await drain(pool, done);
    await running;
    expect(traced).toEqual([
      [1, ['one']],
      [0, ['zero']],
    ]);
  });

  it('stops starting layers and rejects with the reason when aborted', async () => {
    const pool = new FakePool();
    const controller = new AbortController();
    const states: LayerState[] = [];
    const running = new LayerScheduler({ pool, store: new MemoryBlobStore() }).run(jobs(6), (_i, s) => states.push(s), controller.signal);
    await tick();
    controller.abort(new Error('new image'));
    await expect(running).rejects.toThrow('new image');
    expect(pool.started).toHaveLength(3);
    expect(states.some((s) => s.status === 'error')).toBe(false);
  });
});
