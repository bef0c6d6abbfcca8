/**
 * What a layer worker does with each request, free of worker globals so Node
 * tests can drive it: `layer-worker.ts` only wires `self.onmessage` and
 * `postMessage` to it.
 */
import { asPullscopeError } from '../errors';
import { coalesceChunks } from '../stream/coalesce-chunks';
import { verifyDigestStream } from '../stream/verify-digest';
import { openCached, openFromNetwork, reopenVerified, withLayerBlob, type LayerSourceDeps, type OpenedBlob } from './layer-source';
import { layerTarStream } from './layer-tar-stream';
import { localLayerError } from './local-layer-error';
import {
  layerResultToTransfer,
  transferOf,
  type LayerJobSpec,
  type LayerSource,
  type LayerTarSpec,
  type LocalLayerBlob,
  type WorkerRequest,
  type WorkerResponse,
} from './messages';
import { processLayer, type LayerProgress } from './process-layer';
import { readLayerFile, streamLayerFile, type LayerFileLocation } from './read-file';
import { isContentFault, storedCopyChanged } from './stored-copy-error';
import type { Compression } from '../stream/inflate';

/** Progress messages are posted at most this often; the final counts come with the result. */
export const PROGRESS_INTERVAL_MS = 250;

/** Chunks of a streamed answer the worker may post before the page says it consumed them. */
export const STREAM_WINDOW = 4;

