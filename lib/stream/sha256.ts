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

/** A running sha256 that gives its raw 32 bytes. */
export interface RawSha256 {
  update(bytes: Uint8Array): void;
  /** The 32-byte digest; the hash is done after. */
  digest(): Uint8Array;
}

/**
 * One WebAssembly instance hashing stream after stream, for a thread whose
 * only work is hashing (hash-worker.ts): `start` begins the next hash at
 * once, where `createSha256` must wait for an instance.
 */
export async function createSha256Engine(): Promise<{ start(): RawSha256 }> {
  const hasher = await createSHA256();
  return {
    start() {
      hasher.init();
      return {
        update: (bytes) => void hasher.update(bytes),
        digest: () => hasher.digest('binary'),
      };
    },
  };
}
