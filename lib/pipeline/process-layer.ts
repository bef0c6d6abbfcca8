/**
 * One layer, one pass: the blob's bytes are hashed as they arrive (they must
 * equal the manifest's digest and size), decoded (gzip, zstd or plain tar),
 * the tar bytes hashed again (they must equal the config's diff_id), and the
 * tar headers indexed. Nothing is buffered beyond the chunk in hand, and
 * where the body is a byte stream every chunk is read into the same buffer
 * (chunk-reader.ts): every stage is done with a chunk before the next read.
 *
 * The stages are plain push decoders driven by one read loop rather than a
 * chain of TransformStreams: every stage is synchronous, so a chain would only
 * add a promise and a queue per chunk per stage.
 *
 * "Verified" means the whole blob hashed to its digest (design.md,
 * invariants). So when decoding fails part way, the rest of the blob is still
 * read and hashed: if the digest is wrong too, the truthful report is "these
 * are not the bytes the digest names" (the decode error is the symptom), and
 * only bytes whose digest holds get blamed for their format.
 *
 * A blob that is no filesystem at all (neither its media type nor its bytes
 * name gzip, zstd or tar: an in-toto attestation, an SBOM, a signature) is
 * still verified, by its digest and, being its own content, by its diff_id;
 * its result says it is an artifact and has no files.
 *
 * Two shortcuts keep every check: a plain tar is its own blob, so its bytes
 * are hashed once and that digest is compared with both the blob digest and
 * the diff_id; and gzip goes through the platform's decoder when the caller
 * can reopen the blob, decoding it again with pako when the platform refuses
 * it (several members, as eStargz writes, or corrupt data, whose exact place
 * only pako reports).
 */
import { DigestMismatchError } from '../digest';
import { PullscopeError } from '../errors';
import type { LayerIndex } from '../fs/layer-index';
import { LayerIndexBuilder } from '../fs/layer-index-builder';
import { createChunkReader } from '../stream/chunk-reader';
import { concatBytes } from '../stream/concat-bytes';
import { SizeMismatchError } from '../stream/errors';
import { algorithmToVerify, createDigest } from '../stream/incremental-digest';
import type { Compression } from '../stream/inflate';
import { NativeGzipInflater, NativeGzipRefusedError } from '../stream/native-gzip-inflater';
import { TarReader } from '../stream/tar-reader';
import { BrokenTransferError } from './broken-transfer-error';
import { chooseCompression, SNIFF_BYTES } from './compression-choice';
import { createFastLayerDecoder, createLayerDecoder, type AsyncLayerDecoder } from './layer-decoder';

/** Byte and entry counts so far, for progress bars. */
export interface LayerProgress {
  compressedBytes: number;
  uncompressedBytes: number;
  entries: number;
}

/** What `processLayer` reads and checks against. */
export interface ProcessLayerInput {
  /** The blob's bytes as they arrive (network or cache). */
  body: ReadableStream<Uint8Array>;
  /** The manifest's layer digest, `sha256:<hex>` or `sha512:<hex>`. */
  digest: string;
  /** The descriptor's size; more or fewer bytes is an error. */
  size?: number;
  mediaType: string;
  /** The config's `rootfs.diff_ids` entry for this layer. */
  diffId?: string;
  /** 1-based position in the manifest, for messages ("layer 3 diff_id"). */
  layerNumber?: number;
  /** The clock that times a silence before a broken transfer (default Date.now). */
  now?: () => number;
  /** Called after every chunk; throttle on the receiving side. */
  onProgress?: (progress: LayerProgress) => void;
  signal?: AbortSignal;
  /**
   * Opens the blob again from its first byte. Given, gzip is decoded by the
   * platform first and, when that refuses it, again by pako from a second
   * read; it is called only after the first read hashed to the digest.
   */
  reread?: () => Promise<ReadableStream<Uint8Array>>;
}

