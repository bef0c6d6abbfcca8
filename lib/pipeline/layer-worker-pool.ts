/**
 * The page's side of the layer workers: a few workers made by an injected
 * factory (so lib/ holds no bundler-specific code; the page passes
 * `() => new Worker(new URL('…/layer-worker.ts', import.meta.url), { type: 'module' })`),
 * requests spread over them, answers and errors turned back into values and
 * typed PullscopeErrors.
 */
import { UnexpectedError } from '../errors';
import type { Compression } from '../stream/inflate';
import { pipelineErrorFromWire } from './error-from-wire';
import {
  layerResultFromTransfer,
  type LayerJobSpec,
  type LayerSource,
  type LayerTarSpec,
  type WorkerRequest,
  type WorkerResponse,
} from './messages';
import type { TraceSink } from '../registry/trace';
import type { LayerProgress, LayerResult } from './process-layer';
import type { LayerFileLocation } from './read-file';

/** A layer processed by a worker. */
export interface ProcessedLayer {
  result: LayerResult;
  /** The bytes came from the tab's blob store, not the network. */
  fromCache: boolean;
}

/** Options of one layer request. */
export interface ProcessOptions {
  onProgress?: (progress: LayerProgress, fromCache: boolean) => void;
  /** The proxy's upstream exchanges for the layer's blob, when it is fetched from the network (the pull trace). */
  onTrace?: TraceSink;
  signal?: AbortSignal;
}

/** What the scheduler needs from a pool (tests give it a fake). */
export interface LayerProcessor {
  processLayer(layer: LayerJobSpec, options?: ProcessOptions): Promise<ProcessedLayer>;
}

/** The first bytes of a file, read by a worker. */
export interface FilePreview {
  bytes: Uint8Array;
  /** The file is longer than the bytes returned. */
  truncated: boolean;
  fromCache: boolean;
}

/** The part of the Worker interface the pool uses. */
export interface WorkerLike {
  postMessage(message: WorkerRequest, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerResponse>) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: Event) => void): void;
  terminate(): void;
}

interface Pending {
  worker: Slot;
  onMessage(message: WorkerResponse): void;
  fail(error: Error): void;
}

interface Slot {
  worker: WorkerLike;
  load: number;
}

