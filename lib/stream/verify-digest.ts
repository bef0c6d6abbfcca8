/**
 * Verifying pass-through streams: the bytes flow on unchanged while they are
 * hashed and counted, and the check happens in `flush` (and, for a declared
 * size, as soon as the count goes past it), so a short, long or wrong stream
 * always ends in an error. Downstream stages see bytes before they are
 * verified: only a stream that closes without error was verified (the same
 * contract as go-containerregistry's verifying reader).
 */
import { DigestMismatchError, type VerifiableAlgorithm } from '../digest';
import type { BytesOrigin } from '../bytes-origin';
import { SizeMismatchError } from './errors';
import { algorithmToVerify, createDigest, type IncrementalDigest } from './incremental-digest';
import { createSha256, type Sha256 } from './sha256';

/** What `verifyDigestStream` checks the bytes against. */
export interface VerifyDigestOptions {
  /** The digest that names the bytes, `sha256:<hex>` or `sha512:<hex>`. */
  want: string;
  /** The bytes in words, for error messages: "layer 2 blob", "layer 2 diff_id". */
  subject: string;
  /** Called after each chunk with the running byte count. */
  onProgress?: (bytes: number) => void;
  /** The descriptor's `size`; more or fewer bytes is an error (OCI image-spec descriptor.md#properties). */
  expectedSize?: number;
  /** Where the bytes come from, which decides the advice of a failure (default: a registry). */
  origin?: BytesOrigin;
  /** How to hash (default: hash-wasm, which runs everywhere; the server passes Node's crypto, several times faster). */
  createHasher?: (algorithm: VerifiableAlgorithm) => IncrementalDigest | Promise<IncrementalDigest>;
}

/** Passes bytes through unchanged; errors on a digest or size mismatch. */
export function verifyDigestStream(options: VerifyDigestOptions): TransformStream<Uint8Array, Uint8Array> {
  const { want, subject, onProgress, expectedSize, origin, createHasher = createDigest } = options;
  const algorithm = algorithmToVerify(subject, want);
  let hasher: IncrementalDigest;
  let bytes = 0;
  return new TransformStream<Uint8Array, Uint8Array>({
    async start() {
      hasher = await createHasher(algorithm);
    },
    transform(chunk, controller) {
      bytes += chunk.byteLength;
      // Fail on the first byte past the declared size: a hostile or broken
      // registry could otherwise stream without end.
      if (expectedSize !== undefined && bytes > expectedSize) {
        throw new SizeMismatchError(subject, expectedSize, bytes, false, origin);
      }
      hasher.update(chunk);
      controller.enqueue(chunk);
      onProgress?.(bytes);
    },
    flush() {
      if (expectedSize !== undefined && bytes !== expectedSize) {
        throw new SizeMismatchError(subject, expectedSize, bytes, true, origin);
      }
      const got = hasher.digest();
      if (got !== want) throw new DigestMismatchError(subject, want, got, bytes, origin);
    },
  });
}

/** The sha256 and length of everything that went through a `digestStream`. */
export interface StreamDigest {
  digest: string;
  bytes: number;
}

/**
 * Passes bytes through unchanged and resolves `result` with their digest when
 * the stream closes (for a diff_id not known in advance). If the stream errors
 * `result` never settles: await it only after the pipeline finished cleanly.
 */
export function digestStream(): { stream: TransformStream<Uint8Array, Uint8Array>; result: Promise<StreamDigest> } {
  let resolve!: (value: StreamDigest) => void;
  const result = new Promise<StreamDigest>((res) => {
    resolve = res;
  });
  let hasher: Sha256;
  let bytes = 0;
  const stream = new TransformStream<Uint8Array, Uint8Array>({
    async start() {
      hasher = await createSha256();
    },
    transform(chunk, controller) {
      bytes += chunk.byteLength;
      hasher.update(chunk);
      controller.enqueue(chunk);
    },
    flush() {
      resolve({ digest: hasher.digest(), bytes });
    },
  });
  return { stream, result };
}
