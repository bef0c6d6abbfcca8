'use client';

interface SaveFilePickerWindow {
  showSaveFilePicker?: (options: { suggestedName: string }) => Promise<{ createWritable(): Promise<WritableStream<Uint8Array>> }>;
}

/** Options of `saveStream`. */
export interface SaveStreamOptions {
  /** Aborting stops the download: the source is cancelled and no file claims to be complete. */
  signal?: AbortSignal;
}

/**
 * Saves a stream as a file; resolves true once saved, false when the user
 * closed the save dialog; rejects when the stream errors or the signal
 * aborts, and then leaves no file behind.
 *
 * Where the browser has the File System Access API the bytes go straight to
 * disk as they arrive (memory stays flat): the writable writes to a
 * temporary file that replaces the target only on close, and an error or an
 * abort discards it. Elsewhere the bytes are collected into a Blob first and
 * offered through an `<a download>` only when complete; browsers spool large
 * Blobs to disk, but the whole file does pass through the tab.
 *
 * The picker is called before anything else is awaited: browsers allow it
 * only during the user's click (transient activation), so callers should
 * pass a stream that does its slow preparation lazily, on first read.
 *
 * Automated browsers (`navigator.webdriver`) take the Blob path: a save
 * dialog there cannot be answered, while the `<a download>` is the download
 * event that browser tests observe.
 */
export async function saveStream(stream: ReadableStream<Uint8Array>, suggestedName: string, options: SaveStreamOptions = {}): Promise<boolean> {
  const { signal } = options;
  const picker = navigator.webdriver ? undefined : (window as unknown as SaveFilePickerWindow).showSaveFilePicker;
  if (picker) {
    let handle;
    try {
      handle = await picker.call(window, { suggestedName });
    } catch {
      await stream.cancel();
      return false; // the user closed the dialog
    }
    // pipeTo aborts the writable on a source error or on the signal, which discards the partial file.
    await stream.pipeTo(await handle.createWritable(), { signal });
    return true;
  }
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
  return true;
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