/** A pool of layer workers; workers start on first use. */
export class LayerWorkerPool implements LayerProcessor {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly size: number;
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: { createWorker: () => WorkerLike; size?: number }) {
    this.size = Math.max(1, options.size ?? 3);
  }

  /**
   * Starts workers now, up to `count` (never more than the pool's size), so
   * their code loads while the page still waits for the config, not after.
   * Each worker thread costs memory: warm only as many as there are layers.
   */
  warm(count: number): void {
    if (this.closed) return;
    while (this.slots.length < Math.min(count, this.size)) this.startWorker();
  }

  /** Downloads (or reads from the cache), verifies and indexes one layer in a worker. */
  processLayer(layer: LayerJobSpec, options: ProcessOptions = {}): Promise<ProcessedLayer> {
    return this.request({ type: 'process-layer', layer }, options.signal, (message, settle) => {
      if (message.type === 'progress') options.onProgress?.(message.progress, message.fromCache);
      if (message.type === 'trace') options.onTrace?.(message.entries);
      if (message.type === 'layer-done') settle.resolve({ result: layerResultFromTransfer(message.result), fromCache: message.fromCache });
    });
  }

  /** The first `maxBytes` (or all) of one file of a layer, decoded in a worker. */
  readFile(
    layer: LayerSource,
    compression: Compression,
    file: LayerFileLocation,
    options: { maxBytes?: number; signal?: AbortSignal; onTrace?: TraceSink } = {},
  ): Promise<FilePreview> {
    return this.request({ type: 'read-file', layer, compression, file, maxBytes: options.maxBytes }, options.signal, (message, settle) => {
      if (message.type === 'trace') options.onTrace?.(message.entries);
      if (message.type === 'file-done') settle.resolve({ bytes: message.bytes, truncated: message.truncated, fromCache: message.fromCache });
    });
  }

  /** One file of a layer as a stream (a download), decoded in a worker; the worker runs a few chunks ahead at most. */
  streamFile(layer: LayerSource, compression: Compression, file: LayerFileLocation, onTrace?: TraceSink): ReadableStream<Uint8Array> {
    return this.stream({ type: 'stream-file', layer, compression, file }, onTrace);
  }

  /**
   * A whole layer as its uncompressed tar, decoded in a worker (flattened
   * rootfs, docker-archive). The stream errors at its end when the blob's
   * digest or the tar's diff_id (or size) did not hold.
   */
  streamLayerTar(layer: LayerSource, tar: LayerTarSpec, onTrace?: TraceSink): ReadableStream<Uint8Array> {
    return this.stream({ type: 'stream-layer-tar', layer, tar }, onTrace);
  }

  /** A blob exactly as the registry stores it (a layer download, an image layout), from the tab's cache when it is there; verified as it streams. */
  streamBlob(blob: LayerSource, onTrace?: TraceSink): ReadableStream<Uint8Array> {
    return this.stream({ type: 'stream-blob', layer: blob }, onTrace);
  }

  /**
   * A streamed answer: each chunk the reader takes lets the worker send one
   * more; cancelling the stream cancels the request. `onTrace` hears the
   * proxy's exchanges when the blob comes from the network.
   */
  private stream(body: StreamRequest, onTrace?: TraceSink): ReadableStream<Uint8Array> {
    let id = 0;
    let slot: Slot | undefined;
    return new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          const done = this.request(body, undefined, (message, settle) => {
            if (message.type === 'chunk') controller.enqueue(message.chunk);
            if (message.type === 'trace') onTrace?.(message.entries);
            if (message.type === 'end') settle.resolve(undefined);
          }, (requestId, s) => {
            id = requestId;
            slot = s;
          });
          done.then(
            () => controller.close(),
            (err) => controller.error(err),
          );
        },
        pull: () => {
          if (id !== 0 && this.pending.has(id)) slot?.worker.postMessage({ type: 'credit', id, count: 1 }, []);
        },
        cancel: () => {
          if (id !== 0 && this.pending.has(id)) this.cancel(id);
        },
      },
      { highWaterMark: 0 },
    );
  }

  /** Stops every worker; pending requests fail. */
  terminate(): void {
    this.closed = true;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.fail(new UnexpectedError('the layer workers were stopped'));
    }
    for (const slot of this.slots.splice(0)) slot.worker.terminate();
  }

  private request<T>(
    body: DistributiveOmit<WorkerRequest, 'id'>,
    signal: AbortSignal | undefined,
    onMessage: (message: WorkerResponse, settle: { resolve(value: T): void }) => void,
    onStart?: (id: number, slot: Slot) => void,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.closed) return reject(new UnexpectedError('the layer workers were stopped'));
      if (signal?.aborted) return reject(signal.reason);
      const id = this.nextId++;
      const slot = this.pickSlot();
      slot.load++;
      const finish = () => {
        if (!this.pending.delete(id)) return false;
        slot.load--;
        signal?.removeEventListener('abort', onAbort);
        return true;
      };
      const onAbort = () => {
        if (finish()) {
          slot.worker.postMessage({ type: 'cancel', id }, []);
          reject(signal!.reason);
        }
      };
      const settle = { resolve: (value: T) => finish() && resolve(value) };
      this.pending.set(id, {
        worker: slot,
        onMessage: (message) => {
          if (message.type === 'error') {
            if (finish()) reject(pipelineErrorFromWire(message.error));
            return;
          }
          onMessage(message, settle);
        },
        fail: (error) => {
          if (finish()) reject(error);
        },
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      onStart?.(id, slot);
      slot.worker.postMessage({ ...body, id } as WorkerRequest, []);
    });
  }

  private cancel(id: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    p.worker.worker.postMessage({ type: 'cancel', id }, []);
    p.fail(new DOMException('cancelled', 'AbortError'));
  }

  private pickSlot(): Slot {
    const idle = this.slots.find((s) => s.load === 0);
    if (idle) return idle;
    if (this.slots.length < this.size) return this.startWorker();
    return this.slots.reduce((a, b) => (b.load < a.load ? b : a));
  }

  private startWorker(): Slot {
    const worker = this.options.createWorker();
    const slot: Slot = { worker, load: 0 };
    worker.addEventListener('message', (event: MessageEvent<WorkerResponse>) => this.pending.get(event.data.id)?.onMessage(event.data));
    // A worker that failed to load or crashed takes its requests with it; the next request starts a fresh one.
    const crash = (event: Event) => {
      const detail = (event as ErrorEvent).message;
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      worker.terminate();
      for (const p of [...this.pending.values()]) {
        if (p.worker === slot) p.fail(new UnexpectedError(`a layer worker stopped${detail ? `: ${detail}` : ''}`));
      }
    };
    worker.addEventListener('error', crash);
    worker.addEventListener('messageerror', crash);
    this.slots.push(slot);
    return slot;
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The requests answered with chunks. */
type StreamRequest = DistributiveOmit<Extract<WorkerRequest, { type: 'stream-file' | 'stream-layer-tar' | 'stream-blob' }>, 'id'>;
