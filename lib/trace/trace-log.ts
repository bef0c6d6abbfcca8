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
  // Whether an earlier exchange was logged: only then can a new entry repeat one.
  private hasEarlier = false;
  private readonly listeners = new Set<() => void>();

  /** Every entry so far, in order (the same array until the next change). */
  readonly snapshot = (): readonly TraceEntry[] => this.entries;

  /** Calls `listener` after each change; returns the unsubscribe. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * Adds `entries` after those already logged; one that revises a logged
   * exchange (its body broke off: `receivedBytes`) takes that one's place.
   * Every request that carries a cached token brings the exchanges that got
   * it (`earlier`): they are logged once, and the live record of one, when
   * it comes after its copy, takes the copy's place.
   */
  readonly append = (entries: readonly TraceEntry[]): void => {
    const next = [...this.entries];
    for (const entry of entries) {
      this.hasEarlier ||= entry.earlier === true;
      const look = this.hasEarlier || entry.receivedBytes !== undefined;
      const at = look ? next.findIndex((logged) => sameExchange(logged, entry)) : -1;
      if (at < 0) next.push(entry);
      else if (entry.receivedBytes !== undefined || (next[at].earlier && !entry.earlier)) next[at] = entry;
    }
    if (next.length === this.entries.length && next.every((entry, i) => entry === this.entries[i])) return;
    this.entries = next;
    this.notify();
  };

  /** Starts over: a new inspection's trace begins empty. */
  readonly clear = (): void => {
    this.hasEarlier = false;
    if (this.entries.length === 0) return;
    this.entries = [];
    this.notify();
  };

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** The same upstream exchange: ids restart with each proxied request, so its start and URL tell it apart. */
function sameExchange(a: TraceEntry, b: TraceEntry): boolean {
  return a.id === b.id && a.startedAt === b.startedAt && a.method === b.method && a.url === b.url;
}
