/**
 * What a layer worker does with each request, free of worker globals so Node
 * tests can drive it: `layer-worker.ts` only wires `self.onmessage` and
 * `postMessage` to it.
 */
import { asPullscopeError } from '../errors';
import { verifyDigestStream } from '../stream/verify-digest';
import { withLayerBlob, type LayerSourceDeps } from './layer-source';
import {
  layerResultToTransfer,
  transferOf,
  type LayerJobSpec,
  type LayerSource,
  type WorkerRequest,
  type WorkerResponse,
} from './messages';
import { processLayer, type LayerProgress } from './process-layer';
import { readLayerFile, streamLayerFile, type LayerFileLocation } from './read-file';
import type { Compression } from '../stream/inflate';

/** Progress messages are posted at most this often; the final counts come with the result. */
export const PROGRESS_INTERVAL_MS = 100;

/** Chunks of a file stream the worker may post before the page says it consumed them. */
export const STREAM_WINDOW = 4;

/** Posts one message with its transfer list. */
export type PostMessage = (message: WorkerResponse, transfer?: ArrayBuffer[]) => void;

/** Handles the requests of one worker; requests run concurrently, each cancellable by id. */
export class LayerWorkerHandler {
  private readonly running = new Map<number, AbortController>();
  private readonly credits = new Map<number, { count: number; wake?: () => void }>();

  constructor(
    private readonly post: PostMessage,
    private readonly deps: LayerSourceDeps,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Handles one request; resolves when its answer was posted. */
  async handle(request: WorkerRequest): Promise<void> {
    switch (request.type) {
      case 'cancel':
        this.running.get(request.id)?.abort(new DOMException('cancelled by the page', 'AbortError'));
        this.grant(request.id, Infinity);
        return;
      case 'credit':
        this.grant(request.id, request.count);
        return;
      case 'process-layer':
        return this.run(request.id, (signal) => this.processLayer(request.id, request.layer, signal));
      case 'read-file':
        return this.run(request.id, (signal) =>
          this.readFile(request.id, request.layer, request.compression, request.file, request.maxBytes, signal),
        );
      case 'stream-file':
        return this.run(request.id, (signal) => this.streamFile(request.id, request.layer, request.compression, request.file, signal));
    }
  }

  private async run(id: number, work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    const controller = new AbortController();
    this.running.set(id, controller);
    try {
      await work(controller.signal);
    } catch (err) {
      // A cancelled request's page side has already given up on it.
      if (!controller.signal.aborted) this.post({ type: 'error', id, error: asPullscopeError(err).toWire() });
    } finally {
      this.running.delete(id);
      this.credits.delete(id);
    }
  }

  private async processLayer(id: number, layer: LayerJobSpec, signal: AbortSignal): Promise<void> {
    let last = -Infinity;
    const { result, fromCache } = await withLayerBlob(layer, this.deps, signal, async (blob) => {
      const onProgress = (progress: LayerProgress) => {
        const t = this.now();
        if (t - last < PROGRESS_INTERVAL_MS) return;
        last = t;
        this.post({ type: 'progress', id, progress, fromCache: blob.fromCache });
      };
      const result = await processLayer({ ...layer, body: blob.body, onProgress, signal });
      return { result, fromCache: blob.fromCache };
    });
    const message = layerResultToTransfer(result);
    this.post({ type: 'layer-done', id, result: message.result, fromCache }, message.transfer);
  }

  private async readFile(
    id: number,
    layer: LayerSource,
    compression: Compression,
    file: LayerFileLocation,
    maxBytes: number | undefined,
    signal: AbortSignal,
  ): Promise<void> {
    const { bytes, fromCache } = await withLayerBlob(layer, this.deps, signal, async (blob) => ({
      // From the network the whole blob is read, so its digest is checked before a byte is shown.
      bytes: await readLayerFile({ blob: verified(blob.body, layer, blob.fromCache), compression, ...file, maxBytes, readToEnd: !blob.fromCache, signal }),
      fromCache: blob.fromCache,
    }));
    const truncated = maxBytes !== undefined && file.size > maxBytes;
    this.post({ type: 'file-done', id, bytes, truncated, fromCache }, transferOf(bytes));
  }

  private async streamFile(id: number, layer: LayerSource, compression: Compression, file: LayerFileLocation, signal: AbortSignal) {
    const credit = { count: STREAM_WINDOW } as { count: number; wake?: () => void };
    this.credits.set(id, credit);
    await withLayerBlob(layer, this.deps, signal, async (blob) => {
      const reader = streamLayerFile({ blob: verified(blob.body, layer, blob.fromCache), compression, ...file, readToEnd: !blob.fromCache, signal }).getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          while (credit.count <= 0) await new Promise<void>((wake) => (credit.wake = wake));
          signal.throwIfAborted();
          credit.count--;
          this.post({ type: 'file-chunk', id, chunk: value }, transferOf(value));
        }
      } catch (err) {
        await reader.cancel().catch(() => {});
        throw err;
      }
    });
    this.post({ type: 'file-end', id });
  }

  private grant(id: number, count: number): void {
    const credit = this.credits.get(id);
    if (!credit) return;
    credit.count += count;
    const wake = credit.wake;
    credit.wake = undefined;
    wake?.();
  }
}

/** Network bytes pass through a digest check; stored ones were checked when they were stored. */
function verified(body: ReadableStream<Uint8Array>, layer: LayerSource, fromCache: boolean): ReadableStream<Uint8Array> {
  if (fromCache) return body;
  return body.pipeThrough(verifyDigestStream({ want: layer.digest, subject: 'layer blob', expectedSize: layer.size }));
}

