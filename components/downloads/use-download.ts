'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { asPullscopeError, type PullscopeError } from '@/lib/errors';
import { DownloadCancelledError } from '@/lib/download/errors';
import { saveStream, type SaveMethod } from '@/components/files/save-stream';
import type { LeftOutEntry, PreparedDownload } from './image-archives';

/** Where the one download of the panel is. */
export type DownloadStatus =
  | { kind: 'idle' }
  | { kind: 'running'; label: string; name: string; bytes: number; total?: number; approximate: boolean; bytesPerSecond: number; method?: SaveMethod }
  | { kind: 'done'; label: string; name: string; bytes: number; leftOut: readonly LeftOutEntry[] }
  | { kind: 'cancelled'; label: string }
  | { kind: 'error'; label: string; error: PullscopeError };

/** Progress is rendered at most this often. */
const PROGRESS_INTERVAL_MS = 200;

/**
 * One download at a time: start it from a click (the save dialog must open
 * during the click, so `prepare` runs lazily, when the first byte is
 * wanted), follow its bytes, rate and total, cancel it.
 */
export function useDownload() {
  const [status, setStatus] = useState<DownloadStatus>({ kind: 'idle' });
  const running = useRef<AbortController | undefined>(undefined);

  // Leaving the page (or the image) stops a download in flight.
  useEffect(() => () => running.current?.abort(new DOMException('the page closed', 'AbortError')), []);

  const start = useCallback((label: string, name: string, prepare: (signal: AbortSignal) => PreparedDownload | Promise<PreparedDownload>) => {
    if (running.current) return;
    const controller = new AbortController();
    running.current = controller;
    const progress = { bytes: 0, total: undefined as number | undefined, approximate: false, leftOut: [] as readonly LeftOutEntry[], method: undefined as SaveMethod | undefined, startedAt: Date.now(), shownAt: 0 };
    const show = () => {
      progress.shownAt = Date.now();
      const seconds = (progress.shownAt - progress.startedAt) / 1000;
      setStatus({
        kind: 'running',
        label,
        name,
        bytes: progress.bytes,
        total: progress.total,
        approximate: progress.approximate,
        bytesPerSecond: seconds > 0 ? progress.bytes / seconds : 0,
        method: progress.method,
      });
    };
    show();
    // Also while no bytes flow (a slow upstream), so the rate and the time left stay honest.
    const ticker = setInterval(show, 1_000);
    const source = lazyStream(async () => {
      const prepared = await prepare(controller.signal);
      progress.total = prepared.total;
      progress.approximate = prepared.approximate ?? false;
      progress.leftOut = prepared.leftOut ?? [];
      show();
      return prepared.stream;
    });
    const counted = source.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, out) {
          progress.bytes += chunk.byteLength;
          if (Date.now() - progress.shownAt >= PROGRESS_INTERVAL_MS) show();
          out.enqueue(chunk);
        },
      }),
    );
    saveStream(counted, name, {
      signal: controller.signal,
      exactLength: () => (progress.approximate ? undefined : progress.total),
      onMethod: (method) => {
        progress.method = method;
        show();
      },
    }).then(
      (saved) => setStatus(saved ? { kind: 'done', label, name, bytes: progress.bytes, leftOut: progress.leftOut } : { kind: 'idle' }),
      (err: unknown) => {
        // Cancelled on the page (our button, leaving the page) or in the browser's download bar.
        if (controller.signal.aborted || err instanceof DownloadCancelledError) setStatus({ kind: 'cancelled', label });
        else setStatus({ kind: 'error', label, error: asPullscopeError(err) });
      },
    ).finally(() => {
      clearInterval(ticker);
      running.current = undefined;
    });
  }, []);

  const cancel = useCallback(() => running.current?.abort(new DOMException('cancelled by the user', 'AbortError')), []);

  return { status, start, cancel };
}

/** A stream whose source is made on the first read, so nothing is fetched before the save target is chosen. */
function lazyStream(open: () => Promise<ReadableStream<Uint8Array>>): ReadableStream<Uint8Array> {
  let reader: Promise<ReadableStreamDefaultReader<Uint8Array>> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        reader ??= open().then((s) => s.getReader());
        const next = await (await reader).read();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel(reason) {
        if (reader) await (await reader.catch(() => undefined))?.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** Seconds left at the average rate so far; undefined when it cannot be told. */
export function secondsLeft(status: Extract<DownloadStatus, { kind: 'running' }>): number | undefined {
  if (status.total === undefined || status.bytesPerSecond <= 0) return undefined;
  return Math.max(0, (status.total - status.bytes) / status.bytesPerSecond);
}
