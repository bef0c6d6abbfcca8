/**
 * A BlobStore that uses its primary store when that one works at all and
 * its fallback otherwise: some private browsing modes expose the
 * origin-private file system API but refuse to open it, and a pull there
 * must still work (cached in memory, for the worker's life).
 */
import type { BlobStore } from './blob-store';

/** The primary store, unless its first use fails; then the fallback, for good. */
export class FallbackBlobStore implements BlobStore {
  private chosen: Promise<BlobStore> | undefined;

  constructor(
    private readonly primary: BlobStore,
    private readonly fallback: BlobStore,
  ) {}

  async has(digest: string): Promise<boolean> {
    return (await this.store()).has(digest);
  }

  async open(digest: string) {
    return (await this.store()).open(digest);
  }

  async writer(digest: string) {
    return (await this.store()).writer(digest);
  }

  async delete(digest: string) {
    return (await this.store()).delete(digest);
  }

  private store(): Promise<BlobStore> {
    this.chosen ??= this.primary.has(`sha256:${'0'.repeat(64)}`).then(
      () => this.primary,
      () => this.fallback,
    );
    return this.chosen;
  }
}
