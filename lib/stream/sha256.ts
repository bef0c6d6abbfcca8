/**
 * Incremental sha256. Web Crypto's `digest` is one-shot and cannot hash a
 * stream of hundreds of megabytes without holding all of it, so layers are
 * hashed by hash-wasm's WebAssembly sha256, which runs in the browser, in a
 * worker and in Node alike.
 */
import { createSHA256 } from 'hash-wasm';

/** A running sha256: feed chunks in order, then read `sha256:<hex>` once. */
export interface Sha256 {
  update(chunk: Uint8Array): void;
  /** `sha256:<64 lowercase hex>` of everything passed to `update`. */
  digest(): string;
}

/** Starts a new incremental sha256. */
export async function createSha256(): Promise<Sha256> {
  const hasher = await createSHA256();
  return {
    update(chunk) {
      hasher.update(chunk);
    },
    digest() {
      return `sha256:${hasher.digest('hex')}`;
    },
  };
}
