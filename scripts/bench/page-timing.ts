/**
 * Timing inside the page: an init script (run before any of the app's code)
 * watches the DOM and records `performance.now()` — milliseconds since the
 * navigation started — the first time a selector matches. The mark is taken
 * in the mutation's own microtask, and the page reports it through a CDP
 * binding: waiting for it injects nothing into the page while it loads
 * (polling with `waitForFunction` compiles Playwright's injected script on
 * the page's main thread, ~100 ms that no user pays, in the middle of the
 * very load being timed).
 */
import type { Page } from 'playwright-core';

const BINDING = '__benchReportMark';

/** The marks a page reported, and who waits for which. */
interface PageMarks {
  reported: Map<string, number>;
  waiting: Map<string, Array<(ms: number) => void>>;
}

const marksOf = new WeakMap<Page, PageMarks>();

async function pageMarks(page: Page): Promise<PageMarks> {
  const held = marksOf.get(page);
  if (held) return held;
  const state: PageMarks = { reported: new Map(), waiting: new Map() };
  marksOf.set(page, state);
  await page.exposeBinding(BINDING, (_source, key: string, ms: number) => {
    if (state.reported.has(key)) return;
    state.reported.set(key, ms);
    for (const resolve of state.waiting.get(key) ?? []) resolve(ms);
    state.waiting.delete(key);
  });
  return state;
}

/** Records, under `key`, when `selector` first matches in `page`'s next documents. */
export async function markWhenPresent(page: Page, key: string, selector: string): Promise<void> {
  await pageMarks(page);
  await page.addInitScript(
    ({ key, selector, binding }) => {
      const report = (window as unknown as Record<string, (key: string, ms: number) => Promise<void>>)[binding];
      let marked = false;
      const observer = new MutationObserver(() => {
        if (!marked && document.querySelector(selector)) {
          marked = true;
          observer.disconnect();
          void report(key, performance.now());
        }
      });
      observer.observe(document, { subtree: true, childList: true, attributes: true });
    },
    { key, selector, binding: BINDING },
  );
}

/** Waits for the mark `key` and returns it (ms since navigation start); a TimeoutError after `timeoutMs`. */
export async function readMark(page: Page, key: string, timeoutMs: number): Promise<number> {
  const marks = await pageMarks(page);
  const reported = marks.reported.get(key);
  if (reported !== undefined) return reported;
  let timer: NodeJS.Timeout | undefined;
  let waiter: ((ms: number) => void) | undefined;
  try {
    return await new Promise<number>((resolve, reject) => {
      waiter = resolve;
      marks.waiting.set(key, [...(marks.waiting.get(key) ?? []), resolve]);
      timer = setTimeout(() => {
        const error = new Error(`no mark ${key} within ${timeoutMs} ms`);
        error.name = 'TimeoutError';
        reject(error);
      }, timeoutMs);
    });
  } finally {
    clearTimeout(timer);
    marks.waiting.set(key, (marks.waiting.get(key) ?? []).filter((w) => w !== waiter));
  }
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
