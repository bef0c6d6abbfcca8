/**
 * The tab's content-addressed blob cache (design.md: "a blob fetched once
 * (verified) is reused for every image that names it"). Blobs are keyed by
 * digest and become visible only through `commit`, which the pipeline calls
 * after the digest held, so nothing unverified is ever read back as verified.
 */

/** Blobs above this size are not cached: a tab's storage quota is shared with every other blob. */
export const MAX_CACHED_BLOB_BYTES = 2 * 1024 * 1024 * 1024;

/** True when a blob of this declared size may be cached (unknown sizes are not). */
export function isCacheable(size: number | undefined): boolean {
  return size !== undefined && size >= 0 && size <= MAX_CACHED_BLOB_BYTES;
}

/** Receives one blob's bytes; nothing is visible under the digest until `commit`. */
export interface BlobWriter {
  write(chunk: Uint8Array): Promise<void>;
  /** Publishes the bytes under the digest; call only after they were verified. */
  commit(): Promise<void>;
  /** Discards everything written; safe to call more than once, and after a failed commit. */
  abort(): Promise<void>;
}

/** A content-addressed store of verified blobs. */
export interface BlobStore {
  has(digest: string): Promise<boolean>;
  /** The stored bytes, or undefined when the blob is not stored. */
  open(digest: string): Promise<ReadableStream<Uint8Array> | undefined>;
  /** Starts writing a blob; concurrent writers of one digest do not see each other. */
  writer(digest: string): Promise<BlobWriter>;
  /** Forgets a blob (one that failed its re-verification); no error when absent. */
  delete(digest: string): Promise<void>;
}

/**
 * Copies a stream's chunks into a writer as they pass, with backpressure (the
 * next chunk waits for the write). The caller commits or aborts the writer.
 */
export function writeThrough(writer: BlobWriter): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream<Uint8Array, Uint8Array>({
    async transform(chunk, controller) {
      await writer.write(chunk);
      controller.enqueue(chunk);
    },
  });
}
