import type { Page } from 'playwright-core';

/** A script chunk of the app held back from a page until released. */
export interface HeldChunk {
  /** How many chunks holding the marker were held so far. */
  readonly held: number;
  /** True while one is held. */
  readonly holding: boolean;
  release(): void;
}

/**
 * Holds back the page's script chunks that contain `marker` (a string of the
 * code to hold, e.g. a component's words), so React cannot hydrate what they
 * hold until `release()`: what the page does without them is then certain,
 * not a race the machine's load decides. Without a release the chunk goes on
 * after 20 s, so that a test fails instead of hanging.
 */
export async function holdChunk(page: Page, marker: string): Promise<HeldChunk> {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const state = { held: 0, holding: false, release: () => release() };
  await page.route('**/_next/static/chunks/*.js', async (route) => {
    try {
      const response = await route.fetch();
      const body = await response.text();
      if (body.includes(marker)) {
        state.held++;
        state.holding = true;
        await Promise.race([released, new Promise((resolve) => setTimeout(resolve, 20_000))]);
        state.holding = false;
      }
      await route.fulfill({ response, body });
    } catch {
      // The page closed while a script was still on its way: nobody waits for it any more.
    }
  });
  return state;
}
