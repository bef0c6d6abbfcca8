/**
 * Joins small chunks into chunks of at least `minBytes`, each in a fresh
 * buffer the reader owns (the stream's one copy), so a hop that costs a
 * message per chunk (a MessagePort to the download service worker) costs
 * one per `minBytes`. A flattened rootfs of small files is mostly 512-byte
 * headers and small contents: 7.4 MiB took thousands of messages before.
 *
 * A part-filled chunk waits at most `maxDelayMs` for more: a source that
 * stalls (a layer still downloading) must not hold back what it already gave,
 * least of all the first bytes, which start the browser's download.
 */

/** A TransformStream whose output chunks are at least `minBytes` (except the last, or one the source stalled before filling) and never share a buffer with the input. */
export function coalesceChunks(minBytes: number, maxDelayMs = 50): TransformStream<Uint8Array, Uint8Array> {
  let batch: Uint8Array | undefined;
  let filled = 0;
  // One timer while bytes flow, not one per chunk: it looks at when the last input came, and waits again if recently.
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastInput = 0;
  const emit = (controller: TransformStreamDefaultController<Uint8Array>) => {
    if (!batch || filled === 0) return;
    controller.enqueue(filled === batch.byteLength ? batch : batch.slice(0, filled));
    batch = undefined;
    filled = 0;
  };
  const watch = (controller: TransformStreamDefaultController<Uint8Array>, wait: number) => {
    timer = setTimeout(() => {
      timer = undefined;
      if (filled === 0) return;
      const quiet = Date.now() - lastInput;
      if (quiet < maxDelayMs) return watch(controller, maxDelayMs - quiet);
      try {
        emit(controller);
      } catch {
        // The reader cancelled meanwhile: nothing to hand over.
      }
    }, wait);
  };
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      if (chunk.byteLength === 0) return;
      lastInput = Date.now();
      if (chunk.byteLength >= minBytes) {
        // Large enough alone: keep the order, copy it as it is.
        emit(controller);
        controller.enqueue(chunk.slice());
        return;
      }
      let at = 0;
      while (at < chunk.byteLength) {
        batch ??= new Uint8Array(minBytes);
        const take = Math.min(chunk.byteLength - at, minBytes - filled);
        batch.set(chunk.subarray(at, at + take), filled);
        filled += take;
        at += take;
        if (filled === minBytes) emit(controller);
      }
      if (filled > 0 && timer === undefined) watch(controller, maxDelayMs);
    },
    flush(controller) {
      clearTimeout(timer);
      timer = undefined;
      emit(controller);
    },
  });
}
