/**
 * gzip decoding (RFC 1952) by the platform's own zlib, through the
 * Compression Standard's `DecompressionStream('gzip')`: in a Chromium worker
 * it took 2-4x less CPU than pako on the same layer, and inflating is one of
 * the three passes over every layer byte.
 *
 * The standard lets it decode one member only ("If the end of the compressed
 * data is reached and there are trailing bytes, throw a TypeError"), and its
 * errors say nothing of where or why. So any refusal is reported as
 * NativeGzipRefusedError, a signal for the caller to decode the blob again
 * with GzipInflater (pako), which reads every member and names the byte where
 * corrupt data starts. Errors thrown by `onData` (the tar reader's) are not
 * refusals: they are rethrown as they are.
 */
import { PullscopeError } from '../errors';

/** True where the platform offers `DecompressionStream` (browsers, workers, Node 18+). */
export function hasNativeGzip(): boolean {
  return typeof DecompressionStream === 'function';
}

/** The platform's gzip decoder refused the stream: corrupt, truncated, or more than one member. Decode again with GzipInflater to learn which. */
export class NativeGzipRefusedError extends PullscopeError {
  constructor(cause?: unknown) {
    super('NATIVE_GZIP_REFUSED', 'the built-in gzip decoder refused the layer; it must be decoded again with the portable one', {
      suggestion: 'This is handled by decoding the layer again; seeing it is a bug.',
      cause,
    });
  }
}

/**
 * Node's DecompressionStream is an async zlib stream under a Web wrapper: a
 * write settles before zlib has read the chunk. The Compression Standard's
 * transform (and Chromium's) decodes a chunk before its write settles. Where
 * a write may settle early, the chunk is copied, so the caller may still
 * reuse its buffer.
 */
const WRITE_MAY_SETTLE_EARLY = typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node === 'string';

/** The most compressed bytes given to the platform's decoder at once. */
const WRITE_BYTES = 128 * 1024;

/** Async push-style gzip decoder over DecompressionStream: `await push` chunks in order, then `await end`. */
export class NativeGzipInflater {
  private readonly writer: WritableStreamDefaultWriter<BufferSource>;
  private readonly reading: Promise<void>;
  /** The stream's own failure (a refusal). */
  private refused: unknown;
  private refusedSeen = false;
  /** What `onData` threw. */
  private consumerError: unknown;
  private consumerFailed = false;

  /** `onData` receives each decoded chunk (a fresh array, owning its buffer) in order. */
  constructor(onData: (chunk: Uint8Array) => void) {
    const stream = new DecompressionStream('gzip');
    this.writer = stream.writable.getWriter();
    const reader = stream.readable.getReader();
    this.reading = (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          try {
            onData(value);
          } catch (err) {
            this.consumerFailed = true;
            this.consumerError = err;
            await reader.cancel(err).catch(() => {});
            return;
          }
        }
      } catch (err) {
        this.refusedSeen = true;
        this.refused = err;
      }
    })();
    // Failures are read through `failure()`; these only keep rejections from going unhandled.
    this.writer.closed.catch(() => {});
  }

  /**
   * Decodes one chunk of compressed bytes, resolving once the decoder has
   * taken all of it, so the caller may reuse its buffer (chunk-reader.ts);
   * throws once decoding failed.
   */
  async push(chunk: Uint8Array): Promise<void> {
    this.throwIfFailed();
    if (chunk.byteLength === 0) return;
    try {
      // In pieces: each write's output waits in the stream's queue, and
      // smaller writes left the tab's memory peak lower (bench/changes.md, memory).
      for (let at = 0; at < chunk.byteLength; at += WRITE_BYTES) {
        const piece = chunk.subarray(at, at + WRITE_BYTES);
        await this.writer.ready;
        await this.writer.write((WRITE_MAY_SETTLE_EARLY ? piece.slice() : piece) as Uint8Array<ArrayBuffer>);
      }
    } catch (err) {
      // The readable side errored or was cancelled: let the read loop record why.
      await this.reading;
      throw this.failure(err);
    }
  }

  /** Waits for the last output; throws NativeGzipRefusedError, or what `onData` threw. */
  async end(): Promise<void> {
    this.throwIfFailed();
    let closeError: unknown;
    let closeFailed = false;
    await this.writer.close().catch((err: unknown) => {
      closeFailed = true;
      closeError = err;
    });
    await this.reading;
    this.throwIfFailed();
    if (closeFailed) throw new NativeGzipRefusedError(closeError);
  }

  private throwIfFailed(): void {
    if (this.consumerFailed || this.refusedSeen) throw this.failure();
  }

  private failure(fallback?: unknown): unknown {
    if (this.consumerFailed) return this.consumerError;
    return new NativeGzipRefusedError(this.refusedSeen ? this.refused : fallback);
  }
}
