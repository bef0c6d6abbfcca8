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
import type { LayerProcessor } from './layer-worker-pool';
import type { LayerJobSpec } from './messages';
import type { LayerResult } from './process-layer';

/** Docker's default max-concurrent-downloads. */
export const DEFAULT_LAYER_CONCURRENCY = 3;

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
  /** Average since this layer started. */
  bytesPerSecond: number;
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

  constructor(opts: { pool: LayerProcessor; concurrency?: number; store: BlobStore; now?: () => number }) {
    this.pool = opts.pool;
    this.store = opts.store;
    this.concurrency = Math.max(1, opts.concurrency ?? DEFAULT_LAYER_CONCURRENCY);
    this.now = opts.now ?? (() => Date.now());
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
      let state: LayerState = { ...initialState(job), status: 'downloading', fromCache };
      emit(group, state);
      const rate = (bytes: number) => bytes / Math.max((this.now() - started) / 1000, 0.001);
      try {
        const { result, fromCache: cachedNow } = await this.pool.processLayer(job, {
          signal,
          onTrace: onTrace && ((entries) => onTrace(group[0], entries)),
          onProgress: (progress, fromCacheNow) => {
            state = { ...state, ...progress, fromCache: fromCacheNow, bytesPerSecond: rate(progress.compressedBytes) };
            emit(group, state);
          },
        });
        emit(group, {
          ...state,
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
        // after the whole blob arrived says how many bytes it read, and the failed layer shows that count.
        const received = blobBytesAtFailure(error, job.size);
        emit(group, {
          ...state,
          status: 'error',
          error,
          ...(received !== undefined && { compressedBytes: received, bytesPerSecond: rate(received) }),
        });
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
 * The compressed bytes received before a layer failed, when its error tells: a blob's digest or size check names
 * the count; a diff_id is checked after the blob passed both, so the whole declared size arrived.
 */
export function blobBytesAtFailure(error: PullscopeError, declaredSize: number | undefined): number | undefined {
  if (error instanceof SizeMismatchError) return error.got;
  if (!(error instanceof DigestMismatchError)) return undefined;
  // "layer 2 blob", or a local archive's "layer 2 blob (blobs/sha256/… in the archive)".
  if (/ blob( \(|$)/.test(error.subject)) return error.bytes;
  return / diff_id( \(|$)/.test(error.subject) ? declaredSize : undefined;
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
