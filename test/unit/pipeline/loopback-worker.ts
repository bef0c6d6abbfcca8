/**
 * A LayerWorkerPool joined to LayerWorkerHandlers by a fake Worker that
 * structured-clones every message with its transfer list, as a real worker
 * boundary does; blobs come from a fake proxy fetch and a MemoryBlobStore.
 */
import { HashRingReader, type RingWait } from '@/lib/pipeline/hash-ring';
import type { HashWorkerLike, WorkerLike } from '@/lib/pipeline/layer-worker-pool';
import { LayerWorkerPool } from '@/lib/pipeline/layer-worker-pool';
import type { HashWorkerStart, WorkerRequest, WorkerResponse } from '@/lib/pipeline/messages';
import { MemoryBlobStore } from '@/lib/pipeline/memory-blob-store';
import { LayerWorkerHandler } from '@/lib/pipeline/worker-handler';
import { chunks, sourceOf } from '../stream/stream-helpers';
import { nodeRawSha256 } from './ring-helpers';

/** A proxy that serves blobs by digest and remembers the requests. */
export function fakeProxy(blobs: Map<string, Uint8Array>) {
  const requests: Request[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    requests.push(request);
    const digest = new URL(request.url).pathname.split('/blobs/')[1];
    const blob = blobs.get(digest);
    if (!blob) return new Response(JSON.stringify({ error: { code: 'BLOB_UNKNOWN', message: 'no', suggestion: '' } }), { status: 404 });
    return new Response(sourceOf(chunks(blob, 8192)), { headers: { 'content-type': 'application/octet-stream' } });
  };
  return { fetch, requests };
}

/** A Worker stand-in running a LayerWorkerHandler in this thread, cloning messages both ways. */
export class LoopbackWorker implements WorkerLike {
  readonly received: WorkerRequest[] = [];
  readonly sent: WorkerResponse[] = [];
  private listeners = new Map<string, Array<(event: any) => void>>();
  private handler: LayerWorkerHandler;
  terminated = false;

  constructor(deps: ConstructorParameters<typeof LayerWorkerHandler>[1], ringWait?: RingWait) {
    this.handler = new LayerWorkerHandler(
      (message, transfer) => {
        const data = structuredClone(message, { transfer: transfer ?? [] });
        this.sent.push(data);
        setTimeout(() => this.dispatch('message', { data }), 0);
      },
      deps,
      undefined,
      ringWait,
    );
  }

  postMessage(message: WorkerRequest, transfer: Transferable[]): void {
    const data = structuredClone(message, { transfer: transfer as ArrayBuffer[] });
    this.received.push(data);
    setTimeout(() => void this.handler.handle(data), 0);
  }

  addEventListener(type: string, listener: (event: any) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  terminate(): void {
    this.terminated = true;
  }

  dispatch(type: string, event: unknown): void {
    for (const l of this.listeners.get(type) ?? []) l(event);
  }
}

/** The live hash workers' readers, so a loopback layer worker's waits can run them. */
const readers = new Set<HashRingReader>();

/**
 * Runs the readers where a writer would block (both sides in this thread).
 * Cloning a message gives its SharedArrayBuffer a new identity over the same
 * memory, so the writer's ring is not looked up: every reader steps.
 */
const stepReaders: RingWait = () => {
  let progressed = false;
  for (const reader of readers) progressed = reader.step() || progressed;
  if (!progressed) throw new Error('no hash ring reader has work to do: a real worker would block here');
};

/** A hash worker stand-in: its ring's reader runs when the layer worker waits. */
export class LoopbackHashWorker implements HashWorkerLike {
  readonly received: HashWorkerStart[] = [];
  terminated = false;
  private reader: HashRingReader | undefined;
  private listeners = new Map<string, Array<(event: any) => void>>();

  postMessage(message: HashWorkerStart): void {
    this.received.push(message);
    this.reader = new HashRingReader(message.memory, nodeRawSha256);
    readers.add(this.reader);
  }

  addEventListener(type: string, listener: (event: any) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  terminate(): void {
    this.terminated = true;
    if (this.reader) readers.delete(this.reader);
  }

  dispatch(type: string, event: unknown): void {
    for (const l of this.listeners.get(type) ?? []) l(event);
  }
}

/** A pool of two loopback workers over one store and one fake proxy serving `blobs`; with `hashWorkers`, each has a hash worker. */
export function loopbackPool(blobs: Map<string, Uint8Array>, options: { hashWorkers?: boolean } = {}) {
  const store = new MemoryBlobStore();
  const proxy = fakeProxy(blobs);
  const workers: LoopbackWorker[] = [];
  const hashWorkers: LoopbackHashWorker[] = [];
  const pool = new LayerWorkerPool({
    createWorker: () => {
      const w = new LoopbackWorker({ store, fetch: proxy.fetch }, stepReaders);
      workers.push(w);
      return w;
    },
    createHashWorker: options.hashWorkers
      ? () => {
          const h = new LoopbackHashWorker();
          hashWorkers.push(h);
          return h;
        }
      : undefined,
    size: 2,
  });
  return { store, proxy, workers, hashWorkers, pool };
}
