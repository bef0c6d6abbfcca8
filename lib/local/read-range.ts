/**
 * Random access into a Blob or File: `blob.slice()` reads only the bytes
 * asked for, so a multi-GiB archive is never read whole into memory.
 */

/** The bytes [start, end) of a blob (fewer when it ends sooner). */
export async function readRange(blob: Blob, start: number, end: number): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(start, end).arrayBuffer());
}

/**
 * Reads a blob through a read-ahead window: many small reads close together
 * (tar headers, a zip's central directory) cost one slice each window.
 */
export class WindowedReader {
  private windowStart = 0;
  private window: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly blob: Blob,
    private readonly windowSize = 64 * 1024,
  ) {}

  /** Size of the blob. */
  get size(): number {
    return this.blob.size;
  }

  /** The bytes [start, start + length), fewer at the blob's end; a view valid until the next read. */
  async read(start: number, length: number): Promise<Uint8Array> {
    const end = start + length;
    if (start < this.windowStart || end > this.windowStart + this.window.length) {
      if (length > this.windowSize) return readRange(this.blob, start, end);
      this.windowStart = start;
      this.window = await readRange(this.blob, start, start + this.windowSize);
    }
    return this.window.subarray(start - this.windowStart, Math.min(end - this.windowStart, this.window.length));
  }
}
