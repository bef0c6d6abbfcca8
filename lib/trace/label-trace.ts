import type { TraceEntry } from '../registry/trace';

/** `entries` with `label` (what they were for: "layer 2 of 4", "download, config") before each note. */
export function labelTrace(entries: readonly TraceEntry[], label: string): TraceEntry[] {
  return entries.map((entry) => ({ ...entry, note: entry.note ? `${label}: ${entry.note}` : label }));
}

/** A sink that labels what it hears before passing it on to `sink`; none without a sink. */
export function labelledSink(
  sink: ((entries: readonly TraceEntry[]) => void) | undefined,
  label: string,
): ((entries: readonly TraceEntry[]) => void) | undefined {
  return sink && ((entries) => sink(labelTrace(entries, label)));
}
