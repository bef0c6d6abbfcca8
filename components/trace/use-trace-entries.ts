'use client';

import { useMemo, useSyncExternalStore } from 'react';
import type { TraceEntry } from '@/lib/registry/trace';
import type { TraceLog } from '@/lib/trace/trace-log';
import { Throttle, timerClock, type ThrottleClock } from '@/lib/throttle';

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

/**
 * A store over `log` for `useSyncExternalStore` that tells its listener of
 * changes at most once per interval (Throttle), with every entry logged
 * meanwhile: the trace keeps up without a render per exchange, and a render
 * shows all of it or none.
 */
export function throttledTraceView(log: TraceLog, clock: ThrottleClock = timerClock, intervalMs = TRACE_RENDER_INTERVAL_MS) {
  let shown = log.snapshot();
  return {
    snapshot: (): readonly TraceEntry[] => shown,
    subscribe(listener: () => void): () => void {
      const throttle = new Throttle(
        () => {
          if (shown === log.snapshot()) return;
          shown = log.snapshot();
          listener();
        },
        intervalMs,
        clock,
      );
      const unsubscribe = log.subscribe(() => throttle.request());
      // Entries logged between the render and this subscription: React reads the snapshot again after subscribing.
      shown = log.snapshot();
      return () => {
        unsubscribe();
        throttle.cancel();
      };
    },
  };
}
