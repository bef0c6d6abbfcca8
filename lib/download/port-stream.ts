/**
 * The service worker's side of a download's port: a ReadableStream whose
 * bytes come from the page, pulled by credit. The stream counts chunks with
 * a high-water mark of the window; whenever it wants more, it grants the
 * page as many chunks as it has room for beyond those already granted, so
 * chunks queued plus chunks granted never exceed the window, and the page
 * sends nothing it was not asked for.
 */
import { DownloadSourceError } from './errors';
import { CHUNK_WINDOW, type SinkMessage, type SourceMessage } from './messages';

/** The bytes the page sends on `port`; cancelling the stream (the browser's download bar) tells the page to stop. */
export function streamFromPort(port: MessagePort, window: number = CHUNK_WINDOW): ReadableStream<Uint8Array> {
  let granted = 0;
  let finished = false;
  let wake: (() => void) | undefined;
  const post = (message: SinkMessage) => port.postMessage(message);
  const finish = () => {
    finished = true;
    port.onmessage = null;
    port.close();
    wake?.();
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        port.onmessage = (event: MessageEvent<SourceMessage>) => {
          const message = event.data;
          if (finished) return;
          if (message.type === 'chunk') {
            granted = Math.max(0, granted - 1);
            controller.enqueue(message.bytes);
          } else if (message.type === 'end') {
            controller.close();
            finish();
          } else if (message.type === 'error') {
            // Erroring (not closing) the response body is what makes the browser mark the file failed.
            controller.error(new DownloadSourceError(message.message));
            finish();
          }
          const resume = wake;
          wake = undefined;
          resume?.();
        };
      },
      pull(controller) {
        if (finished) return;
        const room = (controller.desiredSize ?? 0) - granted;
        if (room > 0) {
          granted += room;
          post({ type: 'credit', chunks: room });
        }
        // Called again only once this settles: wait for the page's next message.
        return new Promise<void>((resolve) => (wake = resolve));
      },
      cancel() {
        if (finished) return;
        post({ type: 'cancel' });
        finish();
      },
    },
    new CountQueuingStrategy({ highWaterMark: window }),
  );
}
