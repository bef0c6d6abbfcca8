/**
 * A whole layer as its uncompressed tar, for archives built from layers (the
 * flattened rootfs, a docker-archive): blob bytes in, tar bytes out, with
 * the checks that make the output trustworthy. The blob's digest and size
 * are checked when the bytes come from the network (stored bytes were
 * checked when stored), and the tar is hashed against the diff_id. Every
 * check errors the stream at its end (or at the first byte past a declared
 * size), so a consumer that saw the stream close saw verified bytes only.
 *
 * When the blob is being verified, a decode error is held back until the
 * whole blob was hashed, as processLayer does: if the digest is wrong too,
 * "these are not the bytes the digest names" is the truthful report.
 */
import { InflateError } from '../stream/errors';
import type { Compression } from '../stream/inflate';
import { hasNativeGzip, NativeGzipInflater, NativeGzipRefusedError } from '../stream/native-gzip-inflater';
import { verifyDigestStream } from '../stream/verify-digest';
import { createLayerDecoder, type LayerDecoder } from './layer-decoder';

/** What `layerTarStream` reads and checks against. */
export interface LayerTarStreamInput {
  /** The layer blob from its first byte. */
  blob: ReadableStream<Uint8Array>;
  compression: Compression;
  /** The platform's gzip decoder read this layer whole when it was processed (a single member): it may read it again. */
  platformDecoded?: boolean;
  /** Check the blob against the digest (and size) that names it: set for bytes from the network. */
  verifyBlob?: { digest: string; size?: number };
  /** The config's diff_id for this layer. */
  diffId?: string;
  /** The tar's expected length. */
  size?: number;
  /** 1-based position in the manifest, for messages ("layer 2 diff_id"). */
  layerNumber?: number;
}

/** The layer's tar bytes; errors with DigestMismatchError, SizeMismatchError or InflateError. */
export function layerTarStream(input: LayerTarStreamInput): ReadableStream<Uint8Array> {
  const label = input.layerNumber === undefined ? 'layer' : `layer ${input.layerNumber}`;
  let bytes = input.blob;
  if (input.verifyBlob) {
    bytes = bytes.pipeThrough(verifyDigestStream({ want: input.verifyBlob.digest, subject: `${label} blob`, expectedSize: input.verifyBlob.size }));
  }
  // Stored bytes were verified, and the platform's decoder read them whole then: it is ~4x faster than pako.
  // Network bytes keep pako, which names where corrupt data starts once the digest said they are the right bytes.
  const platform = input.compression === 'gzip' && input.platformDecoded === true && !input.verifyBlob && hasNativeGzip();
  let tar = bytes.pipeThrough(platform ? platformGzipStream(label) : decodeStream(input.compression, input.verifyBlob !== undefined));
  if (input.diffId !== undefined) {
    tar = tar.pipeThrough(verifyDigestStream({ want: input.diffId, subject: `${label} diff_id`, expectedSize: input.size }));
  }
  return tar;
}

/** Decodes with the pipeline's push decoders; with `holdErrors`, a decode error waits for the end of the input. */
function decodeStream(compression: Compression, holdErrors: boolean): TransformStream<Uint8Array, Uint8Array> {
  let output!: TransformStreamDefaultController<Uint8Array>;
  let failure: { error: unknown } | undefined;
  let decoder!: LayerDecoder;
  const attempt = (step: () => void) => {
    if (failure) return;
    try {
      step();
    } catch (error) {
      if (!holdErrors) throw error;
      failure = { error };
    }
  };
  return new TransformStream<Uint8Array, Uint8Array>({
    async start(controller) {
      output = controller;
      decoder = await createLayerDecoder(compression, (chunk) => output.enqueue(chunk));
    },
    transform(chunk) {
      attempt(() => decoder.push(chunk));
    },
    flush() {
      attempt(() => decoder.end());
      if (failure) throw failure.error;
    },
  });
}

/** gzip through the platform's decoder; a refusal (the stored copy changed since it was verified) is an InflateError. */
function platformGzipStream(label: string): TransformStream<Uint8Array, Uint8Array> {
  let output!: TransformStreamDefaultController<Uint8Array>;
  let read = 0;
  const decoder = new NativeGzipInflater((chunk) => output.enqueue(chunk));
  const refused = (error: unknown) =>
    error instanceof NativeGzipRefusedError ? new InflateError('gzip', read, `${label}: the stored copy is no longer the gzip stream that was verified`, error) : error;
  return new TransformStream<Uint8Array, Uint8Array>({
    start(controller) {
      output = controller;
    },
    async transform(chunk) {
      try {
        await decoder.push(chunk);
        read += chunk.byteLength;
      } catch (error) {
        throw refused(error);
      }
    },
    async flush() {
      try {
        await decoder.end();
      } catch (error) {
        throw refused(error);
      }
    },
  });
}
