/**
 * Which decoder a layer gets. The manifest's media type says how the blob is
 * compressed (image-spec layer.md), but registries and build tools get it
 * wrong in the wild: `tar+gzip` labels on plain tars, Docker's gzip type on
 * zstd blobs pushed by early containerd. The first bytes cannot lie, so when
 * both are known and disagree the sniffed one wins and the result says so.
 */
import { layerCompression } from '../oci/media-types';
import { sniffCompression, type Compression } from '../stream/inflate';

/** How many leading bytes `chooseCompression` wants (a tar header block, to recognize plain tar). */
export const SNIFF_BYTES = 512;

/** The decoder to use, and a sentence for the user when the media type was overruled or unknown. */
export interface CompressionChoice {
  compression: Compression;
  note?: string;
  /** Neither the media type nor the bytes name a layer format. */
  unknown?: true;
}

const WORDS: Record<Compression, string> = { gzip: 'gzip', zstd: 'zstd', none: 'an uncompressed tar' };

/** Decides the compression from the media type and the blob's first bytes (up to SNIFF_BYTES of them). */
export function chooseCompression(mediaType: string, firstBytes: Uint8Array): CompressionChoice {
  const declared = layerCompression(mediaType);
  const sniffed = sniffCompression(firstBytes);
  if (declared === undefined) {
    if (sniffed === 'unknown') return { compression: 'none', unknown: true };
    return {
      compression: sniffed,
      note: `The media type ${mediaType} is not a known layer type; the blob's first bytes are ${WORDS[sniffed]}, so it was read as that.`,
    };
  }
  // Bytes that match no format: the declared decoder runs and reports where they go wrong.
  if (sniffed === 'unknown' || sniffed === declared) return { compression: declared };
  return {
    compression: sniffed,
    note: `The media type ${mediaType} says ${WORDS[declared]}, but the blob's first bytes are ${WORDS[sniffed]}; it was read as ${WORDS[sniffed]}.`,
  };
}
