/**
 * A DecompressionStream('gzip') that behaves as browsers' do (Compression
 * Standard): one member only; the output of that member first, then a
 * TypeError for any byte after it. Node's own decoder reads every member, so
 * tests of the refusal path install this one with vi.stubGlobal.
 */
import { inflateRawSync } from 'node:zlib';
import { concat } from '../stream/stream-helpers';

const GZIP_HEADER = 10; // `gzip -n`: no optional fields (RFC 1952 §2.3)

/** Buffers its input (tests are small) and decodes it on flush; `created` counts instances. */
export class BrowserLikeDecompressionStream extends TransformStream<Uint8Array, Uint8Array> {
  static created = 0;
  constructor(format: string) {
    if (format !== 'gzip') throw new TypeError(`unsupported format ${format}`);
    BrowserLikeDecompressionStream.created++;
    const parts: Uint8Array[] = [];
    super({
      transform(chunk) {
        parts.push(chunk.slice());
      },
      flush(controller) {
        const input = concat(parts);
        let first: { buffer: Buffer; engine: { bytesWritten: number } };
        try {
          first = inflateRawSync(input.subarray(GZIP_HEADER), { info: true }) as unknown as typeof first;
        } catch {
          throw new TypeError('The compressed data was not valid.');
        }
        for (let at = 0; at < first.buffer.length; at += 64 * 1024) controller.enqueue(new Uint8Array(first.buffer.subarray(at, at + 64 * 1024)));
        const memberEnd = GZIP_HEADER + first.engine.bytesWritten + 8;
        if (memberEnd < input.length) throw new TypeError('Junk found after end of compressed data.');
        if (memberEnd > input.length) throw new TypeError('The compressed data was not valid.');
      },
    });
  }
}
