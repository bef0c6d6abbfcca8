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
 * `writer` as a copy that may fail without failing the read it copies: at
 * its first failed write (a full quota) it discards what it wrote and takes
 * nothing more, and its commit then does nothing, so the pull goes on
 * without a stored copy.
 */
export function bestEffortCopy(writer: BlobWriter): BlobWriter {
  let failed = false;
  return {
    async write(chunk) {
      if (failed) return;
      try {
        await writer.write(chunk);
      } catch {
        failed = true;
        await writer.abort().catch(() => {});
      }
    },
    async commit() {
      if (!failed) await writer.commit();
    },
    abort: () => writer.abort(),
  };
}

/** What one pull asks of the source when the reader brings no buffer of its own. */
export const WRITE_THROUGH_CHUNK_BYTES = 256 * 1024;

/**
 * `source` as it passes, each piece written into `writer` before it is
 * handed on (backpressure: the next read waits for the write). The result is
 * a byte stream: a reader that brings its own buffer (a BYOB reader) has the
 * source read straight into it where the source is a byte stream too (fetch
 * and Blob bodies are), so a layer's bytes need no new buffer per chunk. The
 * caller commits or aborts the writer. An abort of `signal` errors the
 * stream and cancels the source.
 */
export function writeThrough(source: ReadableStream<Uint8Array>, writer: BlobWriter, signal?: AbortSignal): ReadableStream<Uint8Array> {
  let byob: ReadableStreamBYOBReader | undefined;
  let plain: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    byob = source.getReader({ mode: 'byob' });
  } catch {
    // Not a byte stream: its chunks are copied into the reader's buffers below.
    plain = source.getReader();
  }
  const reader = byob ?? plain!;
  return new ReadableStream({
    type: 'bytes',
    autoAllocateChunkSize: WRITE_THROUGH_CHUNK_BYTES,
    start(controller) {
      signal?.addEventListener(
        'abort',
        () => {
          controller.error(signal.reason);
          reader.cancel(signal.reason).catch(() => {});
        },
        { once: true },
      );
    },
    async pull(controller) {
      // Always present: autoAllocateChunkSize gives default readers a buffer too.
      const request = controller.byobRequest!;
      const view = request.view!;
      if (byob) {
        // The source fills the reader's own buffer (transferring it) and hands it back.
        const { done, value } = await byob.read(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
        if (done) {
          controller.close();
          if (value) request.respondWithNewView(value);
          return;
        }
        await writer.write(value);
        request.respondWithNewView(value);
        return;
      }
      const { done, value } = await plain!.read();
      if (done) {
        controller.close();
        request.respond(0);
        return;
      }
      await writer.write(value);
      // enqueue transfers the buffer it is given: the source's must stay its own.
      controller.enqueue(value.slice());
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
