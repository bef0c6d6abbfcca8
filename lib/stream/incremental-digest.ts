/**
 * Incremental digests in either algorithm the image-spec registers
 * (descriptor.md#registered-algorithms): sha256, which every registry uses,
 * and sha512. Web Crypto's `digest` is one-shot, so a stream is hashed by
 * hash-wasm's WebAssembly hashers, which run in the browser, a worker and
 * Node alike.
 */
import { createSHA256, createSHA512 } from 'hash-wasm';
import { verifiableAlgorithm, type VerifiableAlgorithm } from '../digest';
import { UnverifiableDigestError } from './errors';
import type { Sha256 } from './sha256';

/** A running digest: feed chunks in order, then read `<algorithm>:<hex>` once. */
export type IncrementalDigest = Sha256;

/** Starts a running digest in `algorithm`. */
export async function createDigest(algorithm: VerifiableAlgorithm): Promise<IncrementalDigest> {
  const hasher = algorithm === 'sha512' ? await createSHA512() : await createSHA256();
  return {
    update(chunk) {
      hasher.update(chunk);
    },
    digest() {
      return `${algorithm}:${hasher.digest('hex')}`;
    },
  };
}

/** The algorithm to verify `digest` with; throws UnverifiableDigestError for any other than sha256 and sha512. */
export function algorithmToVerify(subject: string, digest: string): VerifiableAlgorithm {
  const algorithm = verifiableAlgorithm(digest);
  if (algorithm === undefined) throw new UnverifiableDigestError(subject, digest);
  return algorithm;
}
