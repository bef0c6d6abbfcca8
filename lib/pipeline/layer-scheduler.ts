/**
 * Runs an image's layers through the worker pool, a few at a time, and
 * reports each layer's state as it changes (for progress bars).
 *
 * Order: the layer the URL names (`priority`) first, because that is the one
 * the user is looking at; then bottom-up in manifest order, because a layer
 * only makes sense on top of the ones below it: the merged tree of layers
 * 1..k can be shown as soon as those k are done, and docker itself applies
 * layers bottom-up (its downloads run in parallel, its extraction in order).
 *
 * At most `concurrency` layers at once, 3 by default: Docker's default
 * max-concurrent-downloads. More parallel streams rarely help one registry
 * connection, and each costs a worker's memory.
 *
 * A blob named twice in one manifest (identical layers) is fetched once;
 * every position that names it gets the same states.
 */
import { DigestMismatchError } from '../digest';
import { asPullscopeError, type PullscopeError } from '../errors';
import { SizeMismatchError } from '../stream/errors';
import type { TraceEntry } from '../registry/trace';
import type { BlobStore } from './blob-store';
import { BrokenTransferError } from './broken-transfer-error';
import type { LayerProcessor } from './layer-worker-pool';
import type { LayerJobSpec } from './messages';
import type { LayerResult } from './process-layer';

/** Docker's default max-concurrent-downloads. */
export const DEFAULT_LAYER_CONCURRENCY = 3;

/** How often a downloading layer's state is sent again when no bytes come, so its speed falls and its wait shows. */
export const LAYER_TICK_MS = 1000;

/** The span a downloading layer's speed is measured over: long enough to be steady, short enough to fall in a stall. */
export const SPEED_WINDOW_MS = 5000;

/** Calls `fn` every `ms` until the returned function is called (setInterval; tests pass one they drive). */
export type Ticker = (fn: () => void, ms: number) => () => void;

const intervalTicker: Ticker = (fn, ms) => {
  const id = setInterval(fn, ms);
  return () => clearInterval(id);
};

/** One layer of the image, in manifest order. */
export interface LayerJob extends LayerJobSpec {
  /** The layer named in the URL: processed before all others. */
  priority?: boolean;
}

/** Where a layer is in its life. */
export type LayerStatus = 'queued' | 'downloading' | 'done' | 'error';

/** Everything a progress bar shows about one layer. */
export interface LayerState {
  status: LayerStatus;
  /** Its bytes come (or will come) from the tab's blob store. */
  fromCache: boolean;
  compressedBytes: number;
  /** The descriptor's size, when known. */
  totalBytes?: number;
  uncompressedBytes: number;
  /** While downloading, over the last SPEED_WINDOW_MS; once finished, the average since this layer started. */
  bytesPerSecond: number;
  /** While downloading: how long nothing has arrived (since the start, when no byte has yet). */
  silentMs?: number;
  entries: number;
  result?: LayerResult;
  error?: PullscopeError;
}

/** Positions of `jobs` in the order they should start. */
export function scheduleOrder(jobs: readonly Pick<LayerJob, 'priority'>[]): number[] {
  const all = jobs.map((_, i) => i);
  return [...all.filter((i) => jobs[i].priority), ...all.filter((i) => !jobs[i].priority)];
}

/** Runs layer jobs through a pool with bounded concurrency. */
export class LayerScheduler {
  private readonly pool: LayerProcessor;
  private readonly store: BlobStore;
  private readonly concurrency: number;
  private readonly now: () => number;
  private readonly ticker: Ticker;

  constructor(opts: { pool: LayerProcessor; concurrency?: number; store: BlobStore; now?: () => number; ticker?: Ticker }) {
    this.pool = opts.pool;
    this.store = opts.store;
    this.concurrency = Math.max(1, opts.concurrency ?? DEFAULT_LAYER_CONCURRENCY);
    this.now = opts.now ?? (() => Date.now());
    this.ticker = opts.ticker ?? intervalTicker;
  }

