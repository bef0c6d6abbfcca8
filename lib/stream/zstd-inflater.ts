/**
 * Streaming Zstandard decoding (RFC 8878) over fzstd, for any number of
 * frames:
 *
 *   zstd-stream ::= (zstd-frame | skippable-frame)+        (RFC 8878 §3.1)
 *
 * fzstd throws plain `Error`s with a numeric `code`; they become
 * InflateError here. fzstd reports a stream cut inside a frame only when told
 * the input is final, so `end` always pushes a final empty chunk; an empty
 * stream it would accept silently is refused here. Frames declaring a window
 * above 128 MiB are refused before fzstd allocates it (zstd-window-guard.ts).
 */
import { Decompress } from 'fzstd';
import { InflateError } from './errors';
import { ZstdWindowGuard } from './zstd-window-guard';

/** Push-style zstd decoder: `push` compressed chunks in order, then `end`. */
export class ZstdInflater {
  private readonly decoder: Decompress;
  private readonly guard = new ZstdWindowGuard();
  /** Compressed bytes pushed so far. */
  private consumed = 0;
  private ended = false;

  /** `onData` receives each decoded block (at most 128 KiB, RFC 8878 §3.1.1.2.3), a fresh array. */
  constructor(onData: (chunk: Uint8Array) => void) {
    this.decoder = new Decompress((chunk) => {
      if (chunk.byteLength > 0) onData(chunk);
    });
  }

  /** Decodes one chunk of compressed bytes, keeping no reference to it; throws InflateError on corrupt data. */
  push(chunk: Uint8Array): void {
    if (this.ended) throw new InflateError('zstd', this.consumed, 'zstd data pushed after the end of the stream');
    if (chunk.byteLength === 0) return;
    const start = this.consumed;
    this.consumed += chunk.byteLength;
    try {
      this.guard.push(chunk);
    } catch (err) {
      this.ended = true;
      throw err;
    }
    try {
      // fzstd holds on to input it has not decoded yet, and callers may reuse their buffer (chunk-reader.ts).
      this.decoder.push(chunk.slice(), false);
    } catch (err) {
      this.ended = true;
      throw this.wrap(err, start);
    }
  }

  /** Throws InflateError if the stream stopped inside a frame. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.consumed === 0) throw new InflateError('zstd', 0, 'zstd stream truncated after 0 bytes');
    try {
      this.decoder.push(new Uint8Array(0), true);
    } catch (err) {
      throw this.wrap(err, this.consumed);
    }
  }

  private wrap(err: unknown, chunkStart: number): InflateError {
    const msg = err instanceof Error ? err.message : String(err);
    // fzstd's code 5 is "unexpected EOF": only possible on the final push.
    if ((err as { code?: unknown }).code === 5) {
      return new InflateError('zstd', this.consumed, `zstd stream truncated after ${this.consumed} bytes`, err);
    }
    // fzstd does not say where in a chunk it failed; name the chunk's range.
    const where =
      chunkStart === this.consumed
        ? `compressed byte ${chunkStart}`
        : `compressed bytes ${chunkStart}-${this.consumed - 1}`;
    return new InflateError('zstd', chunkStart, `corrupt zstd in ${where}: ${msg}`, err);
  }
}
