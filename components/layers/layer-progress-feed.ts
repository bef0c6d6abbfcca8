import type { LayerState } from '@/lib/pipeline/layer-scheduler';
import { Throttle, type ThrottleClock } from '@/lib/throttle';

/**
 * How often progress bars hear new byte counts. Each update is a frame of the
 * whole page to lay out and paint (~20 ms on a loaded 2-core machine): at
 * 10 a second that was a fifth of a core taken from the layer worker.
 */
export const PROGRESS_INTERVAL_MS = 250;

/**
 * The layers' live byte counts, for the progress bars alone.
 *
 * A worker reports progress after every chunk. When each report re-rendered
 * the whole inspector (config, history, trace, files, downloads), React took
 * ~1.2 s of the main thread during a 2 s pull, on the cores the layer worker
 * and the browser's network service need. Now only the progress bars
 * subscribe here, and they hear at most once per interval; the rest of the
 * page re-renders when a layer's status or result changes (`settledChange`).
 */
export class LayerProgressFeed {
  private states: readonly LayerState[] = [];
  private pending: readonly LayerState[] | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly throttle: Throttle;

  constructor(opts: { intervalMs?: number; clock?: ThrottleClock } = {}) {
    this.throttle = new Throttle(() => this.flush(), opts.intervalMs ?? PROGRESS_INTERVAL_MS, opts.clock);
  }

  /** The states last published to subscribers (a new array each time, for `useSyncExternalStore`). */
  readonly snapshot = (): readonly LayerState[] => this.states;

  /** Calls `listener` after each published change; returns the unsubscribe. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Takes the layers' latest states (copied); subscribers hear them within one interval. */
  publish(states: readonly LayerState[]): void {
    this.pending = [...states];
    this.throttle.request();
  }

  /** Starts over with `states` (a new pull): subscribers hear them now, and nothing pending from before. */
  replace(states: readonly LayerState[]): void {
    this.pending = [...states];
    this.throttle.runNow();
  }

  /** Stops a pending notification (the pull it follows was replaced). */
  close(): void {
    this.throttle.cancel();
    this.pending = undefined;
  }

  private flush(): void {
    if (!this.pending) return;
    this.states = this.pending;
    this.pending = undefined;
    for (const listener of [...this.listeners]) listener();
  }
}

/** Whether the rest of the page must see `next`: a new status, cache origin, result or error (byte counts alone are progress). */
export function settledChange(previous: LayerState | undefined, next: LayerState): boolean {
  return (
    !previous ||
    previous.status !== next.status ||
    previous.fromCache !== next.fromCache ||
    previous.result !== next.result ||
    previous.error !== next.error
  );
}