  /**
   * Processes every job; `onState(layerIndex, state)` follows each layer
   * (indexes are positions in `jobs`), and `onTrace(layerIndex, entries)` the
   * proxy's exchanges for each blob fetched from the network. Resolves when
   * every layer is done or failed (a failure is a state, not a rejection);
   * rejects with the signal's reason when aborted, after cancelling the
   * layers in flight.
   */
  async run(
    jobs: LayerJob[],
    onState: (layerIndex: number, state: LayerState) => void,
    signal?: AbortSignal,
    onTrace?: (layerIndex: number, entries: readonly TraceEntry[]) => void,
  ): Promise<void> {
    // One run per distinct digest, at the position of its first (priority) occurrence.
    const groups = new Map<string, number[]>();
    for (const i of scheduleOrder(jobs)) {
      const group = groups.get(jobs[i].digest);
      if (group) group.push(i);
      else groups.set(jobs[i].digest, [i]);
    }
    const emit = (group: number[], state: LayerState) => {
      for (const i of group) onState(i, state);
    };

    const cached = await Promise.all([...groups.keys()].map((digest) => this.store.has(digest).catch(() => false)));
    const queue = [...groups.values()];
    queue.forEach((group, k) => emit(group, { ...initialState(jobs[group[0]]), fromCache: cached[k] }));

    const runOne = async (group: number[], fromCache: boolean) => {
      const job = jobs[group[0]];
      const started = this.now();
      let state: LayerState = { ...initialState(job), status: 'downloading', fromCache, silentMs: 0 };
      emit(group, state);
      const rate = (bytes: number) => bytes / Math.max((this.now() - started) / 1000, 0.001);
      const speed = new RecentSpeed(started);
      // Progress comes only with bytes: without this tick a stalled or waiting layer's row would stay as it last was.
      const stopTicking = this.ticker(() => {
        const now = this.now();
        state = { ...state, bytesPerSecond: speed.at(now), silentMs: now - speed.lastByteAt };
        emit(group, state);
      }, LAYER_TICK_MS);
      try {
        const { result, fromCache: cachedNow } = await this.pool.processLayer(job, {
          signal,
          onTrace: onTrace && ((entries) => onTrace(group[0], entries)),
          onProgress: (progress, fromCacheNow) => {
            const now = this.now();
            speed.add(now, progress.compressedBytes);
            state = { ...state, ...progress, fromCache: fromCacheNow, bytesPerSecond: speed.at(now), silentMs: now - speed.lastByteAt };
            emit(group, state);
          },
        });
        const { silentMs: _finished, ...last } = state;
        emit(group, {
          ...last,
          status: 'done',
          fromCache: cachedNow,
          compressedBytes: result.compressedBytes,
          uncompressedBytes: result.uncompressedBytes,
          entries: result.entries,
          bytesPerSecond: rate(result.compressedBytes),
          result,
        });
      } catch (err) {
        if (signal?.aborted) return;
        const error = asPullscopeError(err);
        // Progress reaches the page throttled, so the last report can be well short of the end: a check that failed
        // after the whole blob arrived, or a transfer that broke off, says how many bytes it read, and the failed
        // layer shows that count.
        const received = blobBytesAtFailure(error, job.size);
        const { silentMs: _finished, ...last } = state;
        emit(group, {
          ...last,
          status: 'error',
          error,
          bytesPerSecond: rate(received ?? state.compressedBytes),
          ...(received !== undefined && { compressedBytes: received }),
        });
      } finally {
        stopTicking();
      }
    };

    let next = 0;
    const runner = async () => {
      while (next < queue.length && !signal?.aborted) {
        const k = next++;
        await runOne(queue[k], cached[k]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, runner));
    signal?.throwIfAborted();
  }
}

/**
 * The compressed bytes received before a layer failed, when its error tells: a blob's digest or size check, or a
 * transfer that broke off, names the count; a diff_id is checked after the blob passed both, so the whole declared size arrived.
 */
export function blobBytesAtFailure(error: PullscopeError, declaredSize: number | undefined): number | undefined {
  if (error instanceof SizeMismatchError || error instanceof BrokenTransferError) return error.got;
  if (!(error instanceof DigestMismatchError)) return undefined;
  // "layer 2 blob", or a local archive's "layer 2 blob (blobs/sha256/… in the archive)".
  if (/ blob( \(|$)/.test(error.subject)) return error.bytes;
  return / diff_id( \(|$)/.test(error.subject) ? declaredSize : undefined;
}

/** Bytes per second over the last SPEED_WINDOW_MS, from the byte counts progress reports. */
class RecentSpeed {
  /** Counts at the times they were reported, oldest first; the first is at or before the window's start. */
  private readonly samples: Array<{ at: number; bytes: number }>;
  lastByteAt: number;

  constructor(started: number) {
    this.samples = [{ at: started, bytes: 0 }];
    this.lastByteAt = started;
  }

  add(at: number, bytes: number): void {
    if (bytes > this.samples[this.samples.length - 1].bytes) this.lastByteAt = at;
    this.samples.push({ at, bytes });
  }

  at(now: number): number {
    const since = now - SPEED_WINDOW_MS;
    while (this.samples.length > 1 && this.samples[1].at <= since) this.samples.shift();
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    return (last.bytes - first.bytes) / Math.max((now - first.at) / 1000, 0.001);
  }
}

function initialState(job: LayerJob): LayerState {
  return {
    status: 'queued',
    fromCache: false,
    compressedBytes: 0,
    ...(job.size === undefined ? {} : { totalBytes: job.size }),
    uncompressedBytes: 0,
    bytesPerSecond: 0,
    entries: 0,
  };
}
