import type { TraceEntry } from '../registry/trace';

/**
 * The pull trace as it grows: every exchange, in the order it was reported,
 * and a new array on each change for `useSyncExternalStore`.
 *
 * Entries come from many places (the first view, the inspection, each layer's
 * worker), and a render must show them all or none. As queued React state
 * updates they could not: those queued while the page hydrated were held back
 * behind each later layer's entry, so for a while the trace showed the layers'
 * requests without the manifest's before them. A store that every render
 * reads whole has no such gap.
 */
export class TraceLog {
  private entries: readonly TraceEntry[] = [];
  private readonly listeners = new Set<() => void>();

  /** Every entry so far, in order (the same array until the next change). */
  readonly snapshot = (): readonly TraceEntry[] => this.entries;

  /** Calls `listener` after each change; returns the unsubscribe. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Adds `entries` after those already logged. */
  readonly append = (entries: readonly TraceEntry[]): void => {
    if (entries.length === 0) return;
    this.entries = [...this.entries, ...entries];
    this.notify();
  };

  /** Starts over: a new inspection's trace begins empty. */
  readonly clear = (): void => {
    if (this.entries.length === 0) return;
    this.entries = [];
    this.notify();
  };

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
