'use client';

import { DownloadNotStartedError } from '@/lib/download/errors';
import { DOWNLOAD_SCOPE, DOWNLOAD_WORKER_URL, downloadPath, newDownloadId } from '@/lib/download/download-url';
import type { SinkMessage, ToWorker } from '@/lib/download/messages';
import { sendToPort } from '@/lib/download/port-source';
import { coalesceChunks } from '@/lib/stream/coalesce-chunks';

/** The browser asks for the bytes within this time of the navigation, or the download is reported as not started. */
const START_TIMEOUT_MS = 30_000;
/** Browsers stop an idle service worker after about 30 s; a message event every few seconds keeps it serving. */
const KEEP_ALIVE_MS = 10_000;
// Chunks to the worker are at least this big: a message each, and the worker's window holds 8 of them.
const COALESCE_BYTES = 256 * 1024;

let activeWorker: Promise<ServiceWorker | undefined> | undefined;

/**
 * The download service worker, registered on first use; undefined where
 * none can run (no service workers, an insecure origin, a private mode that
 * refuses them), and then callers fall back to another way to save.
 */
export function downloadWorker(): Promise<ServiceWorker | undefined> {
  activeWorker ??= register().catch(() => undefined);
  return activeWorker;
}

async function register(): Promise<ServiceWorker | undefined> {
  if (!window.isSecureContext || !('serviceWorker' in navigator)) return undefined;
  const registration = await navigator.serviceWorker.register(DOWNLOAD_WORKER_URL, { scope: DOWNLOAD_SCOPE, updateViaCache: 'none' });
  // The newest version is the one that will answer the download URL (it skips waiting).
  const worker = registration.installing ?? registration.waiting ?? registration.active;
  if (!worker) return undefined;
  if (worker.state !== 'activated') {
    // `navigator.serviceWorker.ready` never settles here: the page is outside the worker's scope.
    await new Promise<void>((resolve, reject) => {
      const onChange = () => {
        if (worker.state === 'activated') resolve();
        else if (worker.state === 'redundant') reject(new Error('the download service worker was replaced before it activated'));
        else return;
        worker.removeEventListener('statechange', onChange);
      };
      worker.addEventListener('statechange', onChange);
      onChange();
    });
  }
  return worker;
}

/** Options of `saveThroughWorker`. */
export interface WorkerSaveOptions {
  signal?: AbortSignal;
  /** The exact byte count, asked once the first chunk was read (preparing the source often tells it). */
  exactLength?: () => number | undefined;
}

/**
 * Saves a stream through the download service worker: announce the download
 * on a fresh MessageChannel, navigate a hidden iframe to its URL, and feed
 * the worker's streamed response as it asks for chunks. Resolves once every
 * byte was handed over; rejects (and the browser's download fails) when the
 * stream errors or the signal aborts; rejects with DownloadCancelledError
 * when the user cancels in the browser's download bar.
 */
export async function saveThroughWorker(worker: ServiceWorker, stream: ReadableStream<Uint8Array>, fileName: string, options: WorkerSaveOptions = {}): Promise<void> {
  const { signal } = options;
  // One message per chunk to the worker: small chunks (tar headers, small files) travel joined.
  const reader = stream.pipeThrough(coalesceChunks(COALESCE_BYTES)).getReader();
  const cancelOnAbort = () => void reader.cancel(signal?.reason).catch(() => undefined);
  signal?.addEventListener('abort', cancelOnAbort, { once: true });
  let first: ReadableStreamReadResult<Uint8Array>;
  try {
    // Read before the browser shows anything: preparing the source may fail, or tell the exact length.
    first = await reader.read();
  } catch (error) {
    throw signal?.aborted ? signal.reason : error;
  } finally {
    signal?.removeEventListener('abort', cancelOnAbort);
  }
  signal?.throwIfAborted();

  const id = newDownloadId();
  const channel = new MessageChannel();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const registered = new Promise<void>((resolve, reject) => {
    channel.port1.onmessage = (event: MessageEvent<SinkMessage>) => {
      if (event.data.type === 'registered') resolve();
    };
    timer = setTimeout(() => reject(new DownloadNotStartedError()), START_TIMEOUT_MS);
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  const length = first.done ? 0 : options.exactLength?.();
  worker.postMessage({ type: 'open', id, fileName, length } satisfies ToWorker, [channel.port2]);
  try {
    await registered;
  } catch (error) {
    channel.port1.close();
    await reader.cancel(error).catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }

  const frame = document.createElement('iframe');
  frame.hidden = true;
  frame.src = downloadPath(id);
  document.body.append(frame);
  const keepAlive = setInterval(() => worker.postMessage({ type: 'keep-alive' } satisfies ToWorker), KEEP_ALIVE_MS);
  try {
    await sendToPort(reader, channel.port1, { signal, first, startTimeoutMs: START_TIMEOUT_MS, chunksOwned: true });
  } finally {
    clearInterval(keepAlive);
    // The download belongs to the browser once it started; the frame only had to begin it.
    setTimeout(() => frame.remove(), 1_000);
  }
}
