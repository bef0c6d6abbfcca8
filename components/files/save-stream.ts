'use client';

import { downloadWorker, saveThroughWorker } from './service-worker-download';

interface SaveFilePickerWindow {
  showSaveFilePicker?: (options: { suggestedName: string }) => Promise<{ createWritable(): Promise<WritableStream<Uint8Array>> }>;
}

/** How a file reaches the disk: straight to a picked file, streamed through the download service worker, or collected in memory first. */
export type SaveMethod = 'file-picker' | 'service-worker' | 'memory';

/** Options of `saveStream`. */
export interface SaveStreamOptions {
  /** Aborting stops the download: the source is cancelled and no file claims to be complete. */
  signal?: AbortSignal;
  /** The exact byte count, asked once the first chunk was read; it lets the browser show a real progress bar. */
  exactLength?: () => number | undefined;
  /** Told which way the file is being saved, before the bytes flow. */
  onMethod?: (method: SaveMethod) => void;
}

/**
 * Saves a stream as a file; resolves true once saved, false when the user
 * closed the save dialog; rejects when the stream errors or the signal
 * aborts (or, through the service worker, when the user cancels in the
 * browser's download bar: DownloadCancelledError), and then leaves no file
 * claiming to be complete. Three ways, best first:
 *
 * - The File System Access API: the bytes go to a temporary file that
 *   replaces the target only on close; an error or an abort discards it.
 * - The download service worker (service-worker-download.ts): the browser's
 *   own download, fed chunk by chunk as it asks; an error or an abort fails
 *   it in the download bar.
 * - Where no service worker can run: the bytes are collected into a Blob and
 *   offered through an `<a download>` only when complete; browsers spool
 *   large Blobs to disk, but the whole file passes through the tab.
 *
 * The picker is called before anything else is awaited: browsers allow it
 * only during the user's click (transient activation), so callers should
 * pass a stream that does its slow preparation lazily, on first read.
 * Automated browsers (`navigator.webdriver`) skip it: a save dialog there
 * cannot be answered, while the service worker's download is an event that
 * browser tests observe.
 */
export async function saveStream(stream: ReadableStream<Uint8Array>, suggestedName: string, options: SaveStreamOptions = {}): Promise<boolean> {
  const { signal, onMethod } = options;
  const picker = navigator.webdriver ? undefined : (window as unknown as SaveFilePickerWindow).showSaveFilePicker;
  if (picker) {
    let handle;
    try {
      handle = await picker.call(window, { suggestedName });
    } catch {
      await stream.cancel();
      return false; // the user closed the dialog
    }
    onMethod?.('file-picker');
    // pipeTo aborts the writable on a source error or on the signal, which discards the partial file.
    await stream.pipeTo(await handle.createWritable(), { signal });
    return true;
  }
  const worker = await downloadWorker();
  if (worker) {
    onMethod?.('service-worker');
    await saveThroughWorker(worker, stream, suggestedName, { signal, exactLength: options.exactLength });
    return true;
  }
  onMethod?.('memory');
  await saveThroughBlob(stream, suggestedName, signal);
  return true;
}

/** The last resort: the whole file in a Blob, then an `<a download>`. */
async function saveThroughBlob(stream: ReadableStream<Uint8Array>, suggestedName: string, signal: AbortSignal | undefined): Promise<void> {
  // Response.blob() reports any stream error as a bare TypeError: keep the real one to rethrow.
  let failure: { error: unknown } | undefined;
  let body = remembering(stream, (error) => (failure = { error }));
  if (signal) body = body.pipeThrough(new TransformStream(), { signal });
  const blob = await new Response(body).blob().catch((err: unknown) => {
    throw signal?.aborted ? signal.reason : (failure?.error ?? err);
  });
  signal?.throwIfAborted();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = suggestedName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The same stream, telling `onError` the error it ends with. */
function remembering(stream: ReadableStream<Uint8Array>, onError: (error: unknown) => void): ReadableStream<Uint8Array> {
  const reader = stream.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await reader.read();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        } catch (error) {
          onError(error);
          throw error;
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}
