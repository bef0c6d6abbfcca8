/**
 * A LayerWorkerPool joined to LayerWorkerHandlers by a fake Worker that
 * structured-clones every message with its transfer list, as a real worker
 * boundary does; blobs come from a fake proxy fetch and a MemoryBlobStore.
 */
import type { WorkerLike } from '@/lib/pipeline/layer-worker-pool';
import { LayerWorkerPool } from '@/lib/pipeline/layer-worker-pool';
import type { WorkerRequest, WorkerResponse } from '@/lib/pipeline/messages';
import { MemoryBlobStore } from '@/lib/pipeline/memory-blob-store';
import { LayerWorkerHandler } from '@/lib/pipeline/worker-handler';
import { TRACE_HEADER, encodeTrace } from '@/lib/registry/proxy-protocol';
import type { TraceEntry } from '@/lib/registry/trace';
import { chunks, sourceOf } from '../stream/stream-helpers';

/** The one upstream exchange the fake proxy reports for a blob request, as the real one does in TRACE_HEADER. */
export function fakeUpstreamExchange(digest: string, status: number): TraceEntry {
  return {
    id: 1,
    method: 'GET',
    url: `https://registry.test/v2/team/app/blobs/${digest}`,
    status,
    startedAt: 0,
    durationMs: 3,
    requestHeaders: {},
    responseHeaders: {},
    kind: 'registry',
  };
}

/**
 * A proxy that serves blobs by digest, reports each upstream exchange in its
 * trace header, and remembers the requests. With `breakAfter`, a blob's body
 * fails as a cut connection does ("network error") after that many bytes.
 */
export function fakeProxy(blobs: Map<string, Uint8Array>, breakAfter?: number) {
  const requests: Request[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    requests.push(request);
    const digest = new URL(request.url).pathname.split('/blobs/')[1];
    const blob = blobs.get(digest);
    const trace = (status: number) => ({ [TRACE_HEADER]: encodeTrace([fakeUpstreamExchange(digest, status)]) });
    if (!blob) return new Response(JSON.stringify({ error: { code: 'BLOB_UNKNOWN', message: 'no', suggestion: '' } }), { status: 404, headers: trace(404) });
    const body = breakAfter === undefined ? sourceOf(chunks(blob, 8192)) : brokenOff(chunks(blob.subarray(0, breakAfter), 8192));
    return new Response(body, { headers: { 'content-type': 'application/octet-stream', ...trace(200) } });
  };
  return { fetch, requests };
}

/** These chunks, then the error a browser's fetch gives for a connection cut mid-body. */
function brokenOff(parts: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    pull(c) {
      if (parts.length > 0) c.enqueue(parts.shift()!);
      else c.error(new TypeError('network error'));
    },
  });
}

/** A Worker stand-in running a LayerWorkerHandler in this thread, cloning messages both ways. */
export class LoopbackWorker implements WorkerLike {
  readonly received: WorkerRequest[] = [];
  readonly sent: WorkerResponse[] = [];
  private listeners = new Map<string, Array<(event: any) => void>>();
  private handler: LayerWorkerHandler;
  terminated = false;

  constructor(deps: ConstructorParameters<typeof LayerWorkerHandler>[1]) {
    this.handler = new LayerWorkerHandler((message, transfer) => {
      const data = structuredClone(message, { transfer: transfer ?? [] });
      this.sent.push(data);
      setTimeout(() => this.dispatch('message', { data }), 0);
    }, deps);
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

/** A pool of two loopback workers over one store and one fake proxy serving `blobs`. */
export function loopbackPool(blobs: Map<string, Uint8Array>, breakAfter?: number) {
  const store = new MemoryBlobStore();
  const proxy = fakeProxy(blobs, breakAfter);
  const workers: LoopbackWorker[] = [];
  const pool = new LayerWorkerPool({
    createWorker: () => {
      const w = new LoopbackWorker({ store, fetch: proxy.fetch });
      workers.push(w);
      return w;
    },
    size: 2,
  });
  return { store, proxy, workers, pool };
}
