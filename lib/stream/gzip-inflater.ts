/**
 * Streaming gzip decoding (RFC 1952) over pako's zlib port, for any number of
 * members:
 *
 *   gzip-stream ::= member+
 *   member      ::= header deflate-data crc32 isize     (RFC 1952 §2.2)
 *
 * Several members are common in layers: eStargz writes one member per file,
 * and `cat a.gz b.gz` is a valid gzip file. pako's `Inflate` wrapper restarts
 * after a member only when the end of that member and the next header arrive
 * in the same pushed chunk; when a chunk ends exactly at a member boundary it
 * silently stops, dropping everything after. So this drives zlib's `inflate`
 * directly and starts a new member whenever more bytes arrive after one ended.
 */
import { Z_BUF_ERROR, Z_NO_FLUSH, Z_OK, Z_STREAM_END, ZStream, zlibInflate, zlibInflateEnd, zlibInflateInit2, zlibInflateReset } from 'pako';
import { InflateError } from './errors';

/** zlib inflateInit2: 16 + window bits = decode the gzip wrapper only. */
const GZIP_WINDOW_BITS = 16 + 15;

/** Output buffer size; large, so a 500 MB layer makes ~2000 chunks, not 30000. */
export const DEFAULT_INFLATE_CHUNK = 256 * 1024;

/** Push-style gzip decoder: `push` compressed chunks in order, then `end`. */
export class GzipInflater {
  private readonly strm = new ZStream();
  private readonly chunkSize: number;
  private readonly onData: (chunk: Uint8Array) => void;
  /** Compressed bytes in chunks pushed before the current one. */
  private consumed = 0;
  /** Members that reached their trailer. */
  private members = 0;
  /** True from a member's first byte until zlib reports its end. */
  private inMember = false;
  private memberStart = 0;
  private out: Uint8Array<ArrayBuffer>;
  private ended = false;

  /**
   * `onData` receives each output chunk; every chunk but the last is exactly
   * `chunkSize` bytes and owns its whole ArrayBuffer (safe to transfer).
   */
  constructor(onData: (chunk: Uint8Array) => void, chunkSize = DEFAULT_INFLATE_CHUNK) {
    this.onData = onData;
    this.chunkSize = chunkSize;
    this.out = new Uint8Array(chunkSize);
    this.resetOutput();
    const status = zlibInflateInit2(this.strm, GZIP_WINDOW_BITS);
    if (status !== Z_OK) throw new InflateError('gzip', 0, `gzip decoder failed to start: ${this.strm.msg || status}`);
  }

  /** Decodes one chunk of compressed bytes; throws InflateError on corrupt data. */
  push(chunk: Uint8Array): void {
    if (this.ended) throw new InflateError('gzip', this.consumed, 'gzip data pushed after the end of the stream');
    if (chunk.byteLength === 0) return;
    const strm = this.strm;
    strm.input = chunk;
    strm.next_in = 0;
    strm.avail_in = chunk.byteLength;
    for (;;) {
      if (!this.inMember) {
        if (strm.avail_in === 0) break;
        // More bytes after a finished member: they must be the next member.
        if (this.members > 0) zlibInflateReset(strm);
        this.inMember = true;
        this.memberStart = this.consumed + strm.next_in;
      }
      const status = zlibInflate(strm, Z_NO_FLUSH);
      const outputFull = strm.avail_out === 0;
      if (outputFull) {
        this.onData(this.out);
        this.out = new Uint8Array(this.chunkSize);
        this.resetOutput();
      }
      if (status === Z_STREAM_END) {
        this.inMember = false;
        this.members++;
        continue;
      }
      if (status !== Z_OK && status !== Z_BUF_ERROR) throw this.corrupt();
      // Z_BUF_ERROR means "no progress possible", which zlib only says when out of input or output space.
      if (status === Z_BUF_ERROR && strm.avail_in > 0 && !outputFull) throw this.corrupt();
      // A full output buffer may hide more pending output even with no input left.
      if (strm.avail_in === 0 && !outputFull) break;
    }
    this.consumed += chunk.byteLength;
    strm.input = EMPTY;
  }

  /** Flushes the last output; throws InflateError if the stream stopped inside a member. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const tail = this.strm.next_out;
    zlibInflateEnd(this.strm);
    if (this.inMember || this.members === 0) {
      const where = this.members === 0 ? '' : ` (member ${this.members + 1} starts at byte ${this.memberStart})`;
      throw new InflateError('gzip', this.consumed, `gzip stream truncated after ${this.consumed} bytes${where}`);
    }
    if (tail > 0) this.onData(this.out.subarray(0, tail));
  }

  private resetOutput(): void {
    this.strm.output = this.out;
    this.strm.next_out = 0;
    this.strm.avail_out = this.chunkSize;
  }

  private corrupt(): InflateError {
    const offset = this.consumed + this.strm.next_in;
    const msg = this.strm.msg || 'invalid data';
    this.ended = true;
    // zlib only says "incorrect header check" while reading a header; after a
    // finished member that means bytes that are not another member.
    if (this.members > 0 && offset - this.memberStart <= 10 && msg === 'incorrect header check') {
      return new InflateError(
        'gzip',
        this.memberStart,
        `trailing data after gzip member ${this.members} at compressed byte ${this.memberStart} is not a gzip member`,
      );
    }
    return new InflateError('gzip', offset, `corrupt gzip at compressed byte ${offset}: ${msg}`);
  }
}

const EMPTY = new Uint8Array(0);
