/**
 * Streaming Zstandard decoding (RFC 8878) with the reference decoder in
 * WebAssembly (zstd-wasm.ts), for any number of frames:
 *
 *   zstd-stream ::= (zstd-frame | skippable-frame)+        (RFC 8878 §3.1)
 *
 * Each push calls ZSTD_decompressStream until it has taken every input byte
 * and has no more output to give (a full output buffer may leave some inside
 * an unfinished frame), so nothing is held back at the end; a stream that
 * ends while a frame is unfinished (the last result was not 0) is truncated.
 * Frames declaring a window above 128 MiB are refused before the decoder
 * sees them (zstd-window-guard.ts). The decoder's memory is its own
 * instance's, let go at `end` or at the first error.
 */
import { InflateError } from './errors';
import { instantiateZstd, loadZstdModule, zstdErrorCode, zstdErrorText, type ZstdExports } from './zstd-wasm';
import { ZstdWindowGuard } from './zstd-window-guard';

/** Decoded bytes handed over per decoder call, at most. */
const OUTPUT_BYTES = 256 * 1024;
/** ZSTD_inBuffer and ZSTD_outBuffer: { pointer, size_t size, size_t pos }, 4 bytes each on wasm32. */
const BUFFER_STRUCT_BYTES = 12;

/** What a released decoder's views point at: nothing, so they hold no memory. */
const NO_MEMORY = new ArrayBuffer(0);

/** Push-style zstd decoder: `push` compressed chunks in order, then `end`. */
export class ZstdInflater {
  private readonly guard = new ZstdWindowGuard();
  private zstd: ZstdExports | undefined;
  private heap: Uint8Array;
  private view: DataView;
  private readonly dctx: number;
  private readonly inStruct: number;
  private readonly outStruct: number;
  private readonly output: number;
  private input = 0;
  private inputCapacity = 0;
  /** The decoder's last result: 0 only between frames. */
  private lastResult = 0;
  /** Compressed bytes pushed so far. */
  private consumed = 0;
  private ended = false;

  /** A decoder whose `onData` receives each decoded piece (at most 256 KiB), a fresh array; the module is compiled on first use. */
  static async create(onData: (chunk: Uint8Array) => void): Promise<ZstdInflater> {
    return new ZstdInflater(onData, await loadZstdModule());
  }

  private constructor(
    private readonly onData: (chunk: Uint8Array) => void,
    module: WebAssembly.Module,
  ) {
    const zstd = (this.zstd = instantiateZstd(module));
    this.dctx = zstd.ZSTD_createDCtx();
    this.inStruct = zstd.malloc(BUFFER_STRUCT_BYTES);
    this.outStruct = zstd.malloc(BUFFER_STRUCT_BYTES);
    this.output = zstd.malloc(OUTPUT_BYTES);
    if (!this.dctx || !this.inStruct || !this.outStruct || !this.output) throw new InflateError('zstd', 0, 'out of memory for the zstd decoder');
    this.heap = new Uint8Array(zstd.memory.buffer);
    this.view = new DataView(zstd.memory.buffer);
  }

  /** Decodes one chunk of compressed bytes, keeping no reference to it; throws InflateError on corrupt data. */
  push(chunk: Uint8Array): void {
    if (this.ended) throw new InflateError('zstd', this.consumed, 'zstd data pushed after the end of the stream');
    if (chunk.byteLength === 0) return;
    const start = this.consumed;
    this.consumed += chunk.byteLength;
    try {
      this.guard.push(chunk);
      this.decode(chunk, start);
    } catch (err) {
      this.release();
      throw err;
    }
  }

  /** Throws InflateError if the stream stopped inside a frame. */
  end(): void {
    if (this.ended) return;
    try {
      if (this.consumed === 0) throw new InflateError('zstd', 0, 'zstd stream truncated after 0 bytes');
      if (this.lastResult !== 0) {
        throw new InflateError('zstd', this.consumed, `zstd stream truncated after ${this.consumed} bytes`);
      }
    } finally {
      this.release();
    }
  }

  private decode(chunk: Uint8Array, chunkStart: number): void {
    const zstd = this.zstd!;
    const size = chunk.byteLength;
    if (size > this.inputCapacity) {
      if (this.input) zstd.free(this.input);
      this.input = zstd.malloc(size);
      this.inputCapacity = this.input ? size : 0;
      if (!this.input) throw new InflateError('zstd', chunkStart, 'out of memory for the zstd decoder');
      this.refreshViews();
    }
    this.heap.set(chunk, this.input);
    this.setBuffer(this.inStruct, this.input, size);
    for (;;) {
      this.setBuffer(this.outStruct, this.output, OUTPUT_BYTES);
      const result = zstd.ZSTD_decompressStream(this.dctx, this.outStruct, this.inStruct);
      this.refreshViews();
      const code = zstdErrorCode(result);
      if (code !== 0) {
        const where = size <= 1 ? `compressed byte ${chunkStart}` : `compressed bytes ${chunkStart}-${chunkStart + size - 1}`;
        throw new InflateError('zstd', chunkStart, `corrupt zstd in ${where}: ${zstdErrorText(code)}`);
      }
      this.lastResult = result;
      const produced = this.view.getUint32(this.outStruct + 8, true);
      if (produced > 0) this.onData(this.heap.slice(this.output, this.output + produced));
      const inputLeft = this.view.getUint32(this.inStruct + 8, true) < size;
      // Until a frame is done (0), a full output buffer may mean more waits inside the decoder, with every input byte taken.
      if (!inputLeft && (result === 0 || produced < OUTPUT_BYTES)) return;
    }
  }

  private setBuffer(struct: number, pointer: number, size: number): void {
    this.view.setUint32(struct, pointer, true);
    this.view.setUint32(struct + 4, size, true);
    this.view.setUint32(struct + 8, 0, true);
  }

  /** Views of the decoder's memory; growing it replaces the buffer. */
  private refreshViews(): void {
    const buffer = this.zstd!.memory.buffer;
    if (this.heap.buffer !== buffer) {
      this.heap = new Uint8Array(buffer);
      this.view = new DataView(buffer);
    }
  }

  /** Lets the instance, and with it the decoder's window, be collected. */
  private release(): void {
    this.ended = true;
    this.zstd = undefined;
    this.heap = new Uint8Array(NO_MEMORY);
    this.view = new DataView(NO_MEMORY);
  }
}
