/**
 * Digests by Node's crypto for the proxy's checks: OpenSSL uses the CPU's
 * SHA instructions, several times faster than the WebAssembly hashes the
 * browser's code runs (lib/stream/incremental-digest.ts), and the proxy
 * hashes every blob it lets caches keep.
 */
import { createHash } from 'node:crypto';
import type { VerifiableAlgorithm } from '@/lib/digest';
import type { IncrementalDigest } from '@/lib/stream/incremental-digest';

/** Starts a new running digest in `algorithm` (the IncrementalDigest of lib/stream). */
export function createNodeDigest(algorithm: VerifiableAlgorithm = 'sha256'): IncrementalDigest {
  const hash = createHash(algorithm);
  return {
    update(chunk) {
      hash.update(chunk);
    },
    digest() {
      return `${algorithm}:${hash.digest('hex')}`;
    },
  };
}
