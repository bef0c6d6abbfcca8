/** Reads a response body into memory, refusing more than `limit` bytes without reading past it. */
import { PullscopeError } from '../errors';
import { concatBytes } from '../stream/concat-bytes';

/** A document larger than we are willing to hold in memory. */
export class TooLargeError extends PullscopeError {
  constructor(subject: string, limit: number) {
    super('DOCUMENT_TOO_LARGE', `${subject} is larger than ${limit} bytes and was refused`, {
      suggestion: 'Manifests and configs are small JSON documents; a registry sending more is misbehaving.',
      status: 502,
    });
  }
}

/** The whole body as bytes, or TooLargeError once it passes `limit`. */
export async function readLimited(body: ReadableStream<Uint8Array> | null, limit: number, subject: string): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new TooLargeError(subject, limit);
    }
    chunks.push(value);
  }
  return concatBytes(chunks, total);
}