/** The size streamed chunks are joined to. */
export const STREAM_CHUNK_BYTES = 256 * 1024;

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
        return this.run(request.id, (signal) => this.processLayer(request.id, request.layer, signal), request.layer.local);
      case 'read-file':
        return this.run(
          request.id,
          (signal) => this.readFile(request.id, request.layer, request.compression, request.file, request.maxBytes, signal),
          request.layer.local,
        );
      case 'stream-file':
        return this.run(request.id, (signal) => this.streamFile(request.id, request.layer, request.compression, request.file, signal), request.layer.local);
      case 'stream-layer-tar':
        return this.run(request.id, (signal) => this.streamLayerTar(request.id, request.layer, request.tar, signal), request.layer.local);
      case 'stream-blob':
        return this.run(request.id, (signal) => this.streamBlob(request.id, request.layer, signal), request.layer.local);
    }
  }

  /** Runs one request's work; its failure is posted, said of the local file when the layer is one. */
  private async run(id: number, work: (signal: AbortSignal) => Promise<void>, local?: LocalLayerBlob): Promise<void> {
    const controller = new AbortController();
    this.running.set(id, controller);
    try {
      await work(controller.signal);
    } catch (err) {
      // A cancelled request's page side has already given up on it.
      if (!controller.signal.aborted) this.post({ type: 'error', id, error: (local ? localLayerError(err, local) : asPullscopeError(err)).toWire() });
    } finally {
      this.running.delete(id);
      this.credits.delete(id);
    }
  }

  private async processLayer(id: number, layer: LayerJobSpec, signal: AbortSignal): Promise<void> {
    let last = -Infinity;
    const deps = this.depsFor(id);
    const { result, fromCache } = await withLayerBlob(layer, deps, signal, async (blob) => {
      const onProgress = (progress: LayerProgress) => {
        const t = this.now();
        if (t - last < PROGRESS_INTERVAL_MS) return;
        last = t;
        this.post({ type: 'progress', id, progress, fromCache: blob.fromCache });
      };
      const reread = () => reopenVerified(layer, blob, deps, signal);
      const result = await processLayer({ ...layer, body: blob.body, onProgress, signal, reread });
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
    const { bytes, fromCache } = await withLayerBlob(layer, this.depsFor(id), signal, async (blob) => ({
      // From the network the whole blob is read, so its digest is checked before a byte is shown. A stored copy was
      // verified when stored: a preview reads only up to its file (a copy found changed is fetched again).
      bytes: await readLayerFile({
        blob: blob.fromCache ? blob.body : verified(blob.body, layer),
        compression,
        ...file,
        maxBytes,
        readToEnd: !blob.fromCache,
        signal,
      }),
      fromCache: blob.fromCache,
    }));
    const truncated = maxBytes !== undefined && file.size > maxBytes;
    this.post({ type: 'file-done', id, bytes, truncated, fromCache }, transferOf(bytes));
  }

  /** One file, saved: the whole blob is read and hashed, from the store too, and the answer ends only if it holds. */
  private async streamFile(id: number, layer: LayerSource, compression: Compression, file: LayerFileLocation, signal: AbortSignal) {
    this.openWindow(id);
    await this.streamOnce(id, layer, signal, (blob) =>
      this.pump(id, streamLayerFile({ blob: verified(blob.body, layer), compression, ...file, readToEnd: true, signal }), signal),
    );
    this.post({ type: 'end', id });
  }

  /** The layer's uncompressed tar; network bytes are verified (digest, size), the tar always against its diff_id. */
  private async streamLayerTar(id: number, layer: LayerSource, tar: LayerTarSpec, signal: AbortSignal) {
    this.openWindow(id);
    await this.streamOnce(id, layer, signal, (blob) => {
      const verifyBlob = blob.fromCache ? undefined : { digest: layer.digest, size: layer.size };
      return this.pump(id, layerTarStream({ blob: blob.body, ...tar, verifyBlob }), signal);
    });
    this.post({ type: 'end', id });
  }

  /** The blob as stored; verified (digest, size) whether it comes from the network or the store. */
  private async streamBlob(id: number, layer: LayerSource, signal: AbortSignal) {
    this.openWindow(id);
    await this.streamOnce(id, layer, signal, (blob) => this.pump(id, verified(blob.body, layer), signal));
    this.post({ type: 'end', id });
  }

  /**
   * Like withLayerBlob, without its retry: once chunks of an answer are out,
   * reading the blob again would repeat them. A blob fetched from the network
   * is committed to the store only when the whole answer verified; a stored
   * copy that fails is deleted, and the error says the copy changed.
   */
  private async streamOnce(id: number, layer: LayerSource, signal: AbortSignal, use: (blob: OpenedBlob) => Promise<void>): Promise<void> {
    const deps = this.depsFor(id);
    const blob = (await openCached(layer, deps)) ?? (await openFromNetwork(layer, deps, signal));
    try {
      await use(blob);
    } catch (err) {
      await blob.writer?.abort();
      if (blob.fromCache && isContentFault(err)) {
        await deps.store.delete(layer.digest).catch(() => {});
        throw storedCopyChanged(layer.digest, err);
      }
      throw err;
    }
    await blob.writer?.commit().catch(() => {});
  }

  /**
   * Posts a stream's chunks, never more than the page's credit allows ahead
   * of its reader. Chunks travel joined into STREAM_CHUNK_BYTES (decoders put
   * out 64 KiB or less, tar headers 512 bytes): each costs a message and a
   * credit back.
   */
  private async pump(id: number, stream: ReadableStream<Uint8Array>, signal: AbortSignal): Promise<void> {
    const credit = this.credits.get(id) ?? this.openWindow(id);
    const reader = stream.pipeThrough(coalesceChunks(STREAM_CHUNK_BYTES)).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        while (credit.count <= 0) await new Promise<void>((wake) => (credit.wake = wake));
        signal.throwIfAborted();
        credit.count--;
        // The joined chunk owns its buffer: transferred, not copied.
        this.post({ type: 'chunk', id, chunk: value }, transferOf(value));
      }
    } catch (err) {
      await reader.cancel().catch(() => {});
      throw err;
    }
  }

  /** The worker's deps, with the proxy's trace of each blob fetched for request `id` posted to the page. */
  private depsFor(id: number): LayerSourceDeps {
    return { ...this.deps, onTrace: (entries) => this.post({ type: 'trace', id, entries }) };
  }

  /** Starts counting the page's credit for a streamed answer; open it before any await, so no early credit is lost. */
  private openWindow(id: number): { count: number; wake?: () => void } {
    const credit = { count: STREAM_WINDOW };
    this.credits.set(id, credit);
    return credit;
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

/** The bytes through a digest and size check, which errors the stream at its end when they do not hold. */
function verified(body: ReadableStream<Uint8Array>, layer: LayerSource): ReadableStream<Uint8Array> {
  return body.pipeThrough(verifyDigestStream({ want: layer.digest, subject: 'layer blob', expectedSize: layer.size }));
}

