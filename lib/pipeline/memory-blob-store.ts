/**
 * A BlobStore in memory: for tests, and as the fallback where the browser
 * offers no origin-private file system (some private browsing modes).
 */
import type { BlobStore, BlobWriter } from './blob-store';
import { UnexpectedError } from '../errors';

/** Keeps committed blobs as lists of chunks. */
export class MemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, Uint8Array[]>();

  async has(digest: string): Promise<boolean> {
    return this.blobs.has(digest);
  }

  async open(digest: string): Promise<ReadableStream<Uint8Array> | undefined> {
    const parts = this.blobs.get(digest);
    if (!parts) return undefined;
    let i = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        // A copy per read: a reader may transfer or modify what it gets.
        if (i < parts.length) controller.enqueue(parts[i++].slice());
        else controller.close();
      },
    });
  }

  async writer(digest: string): Promise<BlobWriter> {
    let parts: Uint8Array[] | undefined = [];
    let state: 'open' | 'committed' | 'aborted' = 'open';
    return {
      write: async (chunk) => {
        if (state !== 'open') throw new UnexpectedError(`blob writer for ${digest} used after ${state}`);
        // Copy: the caller's chunk may be transferred to another thread after this.
        parts!.push(chunk.slice());
      },
      commit: async () => {
        if (state !== 'open') throw new UnexpectedError(`blob writer for ${digest} committed after ${state}`);
        state = 'committed';
        this.blobs.set(digest, parts!);
        parts = undefined;
      },
      abort: async () => {
        if (state === 'open') state = 'aborted';
        parts = undefined;
      },
    };
  }

  async delete(digest: string): Promise<void> {
    this.blobs.delete(digest);
  }

  /** Digests currently stored (for tests and diagnostics). */
  digests(): string[] {
    return [...this.blobs.keys()];
  }
}
