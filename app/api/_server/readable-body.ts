/**
 * A Node Readable (undici's response body) as the Web ReadableStream a
 * Response carries, with as little work per byte as we can: a chunk is handed
 * over as a view of the buffer undici read into, not a copy, and what arrived
 * while the reader was busy is joined into one chunk at its next read (the
 * only copy). A waiting reader is woken once the event loop has handled
 * this round's socket reads (setImmediate), not on each 64 KiB read, so the
 * reads of one round go on as one chunk; a slow reader gets everything that
 * arrived meanwhile. Every later hop (the concurrency slot's stream, Next's
 * pipe to the socket, one write per chunk) then runs once per round.
 */
import type { Readable } from 'node:stream';
import { concatBytes } from '@/lib/stream/concat-bytes';

/** How much the body reads ahead of its reader before it stops reading the socket (about the most one joined chunk holds). */
export const READ_AHEAD_BYTES = 256 * 1024;

/** What the stream fails with when `source` fails after `receivedBytes`; by default the source's own error. */
export type BreakError = (error: unknown, receivedBytes: number) => unknown;

/** `source` as a Web stream; cancelling the stream destroys `source` (and so ends the upstream request). */
export function readableBody(source: Readable, readAhead: number = READ_AHEAD_BYTES, breakError: BreakError = (error) => error): ReadableStream<Uint8Array> {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let receivedBytes = 0;
  let ended = false;
  // A source destroyed by our own cancel has not broken off: its error is not reported.
  let cancelled = false;
  let failure: { error: unknown } | undefined;
  // The read that found nothing buffered waits here for data, the end or an error.
  let wake: (() => void) | undefined;
  const notify = () => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  // One wake per event-loop round: the socket's further reads in this round join the chunk first.
  let wakeScheduled = false;
  const notifyAfterReads = () => {
    if (wakeScheduled || !wake) return;
    wakeScheduled = true;
    setImmediate(() => {
      wakeScheduled = false;
      notify();
    });
  };

  source.on('data', (chunk: Uint8Array) => {
    pending.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    pendingBytes += chunk.byteLength;
    receivedBytes += chunk.byteLength;
    if (pendingBytes >= readAhead) {
      source.pause();
      notify();
    } else notifyAfterReads();
  });
  source.once('end', () => {
    ended = true;
    notify();
  });
  // `on`, not `once`: a source destroyed by cancel may still emit its error, and an unheard one would crash the process.
  source.on('error', (error) => {
    if (cancelled || failure) return;
    failure = { error: breakError(error, receivedBytes) };
    notify();
  });

  const take = (): Uint8Array => {
    const chunk = concatBytes(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    if (source.isPaused()) source.resume();
    return chunk;
  };

  // highWaterMark 0: the stream asks for bytes only when someone reads, so
  // everything read ahead waits in `pending`, where it can be joined.
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        while (pendingBytes === 0 && !ended && !failure) await new Promise<void>((resolve) => (wake = resolve));
        if (pendingBytes > 0) controller.enqueue(take());
        else if (failure) controller.error(failure.error);
        else controller.close();
      },
      cancel(reason) {
        cancelled = true;
        pending = [];
        pendingBytes = 0;
        source.destroy(reason instanceof Error ? reason : undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
