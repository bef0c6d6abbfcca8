/**
 * A pass-through that refuses to carry more than a number of bytes: the
 * proxy streams documents it must never hold past a size (manifests), even
 * when the upstream sends no Content-Length or a false one.
 */

/** Passes chunks through until `limit` bytes have gone by, then errors with `tooLarge()` (which cancels the source). */
export function byteLimit(limit: number, tooLarge: () => Error): TransformStream<Uint8Array, Uint8Array> {
  let seen = 0;
  return new TransformStream({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > limit) {
        controller.error(tooLarge());
        return;
      }
      controller.enqueue(chunk);
    },
  });
}
