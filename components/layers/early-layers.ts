/**
 * The page's first pull of layers, begun by the early inspection
 * (components/inspector/early-inspection.ts) as soon as the tab has the
 * manifest and config, before React has hydrated the page, and handed to the
 * page's layers (use-layers.ts) when they ask for the same jobs. Without it
 * the first blob request waited for React to hydrate the page, on every page
 * load (bench/changes.md).
 */
import { LayerScheduler, type LayerJob, type LayerState } from '@/lib/pipeline/layer-scheduler';
import type { TraceEntry } from '@/lib/registry/trace';
import { layerJobsKey } from './layer-jobs';

/** A pull begun before hydration. */
export interface EarlyLayers {
  /** Each layer's latest state, by position; undefined until the scheduler reported it. */
  readonly states: readonly (LayerState | undefined)[];
  /** Settles once every layer is done or failed; rejects when aborted or when the pipeline's code failed to load. */
  readonly done: Promise<void>;
  /**
   * Sends every later state to `onState` instead of keeping it only, and
   * every exchange of the pull trace to `onTrace`: those made so far at once,
   * then each as it comes.
   */
  follow(onState: (layerIndex: number, state: LayerState) => void, onTrace?: (layerIndex: number, entries: readonly TraceEntry[]) => void): void;
  abort(): void;
}

let early: { key: string; run: EarlyLayers } | undefined;
// Once the page has asked, a late early start would only pull twice.
let asked = false;

/** Starts `jobs` unless a pull was begun already or the page has asked for its layers; `signal` aborts it (the early inspection's). */
export function beginEarlyLayers(jobs: LayerJob[], signal: AbortSignal): void {
  if (asked || early || jobs.length === 0 || signal.aborted) return;
  const controller = new AbortController();
  let adopted = false;
  // Until the page takes it over, it ends with the early inspection; then with the page's layers.
  signal.addEventListener('abort', () => adopted || controller.abort(signal.reason), { once: true });
  const states: (LayerState | undefined)[] = jobs.map(() => undefined);
  let follower: ((layerIndex: number, state: LayerState) => void) | undefined;
  // The blob requests' trace, held until the page's layers take the run over.
  const traces: Array<[number, readonly TraceEntry[]]> = [];
  let traceFollower: ((layerIndex: number, entries: readonly TraceEntry[]) => void) | undefined;
  const done = (async () => {
    const pipeline = await import('./layer-pool');
    controller.signal.throwIfAborted();
    const scheduler = new LayerScheduler({ pool: pipeline.layerPool(), store: pipeline.blobStore() });
    await scheduler.run(
      jobs,
      (i, state) => {
        states[i] = state;
        follower?.(i, state);
      },
      controller.signal,
      (i, entries) => (traceFollower ? traceFollower(i, entries) : traces.push([i, entries])),
    );
  })();
  // Its adopter reads the outcome; a run nobody adopts has no one to tell.
  done.catch(() => undefined);
  early = {
    key: layerJobsKey(jobs),
    run: {
      states,
      done,
      follow: (onState, onTrace) => {
        adopted = true;
        follower = onState;
        traceFollower = onTrace;
        for (const [i, entries] of traces.splice(0)) onTrace?.(i, entries);
      },
      abort: () => controller.abort(),
    },
  };
}

/** The early pull if it is of exactly `jobs`, given out once; any other is aborted, and none begins after this. */
export function adoptEarlyLayers(jobs: readonly LayerJob[]): EarlyLayers | undefined {
  asked = true;
  const begun = early;
  early = undefined;
  if (begun && begun.key === layerJobsKey(jobs)) return begun.run;
  begun?.run.abort();
  return undefined;
}
