/**
 * Figure 1 (and the memory figure): the real app page pulling a one-layer
 * image in headless Chromium, so the bytes go through everything a user's
 * would — the production server's proxy, the page's layer workers (sha256 of
 * the blob, inflate, sha256 of the tar, tar index) and its cache writes.
 * Each run gets a fresh browser profile, kept on disk as a user's is: an
 * empty OPFS, nothing from cache.
 */
import { launchFreshProfile } from '../../test/support/browser';
import { markWhenPresent, readMark, readMarkWhileProgressing } from './page-timing';
import { chromiumMemory, samplePeaks, type ChromiumMemory } from './process-memory';

/** One page run's times: navigation to the config panel, and to the layer row's `data-status="done"`. */
export interface PageLayerTiming {
  ms: number;
  /** Navigation to the config panel: what comes before the layer's own work. */
  configShownMs: number;
}

/** One page run with the memory peaks meanwhile. */
export interface PageLayerRun extends PageLayerTiming {
  /** Pss of the tab's renderer process (the page and its workers): before navigating, and the peak. */
  idleTabBytes: number;
  peakTabBytes: number;
  /** RssAnon of the tab's renderer at its largest (Chrome's task manager's footprint). */
  peakTabPrivateBytes: number;
  /** Summed Pss of all renderer processes (spare ones included): before navigating, and the peak. */
  idleRendererBytes: number;
  peakRendererBytes: number;
  /** Summed Pss of every Chromium process: before navigating, and the peak. */
  idleChromiumBytes: number;
  peakChromiumBytes: number;
  /** The page's main-thread JS heap (CDP Runtime.getHeapUsage); workers have their own heaps, inside the renderer figure. */
  peakMainHeapBytes: number;
}

// What an unsampled run reports: nothing was read.
const NO_MEMORY: ChromiumMemory = { all: 0, renderers: 0, tab: 0, tabPrivate: 0 };

const DONE = '[data-testid="layer-status"][data-status="done"], [data-testid="layer-status"][data-status="error"]';

// How long the page may show no change at all before the run counts as broken; not a limit on slowness.
const STALL_MS = 60_000;

/**
 * Times the pull of `reference`'s one layer, as timeLayerInPage does, without
 * sampling memory: reading every Chromium process's smaps_rollup takes ~14 ms
 * of CPU a sample here, on the cores the page's worker needs, so the
 * throughput figures leave it to the memory figure's own runs.
 */
export async function timeLayerPull(appUrl: string, reference: string, layerDigest: string): Promise<PageLayerTiming> {
  const { ms, configShownMs } = await runLayerInPage(appUrl, reference, layerDigest, false);
  return { ms, configShownMs };
}

/** Opens `/?image=<reference>` in a fresh profile and times the pull of its one layer, which must verify; with the memory peaks meanwhile. */
export function timeLayerInPage(appUrl: string, reference: string, layerDigest: string): Promise<PageLayerRun> {
  return runLayerInPage(appUrl, reference, layerDigest, true);
}

async function runLayerInPage(appUrl: string, reference: string, layerDigest: string, sampleMemory: boolean): Promise<PageLayerRun> {
  const profile = await launchFreshProfile();
  const context = profile.context;
  try {
    // The profile's first tab: a second one would add a renderer that is not the page's.
    const page = context.pages()[0] ?? (await context.newPage());
    await markWhenPresent(page, '__benchLayerSettled', DONE);
    await markWhenPresent(page, '__benchConfigShown', '[data-testid="config-panel"]');
    const cdp = await context.newCDPSession(page);
    let peakMainHeapBytes = 0;
    const heapTimer = sampleMemory ? setInterval(() => {
      cdp
        .send('Runtime.getHeapUsage')
        .then((usage) => (peakMainHeapBytes = Math.max(peakMainHeapBytes, usage.usedSize)))
        .catch(() => {});
    }, 250) : undefined;
    const idle = sampleMemory ? chromiumMemory() : NO_MEMORY;
    const memory = sampleMemory ? samplePeaks(chromiumMemory) : { stop: () => NO_MEMORY };
    let ms: number;
    try {
      await page.goto(`${appUrl}/?${new URLSearchParams({ image: reference })}`, { waitUntil: 'commit' });
      const progress = () =>
        page
          .locator('[data-testid="layer-status"]')
          .evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-status')} ${r.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow') ?? '-'}%`).join(', '))
          .catch(() => '');
      ms = await readMarkWhileProgressing(page, '__benchLayerSettled', progress, STALL_MS);
    } finally {
      clearInterval(heapTimer);
    }
    const peaks = memory.stop();
    const row = page.locator(`[data-testid="layer-status"][data-digest="${layerDigest}"]`);
    const status = await row.getAttribute('data-status');
    if (status !== 'done') {
      const error = await row.locator('[data-testid="layer-error"]').textContent().catch(() => null);
      throw new Error(`${reference}: layer ${layerDigest} ended ${status}: ${error ?? 'no error shown'}`);
    }
    const checks = await row.locator('[data-testid="layer-digest-check"], [data-testid="layer-diffid-check"]').evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-ok')),
    );
    if (checks.join() !== 'true,true') throw new Error(`${reference}: digest and diff_id checks read ${checks.join()}, want true,true`);
    const configShownMs = await readMark(page, '__benchConfigShown', 1_000);
    return {
      ms,
      configShownMs,
      idleTabBytes: idle.tab,
      peakTabBytes: peaks.tab,
      peakTabPrivateBytes: peaks.tabPrivate,
      idleRendererBytes: idle.renderers,
      peakRendererBytes: peaks.renderers,
      idleChromiumBytes: idle.all,
      peakChromiumBytes: peaks.all,
      peakMainHeapBytes,
    };
  } finally {
    await profile.close();
  }
}
