/**
 * Reads the frame and block headers of a Zstandard stream, without decoding
 * anything, to refuse a frame whose window is larger than we will allocate
 * before the decoder sees it (RFC 8878 §3.1.1):
 *
 *   stream          ::= (frame | skippable-frame)+
 *   frame           ::= magic(28 b5 2f fd) header block+ checksum?
 *   header          ::= descriptor window-descriptor? dictionary-id? content-size?
 *   block           ::= block-header(3 bytes LE: last:1 type:2 size:21) content
 *                       (content: `size` bytes; 1 byte when type is RLE)
 *   skippable-frame ::= magic(5? 2a 4d 18) size(4 bytes LE) data
 *   window size     ::= content-size when single-segment, else
 *                       2^(10 + exponent) * (1 + mantissa / 8)   (§3.1.1.1.2)
 *
 * A decoder allocates the window a frame declares before it decodes a byte,
 * so a frame of a few bytes that declares a 1 GiB window could cost 1 GiB of
 * memory. The reference decoder, ours too (zstd-inflater.ts), refuses
 * windows above 128 MiB unless told otherwise (`zstd -d`: "Window size larger
 * than maximum", ZSTD_WINDOWLOG_LIMIT_DEFAULT = 27), with a bare error code;
 * this scan refuses them first, saying which frame declared what. Bytes that
 * do not follow the grammar are left for the decoder to reject.
 */
import { InflateError } from './errors';

/** The largest window a zstd frame may declare: the reference decoder's default limit. */
export const MAX_ZSTD_WINDOW = 2 ** 27;

type State = 'magic' | 'descriptor' | 'header' | 'block-header' | 'skip' | 'skippable-size' | 'unknown';

/** Push-style scanner: throws InflateError when a frame declares a window above `MAX_ZSTD_WINDOW`. */
export class ZstdWindowGuard {
  private state: State = 'magic';
  /** Bytes of the field being collected. */
  private readonly field = new Uint8Array(14);
  private fill = 0;
  private need = 4;
  private skip = 0;
  private afterSkip: State = 'magic';
  private descriptor = 0;
  private frameStart = 0;
  /** Offset in the compressed stream of the next byte. */
  private offset = 0;

  /** Scans the next chunk of the stream. */
  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length && this.state !== 'unknown') {
      if (this.state === 'skip') {
        const take = Math.min(this.skip, chunk.length - i);
        i += take;
        this.offset += take;
        this.skip -= take;
        if (this.skip === 0) this.state = this.afterSkip;
        continue;
      }
      const take = Math.min(this.need - this.fill, chunk.length - i);
      this.field.set(chunk.subarray(i, i + take), this.fill);
      this.fill += take;
      i += take;
      this.offset += take;
      if (this.fill === this.need) this.fieldComplete();
    }
  }

  private fieldComplete(): void {
    const f = this.field;
    const n = this.need;
    this.fill = 0;
    switch (this.state) {
      case 'magic':
        this.frameStart = this.offset - 4;
        if (f[0] === 0x28 && f[1] === 0xb5 && f[2] === 0x2f && f[3] === 0xfd) return this.expect('descriptor', 1);
        if ((f[0] & 0xf0) === 0x50 && f[1] === 0x2a && f[2] === 0x4d && f[3] === 0x18) return this.expect('skippable-size', 4);
        this.state = 'unknown';
        return;
      case 'descriptor': {
        const d = (this.descriptor = f[0]);
        const single = (d >> 5) & 1;
        const dictionaryBytes = [0, 1, 2, 4][d & 3];
        const contentSizeBytes = [single, 2, 4, 8][d >> 6];
        return this.expect('header', (single ? 0 : 1) + dictionaryBytes + contentSizeBytes);
      }
      case 'header': {
        const d = this.descriptor;
        const single = (d >> 5) & 1;
        const contentSizeBytes = [single, 2, 4, 8][d >> 6];
        if (single) {
          let size = 0;
          for (let k = n - 1; k >= n - contentSizeBytes; k--) size = size * 256 + f[k];
          return this.checkWindow(contentSizeBytes === 2 ? size + 256 : size);
        }
        const exponent = f[0] >> 3;
        const base = 2 ** (10 + exponent);
        return this.checkWindow(base + (base / 8) * (f[0] & 7));
      }
      case 'block-header': {
        const header = f[0] | (f[1] << 8) | (f[2] << 16);
        const last = header & 1;
        const type = (header >> 1) & 3;
        if (type === 3) {
          this.state = 'unknown';
          return;
        }
        const checksum = (this.descriptor >> 2) & 1;
        const next: State = last ? 'magic' : 'block-header';
        const contentBytes = type === 1 ? 1 : header >>> 3;
        this.skip = contentBytes + (last && checksum ? 4 : 0);
        this.afterSkip = next;
        this.need = next === 'magic' ? 4 : 3;
        this.state = this.skip > 0 ? 'skip' : next;
        return;
      }
      case 'skippable-size':
        this.skip = f[0] + f[1] * 2 ** 8 + f[2] * 2 ** 16 + f[3] * 2 ** 24;
        this.afterSkip = 'magic';
        this.need = 4;
        this.state = this.skip > 0 ? 'skip' : 'magic';
        return;
    }
  }

  private expect(state: State, bytes: number): void {
    this.state = state;
    this.need = bytes;
  }

  private checkWindow(window: number): void {
    if (window > MAX_ZSTD_WINDOW) {
      throw new InflateError(
        'zstd',
        this.frameStart,
        `zstd frame at compressed byte ${this.frameStart} needs a ${window}-byte window, more than the ${MAX_ZSTD_WINDOW} bytes allowed (as "zstd -d" refuses it)`,
      );
    }
    this.expect('block-header', 3);
  }
}
