/**
 * The messages between the page (LayerWorkerPool) and a layer worker. Every
 * request carries an `id`; every answer names it. Indexes and file bytes
 * travel as transferred buffers, errors as PullscopeError wire forms.
 * Credentials ride inside requests, in memory only: never logged, never
 * stored, never put in a URL.
 */
import type { WireError } from '../errors';
import type { TraceEntry } from '../registry/trace';
import { LayerIndex, type LayerIndexTransfer } from '../fs/layer-index';
import type { Compression } from '../stream/inflate';
import type { LayerProgress, LayerResult } from './process-layer';
import type { LayerFileLocation } from './read-file';

/** A layer blob held in a file on this machine (an image archive), read instead of the proxy. */
export interface LocalLayerBlob {
  /** Its bytes, verified like network bytes. A Blob is structured-cloned to the worker by reference, not copied. */
  blob: Blob;
  /** Where the archive holds it ("blobs/sha256/…", "<id>/layer.tar"), for messages. */
  path: string;
  /**
   * What names it: the manifest's digest, or nothing but the config's
   * diff_id (a docker-archive, whose manifest Pullscope synthesized with
   * that diff_id as the layer's digest).
   */
  namedBy: 'digest' | 'diff_id';
}

/** Where a layer blob is fetched from: the Pullscope proxy, for one repository, or a Blob of a local archive. */
export interface LayerSource {
  /** Origin of the Pullscope server ("https://pullscope.example"); the worker fetches `<origin>/api/registry/…`. */
  proxyOrigin: string;
  apiHost: string;
  repository: string;
  digest: string;
  /** The descriptor's size. */
  size?: number;
  mediaType: string;
  credentials?: { username: string; password: string };
  /** The blob, when it comes from a file on this machine: read instead of the proxy and the tab's cache. */
  local?: LocalLayerBlob;
}

/** One layer to download, verify and index. */
export interface LayerJobSpec extends LayerSource {
  /** The config's diff_id for this layer. */
  diffId?: string;
  /** 1-based position in the manifest, for messages. */
  layerNumber?: number;
}

/** Page → worker. */
export type WorkerRequest =
  | { type: 'process-layer'; id: number; layer: LayerJobSpec }
  | { type: 'read-file'; id: number; layer: LayerSource; compression: Compression; file: LayerFileLocation; maxBytes?: number }
  | { type: 'stream-file'; id: number; layer: LayerSource; compression: Compression; file: LayerFileLocation }
  | { type: 'stream-layer-tar'; id: number; layer: LayerSource; tar: LayerTarSpec }
  | { type: 'stream-blob'; id: number; layer: LayerSource }
  /** The page consumed `count` more chunks of a streamed answer: the worker may send that many more. */
  | { type: 'credit'; id: number; count: number }
  | { type: 'cancel'; id: number };

/** How to turn a layer blob into its tar, and what the tar must hash to. */
export interface LayerTarSpec {
  /** The decoder the layer was read with (LayerResult.compression). */
  compression: Compression;
  /** The platform's gzip decoder read this layer whole when it was processed (LayerResult.platformDecoded). */
  platformDecoded?: boolean;
  /** The config's diff_id: the tar is hashed as it streams and errors at its end on a mismatch. */
  diffId?: string;
  /** The tar's length counted when the layer was processed; more or fewer bytes is an error. */
  size?: number;
  /** 1-based position in the manifest, for messages. */
  layerNumber?: number;
}

/** A LayerResult whose index travels as transferable columns. */
export type LayerResultTransfer = Omit<LayerResult, 'index'> & { index: LayerIndexTransfer };

/** Worker → page. */
export type WorkerResponse =
  | { type: 'progress'; id: number; progress: LayerProgress; fromCache: boolean }
  /** The exchanges the proxy made upstream for this request's blob (the pull trace), as its answer's headers reported them. */
  | { type: 'trace'; id: number; entries: TraceEntry[] }
  | { type: 'layer-done'; id: number; result: LayerResultTransfer; fromCache: boolean }
  | { type: 'file-done'; id: number; bytes: Uint8Array; truncated: boolean; fromCache: boolean }
  /** One chunk of a streamed answer (stream-file, stream-layer-tar, stream-blob). */
  | { type: 'chunk'; id: number; chunk: Uint8Array }
  /** The streamed answer ended, and every check on it held. */
  | { type: 'end'; id: number }
  | { type: 'error'; id: number; error: WireError };

/** A result ready to post: the message part and the buffers to transfer. The result's index is unusable afterwards. */
export function layerResultToTransfer(result: LayerResult): { result: LayerResultTransfer; transfer: ArrayBuffer[] } {
  const { data, transfer } = result.index.toTransfer();
  return { result: { ...result, index: data }, transfer };
}

/** The LayerResult a `layer-done` message carried. */
export function layerResultFromTransfer(result: LayerResultTransfer): LayerResult {
  return { ...result, index: LayerIndex.fromTransfer(result.index) };
}

/** The buffer to transfer with a chunk, when the chunk owns all of it (else the chunk is copied by cloning). */
export function transferOf(chunk: Uint8Array): ArrayBuffer[] {
  const whole = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength;
  return whole && chunk.buffer instanceof ArrayBuffer ? [chunk.buffer] : [];
}