/** A verified layer: both digests held, and its file index. */
export interface LayerResult {
  digest: { want: string; got: string; ok: boolean };
  /** `ok` is false when there was no diff_id to compare with (`want` undefined). */
  diffId: { want?: string; got: string; ok: boolean };
  /** The decoder actually used. */
  compression: Compression;
  /** Why `compression` differs from what the media type says, when it does. */
  compressionNote?: string;
  /**
   * The platform's own gzip decoder read the whole blob (one gzip member, as
   * most layers are): later reads of the verified copy may use it too, where
   * a multi-member blob needs pako.
   */
  platformDecoded?: boolean;
  index: LayerIndex;
  /** Tar entries read (headers, whiteout markers included). */
  entries: number;
  /**
   * Neither the media type nor the bytes name a layer format: an artifact's
   * blob (an attestation, an SBOM, a signature). Its digest and diff_id are
   * checked as for any layer, `compression` is 'none', and it has no files.
   */
  artifact?: true;
  compressedBytes: number;
  uncompressedBytes: number;
}

/** Reads, verifies, decodes and indexes one layer; throws a PullscopeError (or the signal's reason) on any failure. */
export async function processLayer(input: ProcessLayerInput): Promise<LayerResult> {
  const { digest: want, size, diffId, mediaType, signal, onProgress } = input;
  const label = input.layerNumber === undefined ? 'layer' : `layer ${input.layerNumber}`;
  // Each digest in its own algorithm: a sha512 blob digest may sit beside a sha256 diff_id.
  const blobAlgorithm = algorithmToVerify(`${label} blob`, want);
  const tarAlgorithm = diffId === undefined ? 'sha256' : algorithmToVerify(`${label} diff_id`, diffId);
  signal?.throwIfAborted();

  const blobHash = await createDigest(blobAlgorithm);
  const tarHash = await createDigest(tarAlgorithm);
  // Plain tar: the tar is the blob, already hashed as it arrives (when both digests use one algorithm). So is an artifact's content.
  let tarIsBlob = false;
  let artifact = false;
  const builder = new LayerIndexBuilder();
  let entries = 0;
  let compressedBytes = 0;
  let uncompressedBytes = 0;
  const tar = new TarReader({
    onEntry(header) {
      entries++;
      builder.add(header);
    },
  });
  const onTar = (chunk: Uint8Array) => {
    uncompressedBytes += chunk.byteLength;
    if (!tarIsBlob) tarHash.update(chunk);
    tar.push(chunk);
  };

  // The decoder is chosen once the first SNIFF_BYTES have arrived (or the blob ended sooner).
  let decoder: AsyncLayerDecoder | undefined;
  let choice: ReturnType<typeof chooseCompression> | undefined;
  let head: Uint8Array[] = [];
  let headBytes = 0;
  let contentError: unknown;
  const startDecoder = async () => {
    const first = concatBytes(head, headBytes);
    head = [];
    choice = chooseCompression(mediaType, first.subarray(0, SNIFF_BYTES));
    tarIsBlob = choice.compression === 'none' && tarAlgorithm === blobAlgorithm;
    if (choice.unknown) {
      artifact = true;
      // Its own content: the diff_id hashes the blob's bytes, in the diff_id's algorithm when that differs.
      if (!tarIsBlob) tarHash.update(first);
      return;
    }
    decoder = await (input.reread ? createFastLayerDecoder(choice.compression, onTar) : createLayerDecoder(choice.compression, onTar));
    await decoder.push(first);
  };
  // After a decode error the bytes are only hashed: see the file comment.
  const decode = async (chunk: Uint8Array, final: boolean) => {
    if (artifact && !tarIsBlob) tarHash.update(chunk);
    if (contentError !== undefined || artifact) return;
    try {
      if (decoder) {
        await decoder.push(chunk);
      } else {
        // Copied: the chunk's buffer is read into again.
        if (chunk.byteLength > 0) head.push(chunk.slice());
        headBytes += chunk.byteLength;
        if (headBytes >= SNIFF_BYTES || final) await startDecoder();
      }
      if (final && decoder) {
        await decoder.end();
        tar.end();
      }
    } catch (err) {
      contentError = err;
    }
  };

  const reader = createChunkReader(input.body);
  const now = input.now ?? Date.now;
  let lastByteAt = now();
  let cutAtEnd: { err: unknown } | undefined;
  const onAbort = () => void reader.cancel(signal?.reason).catch(() => {});
  signal?.addEventListener('abort', onAbort, { once: true });
  let finished = false;
  try {
    for (;;) {
      let value: Uint8Array | undefined;
      try {
        value = await reader.read();
      } catch (err) {
        if (signal?.aborted) throw err;
        // The proxy cuts off, at its end, a blob that fails its digest, so that no cache keeps it:
        // with every declared byte in, the digest check below says what was wrong instead of "network error".
        if (size !== undefined && compressedBytes === size) {
          cutAtEnd = { err };
          break;
        }
        if (err instanceof PullscopeError) throw err;
        // A cut before the end: a registry that broke off after the proxy's answer began (all a browser sees is "network error").
        throw new BrokenTransferError({ subject: `${label} blob`, got: compressedBytes, want: size, silentMs: now() - lastByteAt }, { cause: err });
      }
      signal?.throwIfAborted();
      if (value === undefined) break;
      lastByteAt = now();
      compressedBytes += value.byteLength;
      // Stop at the first byte past the declared size: a broken or hostile
      // registry could otherwise stream without end.
      if (size !== undefined && compressedBytes > size) {
        throw new SizeMismatchError(`${label} blob`, size, compressedBytes, false);
      }
      blobHash.update(value);
      await decode(value, false);
      onProgress?.({ compressedBytes, uncompressedBytes, entries });
    }
    finished = true;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
  await decode(new Uint8Array(0), true);
  onProgress?.({ compressedBytes, uncompressedBytes, entries });

  if (size !== undefined && compressedBytes !== size) {
    throw new SizeMismatchError(`${label} blob`, size, compressedBytes, true);
  }
  const got = blobHash.digest();
  if (got !== want) throw new DigestMismatchError(`${label} blob`, want, got, compressedBytes);
  // Every byte was right and the transfer still broke: the copies downstream did not end, so it is the failure it was.
  if (cutAtEnd) throw cutAtEnd.err;
  if (contentError instanceof NativeGzipRefusedError && input.reread) {
    signal?.throwIfAborted();
    return processLayer({ ...input, body: await input.reread(), reread: undefined });
  }
  // From here on the bytes are the ones the manifest names: a failure is the content's, which a retry cannot change.
  if (contentError !== undefined) throw withVerifiedBlob(contentError, got);
  const tarDigest = tarIsBlob ? got : tarHash.digest();
  if (diffId !== undefined && tarDigest !== diffId) {
    throw withVerifiedBlob(new DigestMismatchError(`${label} diff_id`, diffId, tarDigest, uncompressedBytes), got);
  }
  return {
    digest: { want, got, ok: true },
    diffId: { want: diffId, got: tarDigest, ok: diffId !== undefined },
    compression: choice!.compression,
    ...(choice!.note === undefined ? {} : { compressionNote: choice!.note }),
    ...(decoder instanceof NativeGzipInflater ? { platformDecoded: true } : {}),
    index: builder.finish(),
    entries,
    compressedBytes,
    uncompressedBytes: artifact ? compressedBytes : uncompressedBytes,
    ...(artifact ? { artifact: true as const } : {}),
  };
}

// Marks a failure of bytes whose blob digest held (PullscopeError.verifiedBlob).
function withVerifiedBlob(err: unknown, digest: string): unknown {
  if (err instanceof PullscopeError) err.verifiedBlob = digest;
  return err;
}
