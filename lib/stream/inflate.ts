/**
 * The inflate stage of the layer pipeline: compressed layer bytes in, tar
 * bytes out, as a Web Streams TransformStream over the push decoders.
 */
import { GzipInflater } from './gzip-inflater';
import { isTarHeaderBlock } from './tar-header';
import { ZstdInflater } from './zstd-inflater';

/** How a layer's bytes are compressed (OCI image-spec layer.md media types `+gzip`, `+zstd`, plain `tar`). */
export type Compression = 'gzip' | 'zstd' | 'none';

/** Decompresses a layer stream; errors with InflateError on corrupt, truncated or trailing data. */
export function inflateStream(compression: Compression): TransformStream<Uint8Array, Uint8Array> {
  if (compression === 'none') return new TransformStream<Uint8Array, Uint8Array>();
  let inflater: GzipInflater | ZstdInflater;
  return new TransformStream<Uint8Array, Uint8Array>({
    async start(controller) {
      const emit = (chunk: Uint8Array) => controller.enqueue(chunk);
      inflater = compression === 'gzip' ? new GzipInflater(emit) : await ZstdInflater.create(emit);
    },
    transform(chunk) {
      inflater.push(chunk);
    },
    flush() {
      inflater.end();
    },
  });
}

/**
 * Guesses the compression from a stream's first bytes (at least 512 to
 * recognize a tar without the ustar magic):
 *   gzip: 1f 8b (RFC 1952 §2.3.1); zstd: 28 b5 2f fd (RFC 8878 §3.1.1);
 *   tar: "ustar" at offset 257 (POSIX ustar), or a first block whose header
 *   checksum holds (v7 tar), or an all-zero first block (an empty archive).
 */
export function sniffCompression(firstBytes: Uint8Array): Compression | 'unknown' {
  const b = firstBytes;
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) return 'gzip';
  if (b.length >= 4 && b[0] === 0x28 && b[1] === 0xb5 && b[2] === 0x2f && b[3] === 0xfd) return 'zstd';
  if (b.length >= 262 && b[257] === 0x75 && b[258] === 0x73 && b[259] === 0x74 && b[260] === 0x61 && b[261] === 0x72) {
    return 'none';
  }
  if (b.length >= 512 && isTarHeaderBlock(b.subarray(0, 512))) return 'none';
  return 'unknown';
}
