/**
 * Reads a stream into one buffer used again for every read, where the stream
 * is a byte stream (fetch and Blob bodies are, and so is the blob store's
 * writeThrough): a layer of a gigabyte then needs one buffer, not a fresh one
 * per chunk, and the tab's memory does not wait on the garbage collector to
 * free hundreds of used ones. Any other stream is read as it is.
 *
 * The price is a rule for the caller: a chunk is valid only until the next
 * `read`, so whatever keeps bytes past that must copy them.
 */

/** The reused buffer's size: the most one read returns. */
export const CHUNK_READER_BYTES = 512 * 1024;

/** Chunks of a stream, each valid until the next `read`. */
export interface ChunkReader {
  /** The next chunk, or undefined at the end. */
  read(): Promise<Uint8Array | undefined>;
  cancel(reason?: unknown): Promise<void>;
  releaseLock(): void;
  /** True when the chunks are views of one reused buffer (a byte stream). */
  readonly reusesBuffer: boolean;
}

/** A ChunkReader over `stream` (locking it), reusing one buffer of `bufferBytes` where the stream allows. */
export function createChunkReader(stream: ReadableStream<Uint8Array>, bufferBytes = CHUNK_READER_BYTES): ChunkReader {
  let byob: ReadableStreamBYOBReader;
  try {
    byob = stream.getReader({ mode: 'byob' });
  } catch {
    const plain = stream.getReader();
    return {
      reusesBuffer: false,
      read: async () => {
        // Empty chunks carry nothing; skipping them keeps `undefined` meaning the end only.
        for (;;) {
          const { done, value } = await plain.read();
          if (done) return undefined;
          if (value.byteLength > 0) return value;
        }
      },
      cancel: (reason) => plain.cancel(reason),
      releaseLock: () => plain.releaseLock(),
    };
  }
  let buffer: ArrayBuffer = new ArrayBuffer(bufferBytes);
  return {
    reusesBuffer: true,
    read: async () => {
      // A BYOB read takes the buffer over and hands it back inside its answer.
      const { done, value } = await byob.read(new Uint8Array(buffer));
      if (value) buffer = value.buffer as ArrayBuffer;
      return done ? undefined : value;
    },
    cancel: (reason) => byob.cancel(reason),
    releaseLock: () => byob.releaseLock(),
  };
}
