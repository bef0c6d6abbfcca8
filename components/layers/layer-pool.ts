'use client';

import { LayerWorkerPool } from '@/lib/pipeline/layer-worker-pool';
import { FallbackBlobStore } from '@/lib/pipeline/fallback-blob-store';
import { MemoryBlobStore } from '@/lib/pipeline/memory-blob-store';
import { OpfsBlobStore } from '@/lib/pipeline/opfs-blob-store';
import type { BlobStore } from '@/lib/pipeline/blob-store';

let pool: LayerWorkerPool | undefined;
let store: BlobStore | undefined;

/** The tab's layer workers (3, Docker's default concurrency), started on first use. */
export function layerPool(): LayerWorkerPool {
  pool ??= new LayerWorkerPool({
    createWorker: () => new Worker(new URL('../../lib/pipeline/layer-worker.ts', import.meta.url), { type: 'module' }),
    size: 3,
  });
  return pool;
}

/** The page's view of the tab's content-addressed blob cache (the workers write it). */
export function blobStore(): BlobStore {
  store ??= new FallbackBlobStore(new OpfsBlobStore(), new MemoryBlobStore());
  return store;
}
