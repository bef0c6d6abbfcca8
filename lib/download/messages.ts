/**
 * What the page and the download service worker say to each other. One
 * MessageChannel per download: the page hands one port to the worker with
 * `open`; the worker answers `registered`, then pulls bytes by granting
 * credit, one chunk per credit, so neither side holds more than the window.
 */

/** Page -> worker, with the port, through `ServiceWorker.postMessage`: a download is about to be navigated to. */
export interface OpenDownload {
  type: 'open';
  /** Random, single use; the only thing the download's URL carries. */
  id: string;
  fileName: string;
  /** Exact byte count, when known; it becomes Content-Length. */
  length?: number;
}

/** Page -> worker, through `ServiceWorker.postMessage`: an event that keeps the idle worker alive while a download streams. */
export interface KeepAlive {
  type: 'keep-alive';
}

/** What the page posts to the worker itself. */
export type ToWorker = OpenDownload | KeepAlive;

/** Page -> worker on the download's port. */
export type SourceMessage =
  /** One chunk, answering one credit. */
  | { type: 'chunk'; bytes: Uint8Array }
  /** All bytes were sent. */
  | { type: 'end' }
  /** The source failed or the user cancelled on the page: the response must fail, not end. */
  | { type: 'error'; message: string };

/** Worker -> page on the download's port. */
export type SinkMessage =
  /** The download is known; the page may navigate to its URL. */
  | { type: 'registered' }
  /** Send up to `chunks` more chunks. */
  | { type: 'credit'; chunks: number }
  /** The browser cancelled the download. */
  | { type: 'cancel' };

/** Chunks in flight or queued in the worker at most (its stream's high-water mark). */
export const CHUNK_WINDOW = 8;
