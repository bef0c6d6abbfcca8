// A real Zip64 archive: one entry of 4 GiB + 1000 bytes streamed through
// zipStream (about 15 s: client-zip computes the CRC-32 of every byte), only
// its tail kept, and the Zip64 records parsed by hand (APPNOTE 6.3.x):
// 8-byte sizes in the data descriptor (4.3.9) and in the central header's
// Zip64 extra field (4.5.3), the Zip64 end record and locator (4.3.14-15),
// and 0xFFFFFFFF in the fields they stand in for.
import { describe, expect, it } from 'vitest';
import { zipLength, zipStream } from '@/lib/archive/zip';

const SIZE = 2 ** 32 + 1000;
const NAME = 'big';
const MAX32 = 0xffffffff;

/** SIZE zero bytes in 1 MiB chunks, never held at once. */
function zeros(): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(1 << 20);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      const n = Math.min(chunk.length, SIZE - sent);
      if (n === 0) return controller.close();
      sent += n;
      controller.enqueue(n === chunk.length ? chunk : chunk.subarray(0, n));
    },
  });
}

describe('zip writer past 4 GiB', () => {
  it('writes Zip64 records that locate and size the entry', { timeout: 180_000 }, async () => {
    const reader = zipStream([{ path: NAME, size: SIZE, stream: zeros }]).getReader();
    let total = 0;
    let tail = new Uint8Array(0);
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      total += value.length;
      const joined = new Uint8Array(tail.length + value.length);
      joined.set(tail);
      joined.set(value, tail.length);
      tail = joined.subarray(Math.max(0, joined.length - 4096)).slice();
    }
    expect(total).toBe(zipLength([{ path: NAME, size: SIZE }]));
    const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
    const at = (absolute: number) => absolute - (total - tail.length);
    const u32 = (absolute: number) => view.getUint32(at(absolute), true);
    const u64 = (absolute: number) => Number(view.getBigUint64(at(absolute), true));
    const u16 = (absolute: number) => view.getUint16(at(absolute), true);

    const eocd = total - 22;
    expect(u32(eocd).toString(16), 'end of central directory signature').toBe('6054b50');
    expect(u32(eocd + 16), 'central directory offset deferred to Zip64').toBe(MAX32);
    const locator = eocd - 20;
    expect(u32(locator).toString(16), 'Zip64 locator signature').toBe('7064b50');
    const zip64End = u64(locator + 8);
    expect(u32(zip64End).toString(16), 'Zip64 end record signature').toBe('6064b50');
    expect(u64(zip64End + 32), 'entries').toBe(1);
    const cdOffset = u64(zip64End + 48);
    // Local header 30 + name, the data, then a 24-byte Zip64 data descriptor.
    expect(cdOffset).toBe(30 + NAME.length + SIZE + 24);

    const descriptor = cdOffset - 24;
    expect(u32(descriptor).toString(16), 'data descriptor signature').toBe('8074b50');
    expect([u64(descriptor + 8), u64(descriptor + 16)], 'Zip64 data descriptor sizes').toEqual([SIZE, SIZE]);

    expect(u32(cdOffset).toString(16), 'central header signature').toBe('2014b50');
    expect([u32(cdOffset + 20), u32(cdOffset + 24)], 'sizes deferred to Zip64').toEqual([MAX32, MAX32]);
    const extra = cdOffset + 46 + u16(cdOffset + 28);
    expect(u16(extra), 'Zip64 extra field id').toBe(0x0001);
    expect([u64(extra + 4), u64(extra + 12)], 'Zip64 extra sizes').toEqual([SIZE, SIZE]);
  });
});
