/**
 * Timing inside the page: an init script (run before any of the app's code)
 * watches the DOM and records `performance.now()` — milliseconds since the
 * navigation started — the first time a selector matches. The mark is taken
 * in the mutation's own microtask, so how often we poll for it afterwards
 * does not change the figure.
 */
import type { Page } from 'playwright-core';

/** Records, under `window[key]`, when `selector` first matches in `page`'s next documents. */
export async function markWhenPresent(page: Page, key: string, selector: string): Promise<void> {
  await page.addInitScript(
    ({ key, selector }) => {
      const marks = window as unknown as Record<string, number | undefined>;
      const observer = new MutationObserver(() => {
        if (marks[key] === undefined && document.querySelector(selector)) {
          marks[key] = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(document, { subtree: true, childList: true, attributes: true });
    },
    { key, selector },
  );
}

/** Waits for the mark `key` and returns it (ms since navigation start). */
export async function readMark(page: Page, key: string, timeoutMs: number): Promise<number> {
  const handle = await page.waitForFunction((key) => (window as unknown as Record<string, number | undefined>)[key], key, {
    polling: 100,
    timeout: timeoutMs,
  });
  return (await handle.jsonValue()) as number;
}

/**
 * Waits for the mark `key` as long as `progress()` keeps changing; fails when
 * it has not changed for `stallMs` (a stalled pull is broken, a slow one is
 * only slow and is measured however long it takes).
 */
export async function readMarkWhileProgressing(page: Page, key: string, progress: () => Promise<string>, stallMs: number): Promise<number> {
  let last = '';
  let lastChange = Date.now();
  for (;;) {
    try {
      return await readMark(page, key, 5_000);
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'TimeoutError') throw error;
    }
    const now = await progress();
    if (now !== last) {
      last = now;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > stallMs) {
      throw new Error(`no progress for ${stallMs / 1000} s (the page shows: ${now || 'nothing'})`);
    }
  }
}
