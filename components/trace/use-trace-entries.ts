'use client';

import { useMemo, useSyncExternalStore } from 'react';
import type { TraceEntry } from '@/lib/registry/trace';
import type { TraceLog } from '@/lib/trace/trace-log';

/**
 * The least time between two renders for new exchanges: a pull of hundreds of
 * layers logs one every few milliseconds, and each render lists them all.
 */
export const TRACE_RENDER_INTERVAL_MS = 100;

/** The log's entries, for the components that show them, re-read at most once per interval (throttledTraceView). */
export function useTraceEntries(log: TraceLog): readonly TraceEntry[] {
  const view = useMemo(() => throttledTraceView(log), [log]);
  return useSyncExternalStore(view.subscribe, view.snapshot, view.snapshot);
}

/** When a throttled view takes the log's changes: its clock and its timer (injectable for tests). */
export interface ThrottleClock {
  now(): number;
  later(run: () => void, ms: number): () => void;
}

const realClock: ThrottleClock = {
  now: () => performance.now(),
  later: (run, ms) => {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
};

/**
 * A store over `log` for `useSyncExternalStore` that tells its listener of a
 * change at once when it told none for an interval, and else once at the
 * interval's end, with every entry logged meanwhile: the trace keeps up
 * without a render per exchange, and a render shows all of it or none.
 */
export function throttledTraceView(log: TraceLog, clock: ThrottleClock = realClock, intervalMs = TRACE_RENDER_INTERVAL_MS) {
  let shown = log.snapshot();
  let takenAt = -Infinity;
  return {
    snapshot: (): readonly TraceEntry[] => shown,
    subscribe(listener: () => void): () => void {
      let cancel: (() => void) | undefined;
      const take = () => {
        cancel = undefined;
        takenAt = clock.now();
        if (shown === log.snapshot()) return;
        shown = log.snapshot();
        listener();
      };
      const unsubscribe = log.subscribe(() => {
        if (cancel) return;
        const wait = takenAt + intervalMs - clock.now();
        if (wait <= 0) take();
        else cancel = clock.later(take, wait);
      });
      // Entries logged between the render and this subscription: React reads the snapshot again after subscribing.
      shown = log.snapshot();
      return () => {
        unsubscribe();
        cancel?.();
      };
    },
  };
}
