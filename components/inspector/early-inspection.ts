/**
 * The page's first inspection, begun in the browser before React hydrates
 * the page, and handed to the first effect that asks for the same image.
 */
import { parseReference, type Reference } from '@/lib/reference';
import { DocumentCache } from '@/lib/inspect/document-cache';
import { inspectImage, type InspectionState } from '@/lib/inspect/inspect-image';
import { ProxyClient } from '@/lib/inspect/proxy-client';
import { beginEarlyLayers } from '@/components/layers/early-layers';
import { layerJobs } from '@/components/layers/layer-jobs';
import { showEarlyChecks } from './early-checks';
import { firstViewFetch } from './first-view-answers';
import type { TraceEntry } from '@/lib/registry/trace';

/** The tab's cache of verified documents, keyed by digest; it outlives one inspection. */
export const documentCache = new DocumentCache();

/**
 * An inspection begun from the URL before React hydrates the page. On a first load the URL alone says what to inspect and
 * no credentials exist yet (they live in memory only), so the manifest (which
 * the page may carry already) and the config need not wait for hydration: the
 * first effect for the same image and platform adopts this run, its trace and
 * its latest state, instead of starting another.
 */
interface EarlyInspection {
  image: string;
  platform?: string;
  client: ProxyClient;
  controller: AbortController;
  latest: InspectionState;
  /** Trace entries received before adoption. */
  trace: TraceEntry[];
  result: Promise<InspectionState>;
  /** Set on adoption: where updates and trace entries go from then on. */
  adopter?: { onUpdate: (state: InspectionState) => void; onTrace: (entries: TraceEntry[]) => void };
}

// The early inspection is the anonymous one of a page load: credentials exist only once typed.
const NO_CREDENTIALS = { username: '', password: '' };

let early: EarlyInspection | undefined;
let begun = false;

/**
 * Starts the page's first inspection from the URL, once per page load. Called
 * from instrumentation-client.ts, which Next runs before it even loads React:
 * the manifest's answer (carried by the page, or fetched) is then checked and the
 * config requested while the framework's scripts evaluate and hydrate,
 * instead of after hydration reached this module.
 */
export function beginEarlyInspection(): void {
  if (begun || typeof window === 'undefined') return;
  begun = true;
  early = beginEarly(new URLSearchParams(window.location.search));
}

function beginEarly(params: URLSearchParams): EarlyInspection | undefined {
  const image = params.get('image');
  if (!image) return undefined;
  let reference: Reference;
  try {
    reference = parseReference(image);
  } catch {
    return undefined; // the effect reports it
  }
  const controller = new AbortController();
  // As the page names it (use-layers.ts): the layer to pull first, unless it is the merged view.
  const layer = params.get('layer') ?? undefined;
  const priority = layer !== 'merged' ? layer : undefined;
  const run: Partial<EarlyInspection> & { trace: TraceEntry[] } = { image, platform: params.get('platform') ?? undefined, controller, latest: { reference }, trace: [] };
  run.client = new ProxyClient({
    // The page may carry the answers to this inspection's first requests (its first view): they are replayed, not fetched again.
    fetch: firstViewFetch,
    onTrace: (entries) => (run.adopter ? run.adopter.onTrace(entries) : run.trace.push(...entries)),
  });
  run.result = inspectImage(reference, {
    client: run.client,
    platform: run.platform,
    signal: controller.signal,
    documentCache,
    onUpdate: (state) => {
      if (!run.latest?.manifest && state.manifest) warmLayerWorkers(state.manifest.view.layers.length);
      run.latest = state;
      // Until React adopts this run, the page is the server's HTML: its badges may turn ✓ now, and its layers may start.
      if (run.adopter) {
        run.adopter.onUpdate(state);
      } else {
        showEarlyChecks(state);
        const jobs = layerJobs(state, NO_CREDENTIALS, priority, window.location.origin);
        if (jobs) beginEarlyLayers(jobs, controller.signal);
      }
    },
  });
  // Its adopter handles the outcome; a run nobody adopts is aborted.
  run.result.catch(() => undefined);
  return run as EarlyInspection;
}

/**
 * Starts the layer workers as soon as the first manifest says how many layers
 * follow: their code then loads while the config is checked and React
 * hydrates, instead of after the layers panel asked for them.
 */
function warmLayerWorkers(layers: number): void {
  if (layers === 0) return;
  import('@/components/layers/layer-pool').then((pipeline) => pipeline.layerPool().warm(layers)).catch(() => {
    // The layers panel loads the same code and reports its failure.
  });
}

/** The early inspection if it may be used (`usable`) and is of `image` and `platform`; any early run is given out once, or aborted. */
export function adoptEarly(image: string, platform: string | undefined, usable: boolean): EarlyInspection | undefined {
  const run = early;
  early = undefined;
  if (run && usable && run.image === image && run.platform === platform) return run;
  run?.controller.abort();
  return undefined;
}
