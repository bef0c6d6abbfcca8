/** Reading a proxied body to its end or its error, as a browser would, counting what came. */

/** Reads a body to its end or its error, counting bytes. */
export async function drain(body: ReadableStream<Uint8Array> | null): Promise<{ bytes: number; error?: unknown }> {
  const reader = body!.getReader();
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes };
      bytes += value.byteLength;
    }
  } catch (error) {
    return { bytes, error };
  }
}
