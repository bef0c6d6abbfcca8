import { concat } from '../stream/stream-helpers';

/** Sources and waits for the download-port tests: deterministic chunks, counted reads, and event-loop turns instead of clocks. */

/** Chunk `i` of a test source: `size` bytes, each `(i + j) % 251`. */
export function chunk(i: number, size = 100 + i * 7): Uint8Array {
  return Uint8Array.from({ length: size }, (_, j) => (i + j) % 251);
}

/** A source that counts its reads (its high-water mark is 0, so a read is a pull) and records its cancel reason. */
export function countingSource(options: { chunks?: number; failAfter?: number; hangAfter?: number }) {
  let reads = 0;
  let cancelReason: { reason: unknown } | undefined;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const i = reads++;
        if (options.failAfter !== undefined && i === options.failAfter) throw new Error('upstream closed the connection');
        if (options.hangAfter !== undefined && i >= options.hangAfter) return new Promise<void>(() => undefined);
        if (options.chunks !== undefined && i >= options.chunks) controller.close();
        else controller.enqueue(chunk(i));
      },
      cancel(reason) {
        cancelReason = { reason };
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, reads: () => reads, cancelled: () => cancelReason };
}

/** Lets queued messages and promise jobs run: `turns` rounds of the event loop. */
export async function turns(count = 50): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Runs the event loop until `condition` holds; fails after many rounds. */
export async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 5_000; i++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`never happened: ${what}`);
}

/** Every byte of a stream, concatenated. */
export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The concatenation of chunks 0..n-1. */
export function expectedBytes(n: number): Uint8Array {
  return concat(Array.from({ length: n }, (_, i) => chunk(i)));
}
