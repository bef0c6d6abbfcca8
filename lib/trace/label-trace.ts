import type { TraceEntry, TraceSink } from '../registry/trace';

/** `entries` with `label` (what they were for: "layer 2 of 4", "download, config") before each note. */
export function labelTrace(entries: readonly TraceEntry[], label: string): TraceEntry[] {
  return entries.map((entry) => ({ ...entry, note: entry.note ? `${label}: ${entry.note}` : label }));
}

/** A sink that labels what it hears before passing it on to `sink`; none without a sink. */
export function labelledSink(sink: TraceSink | undefined, label: string): TraceSink | undefined {
  return sink && ((entries) => sink(labelTrace(entries, label)));
}
