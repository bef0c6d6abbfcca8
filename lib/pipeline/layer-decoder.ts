/**
 * The push decoders behind one interface, so the pipeline's single loop can
 * drive gzip, zstd and plain tar alike without a TransformStream per stage
 * (each stage would cost a promise per chunk).
 */
import { GzipInflater } from '../stream/gzip-inflater';
import type { Compression } from '../stream/inflate';
import { ZstdInflater } from '../stream/zstd-inflater';

/** Compressed bytes in (`push`, then `end`), tar bytes out through the callback given at creation. */
export interface LayerDecoder {
  push(chunk: Uint8Array): void;
  /** Throws InflateError when the compressed stream stopped early. */
  end(): void;
}

/** A decoder for `compression` that hands every decoded chunk to `onTar`. */
export function createLayerDecoder(compression: Compression, onTar: (chunk: Uint8Array) => void): LayerDecoder {
  switch (compression) {
    case 'gzip':
      return new GzipInflater(onTar);
    case 'zstd':
      return new ZstdInflater(onTar);
    case 'none':
      return { push: (chunk) => chunk.byteLength > 0 && onTar(chunk), end: () => {} };
  }
}
