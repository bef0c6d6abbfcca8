/**
 * The layer worker's entry point, the only file that touches worker globals.
 * The page creates it with
 *   new Worker(new URL('…/lib/pipeline/layer-worker.ts', import.meta.url), { type: 'module' })
 * and talks to it through LayerWorkerPool. Blobs are cached in the
 * origin-private file system when the browser has one, else in memory.
 */
import type { BlobStore } from './blob-store';
import { FallbackBlobStore } from './fallback-blob-store';
import { MemoryBlobStore } from './memory-blob-store';
import type { WorkerRequest } from './messages';
import { OpfsBlobStore } from './opfs-blob-store';
import { LayerWorkerHandler } from './worker-handler';

declare const self: DedicatedWorkerGlobalScope;

function chooseStore(): BlobStore {
  // Some private browsing modes have no OPFS; a pull there still works, uncached across reloads.
  if (typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function') {
    return new FallbackBlobStore(new OpfsBlobStore(), new MemoryBlobStore());
  }
  return new MemoryBlobStore();
}

const handler = new LayerWorkerHandler((message, transfer) => self.postMessage(message, transfer ?? []), { store: chooseStore() });

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  void handler.handle(event.data);
};
