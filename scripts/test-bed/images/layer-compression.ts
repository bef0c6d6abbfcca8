/**
 * Turning a layer tar into the blob a manifest names (image-spec layer.md,
 * "Distributable Format"): gzip as one member, or as two members concatenated
 * (RFC 1952 §2.2 allows any number; eStargz and `cat a.gz b.gz` produce
 * them). zlib writes no name and mtime 0 in the gzip header, so the bytes
 * depend only on the tar and the zlib version, which the build hash covers.
 */
import zlib from 'node:zlib';
import { sha256Digest } from './oci-layout';

/** How a layer written by our own tar writer is compressed. */
export type LayerCompression = 'gzip' | 'gzip-two-members';

/** A layer blob and what the manifest and config say of it. */
export interface LayerBlob {
  mediaType: string;
  blob: Uint8Array;
  /** sha256 of the uncompressed tar (image-spec config.md, "rootfs.diff_ids"). */
  diffId: string;
}

const gzipLayer = 'application/vnd.oci.image.layer.v1.tar+gzip';

function gzip(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(zlib.gzipSync(bytes, { level: 6 }));
}

/**
 * Where the two-member form splits the tar: in the middle, rounded to an odd
 * byte, so the cut falls inside a header or a file's content rather than on
 * an entry boundary — an inflater must carry the tar across members.
 */
export function memberSplit(tar: Uint8Array): number {
  return Math.floor(tar.length / 2) | 1;
}

/** Compresses a layer tar as `compression` says. */
export function compressLayer(tar: Uint8Array, compression: LayerCompression): LayerBlob {
  const diffId = sha256Digest(tar);
  if (compression === 'gzip') return { mediaType: gzipLayer, blob: gzip(tar), diffId };
  const cut = memberSplit(tar);
  const first = gzip(tar.subarray(0, cut));
  const second = gzip(tar.subarray(cut));
  const blob = new Uint8Array(first.length + second.length);
  blob.set(first, 0);
  blob.set(second, first.length);
  return { mediaType: gzipLayer, blob, diffId };
}
