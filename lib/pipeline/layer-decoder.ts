/**
 * The push decoders behind one interface, so the pipeline's single loop can
 * drive gzip, zstd and plain tar alike without a TransformStream per stage
 * (each stage would cost a promise per chunk).
 */
import { GzipInflater } from '../stream/gzip-inflater';
import type { Compression } from '../stream/inflate';
import { hasNativeGzip, NativeGzipInflater } from '../stream/native-gzip-inflater';
import { ZstdInflater } from '../stream/zstd-inflater';

/** Compressed bytes in (`push`, then `end`), tar bytes out through the callback given at creation. */
export interface LayerDecoder {
  push(chunk: Uint8Array): void;
  /** Throws InflateError when the compressed stream stopped early. */
  end(): void;
}

/** A LayerDecoder whose stages may wait (a platform decoder works off the caller's turn). */
export interface AsyncLayerDecoder {
  push(chunk: Uint8Array): void | Promise<void>;
  end(): void | Promise<void>;
}

/**
 * Like createLayerDecoder, but gzip goes through the platform's
 * DecompressionStream where there is one: much faster, but it throws
 * NativeGzipRefusedError on anything but a single clean member, and then the
 * blob must be decoded again with createLayerDecoder.
 */
export async function createFastLayerDecoder(compression: Compression, onTar: (chunk: Uint8Array) => void): Promise<AsyncLayerDecoder> {
  if (compression === 'gzip' && hasNativeGzip()) return new NativeGzipInflater(onTar);
  return createLayerDecoder(compression, onTar);
}

/** A decoder for `compression` that hands every decoded chunk to `onTar` (zstd's is compiled on first use). */
export async function createLayerDecoder(compression: Compression, onTar: (chunk: Uint8Array) => void): Promise<LayerDecoder> {
  switch (compression) {
    case 'gzip':
      return new GzipInflater(onTar);
    case 'zstd':
      return ZstdInflater.create(onTar);
    case 'none':
      return { push: (chunk) => chunk.byteLength > 0 && onTar(chunk), end: () => {} };
  }
}
