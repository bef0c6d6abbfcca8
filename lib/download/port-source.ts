/**
 * The page's side of a download's port: reads the source only as the
 * service worker grants credit and sends one chunk per credit, so the page
 * holds no more than the chunk it is reading. Ends one of four ways: all
 * sent (`end`), the source failed (`error`, then rejects with the source's
 * error), the page's signal aborted (`error`, then rejects with the abort
 * reason), or the worker said the browser cancelled (rejects with
 * DownloadCancelledError after cancelling the source).
 */
import { DownloadCancelledError, DownloadNotStartedError } from './errors';
import type { SinkMessage, SourceMessage } from './messages';

/** Options of `sendToPort`. */
export interface SendToPortOptions {
  signal?: AbortSignal;
  /** A chunk already read from `reader` (to learn the length before the download starts), sent first. */
  first?: ReadableStreamReadResult<Uint8Array>;
  /** Fail with DownloadNotStartedError when the worker grants no credit within this time. */
  startTimeoutMs?: number;
  /** Every chunk's buffer is the reader's alone (coalesce-chunks.ts made it): transferred as it is, not copied. */
  chunksOwned?: boolean;
}

/** Sends what `reader` yields to the worker on `port`, as credit allows; resolves once all is sent. */
export function sendToPort(reader: ReadableStreamDefaultReader<Uint8Array>, port: MessagePort, options: SendToPortOptions = {}): Promise<void> {
  const { signal } = options;
  let pending = options.first;
  let credit = 0;
  let reading = false;
  let settled = false;
  let startTimer: ReturnType<typeof setTimeout> | undefined;
  const post = (message: SourceMessage, transfer: Transferable[] = []) => port.postMessage(message, transfer);

  return new Promise<void>((resolve, reject) => {
    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(startTimer);
      signal?.removeEventListener('abort', onAbort);
      port.onmessage = null;
      if (error === undefined) resolve();
      else reject(error);
    };
    // Tell the worker first, so the browser's download fails even while the source hangs.
    const fail = (message: string, error: unknown) => {
      if (settled) return;
      post({ type: 'error', message });
      settle(error);
      reader.cancel(error).catch(() => undefined);
    };
    const onAbort = () => fail('cancelled on the page', signal!.reason);

    const pump = async () => {
      while (!settled && credit > 0 && !reading) {
        reading = true;
        let next: ReadableStreamReadResult<Uint8Array>;
        try {
          next = pending ?? (await reader.read());
          pending = undefined;
        } catch (error) {
          fail(error instanceof Error ? error.message : String(error), error);
          return;
        } finally {
          reading = false;
        }
        if (settled) return;
        if (next.done) {
          post({ type: 'end' });
          settle();
          return;
        }
        if (next.value.byteLength === 0) continue;
        credit--;
        // Else a copy: the source may still hold the chunk's buffer (a cache), which a transfer would detach.
        const bytes = options.chunksOwned ? next.value : next.value.slice();
        post({ type: 'chunk', bytes }, [bytes.buffer]);
      }
    };

    port.onmessage = (event: MessageEvent<SinkMessage>) => {
      const message = event.data;
      if (message.type === 'credit') {
        clearTimeout(startTimer);
        credit += message.chunks;
        void pump();
      } else if (message.type === 'cancel') {
        const error = new DownloadCancelledError();
        settle(error);
        reader.cancel(error).catch(() => undefined);
      }
    };
    if (options.startTimeoutMs !== undefined) {
      startTimer = setTimeout(() => fail('the browser did not start the download', new DownloadNotStartedError()), options.startTimeoutMs);
    }
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}
