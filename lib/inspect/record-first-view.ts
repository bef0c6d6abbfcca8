/**
 * A page's first view, worked out where the page is rendered: the same
 * inspection the tab runs (inspectImage over a ProxyClient), its every answer
 * recorded (recorded-answer.ts) so the page can carry them and the tab replay
 * them instead of asking the registry again. Bounded in bytes and in time, so
 * a large image or a slow registry never holds the page: the tab then fetches
 * what was not recorded, as it does without a first view.
 */
import type { Reference } from '../reference';
import type { RecordedAnswer } from './recorded-answer';
import { recordingFetch } from './recorded-answer';
import { inspectImage, type InspectionState } from './inspect-image';
import { ProxyClient } from './proxy-client';
import { withPendingChecks, type ShownState } from './first-view-state';

/** What the page carries: the view to render (checks pending) and the answers the tab will hash. */
export interface FirstViewRecording {
  state: ShownState;
  answers: RecordedAnswer[];
}

export interface RecordFirstViewOptions {
  /** `os/arch[/variant]` from the URL, if any. */
  platform?: string;
  /** Serves proxy URLs (origin-relative, as the browser asks for them), e.g. the proxy handler in-process. */
  fetch: typeof fetch;
  /** How long the page may wait; what is not done by then is left to the tab. */
  budgetMs: number;
  /** Body bytes the page may carry; past them it carries nothing (and reads no further). */
  maxBytes: number;
  signal?: AbortSignal;
}

/**
 * Records the first inspection of `reference` (anonymous: a page load never
 * has credentials). Undefined when there is nothing worth carrying: it failed
 * (the tab redoes it and reports the error), went past the byte cap, or had
 * not resolved the first manifest within the budget.
 */
export async function recordFirstView(reference: Reference, options: RecordFirstViewOptions): Promise<FirstViewRecording | undefined> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  options.signal?.addEventListener('abort', stop, { once: true });
  const recording = recordingFetch(options.fetch, options.maxBytes);
  let latest: InspectionState = { reference };
  const run = inspectImage(reference, {
    client: new ProxyClient({ fetch: recording.fetch }),
    platform: options.platform,
    signal: controller.signal,
    onUpdate: (state) => (latest = state),
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), options.budgetMs)));
  try {
    const outcome = await Promise.race([run.then(() => 'done' as const, () => 'failed' as const), late]);
    if (outcome === 'failed') return undefined;
    // Out of time: stop asking, and carry what was recorded; the tab fetches the rest.
    if (outcome === 'late') controller.abort();
    // Before the first manifest is in there is nothing to show.
    if (latest.resolvedDigest === undefined) return undefined;
    return { state: withPendingChecks(latest), answers: [...recording.answers] };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stop);
    run.catch(() => undefined);
  }
}
