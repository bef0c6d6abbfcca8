/**
 * Web Streams plumbing shared by the archive writers: a pull-driven
 * ReadableStream over an async generator (so nothing is produced before the
 * consumer asks, and cancelling the stream runs the generator's `finally`
 * blocks, which close whatever source it was reading), and a reader of any
 * byte source as an async iterable.
 */

/** Anything the writers accept as bytes: a stream, an async iterable of chunks, or the bytes themselves. */
export type ByteSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Uint8Array;

/** A ReadableStream that pulls one chunk from `generator` per read; cancel calls `generator.return()`. */
export function streamFromGenerator(generator: AsyncGenerator<Uint8Array, void, undefined>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await generator.next();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        } catch (error) {
          controller.error(error);
        }
      },
      async cancel() {
        await generator.return(undefined);
      },
    },
    // One chunk ahead: a download stays bounded to what the sink holds.
    { highWaterMark: 1 },
  );
}

/** The chunks of a byte source; a stream is released (cancelled) if the loop stops early. */
export async function* chunksOf(source: ByteSource): AsyncGenerator<Uint8Array, void, undefined> {
  if (source instanceof Uint8Array) {
    if (source.length > 0) yield source;
    return;
  }
  if (source instanceof ReadableStream) {
    const reader = source.getReader();
    let done = false;
    try {
      for (;;) {
        const next = await reader.read();
        if (next.done) {
          done = true;
          return;
        }
        yield next.value;
      }
    } finally {
      if (!done) await reader.cancel().catch(() => undefined);
      reader.releaseLock();
    }
  }
  yield* source;
}
