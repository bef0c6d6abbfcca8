/**
 * Everything that names a layer or a manifest leads to it, as oci.dag.dev
 * links every digest: a history step to the layer it made, a raw document's
 * digests to what they name. Each lands where the address says, so a copied
 * address reopens it; the raw documents stay the bytes as received.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from '../support/use-browser';
import { loadTestBed, skopeoInspect } from '../support/test-bed';
import { holdChunk } from '../support/held-chunk';

const bed = loadTestBed();
const appUrl = inject('appUrl');
const browserOf = useBrowser();

async function open(image: string): Promise<Page> {
  const page = await browserOf().newPage();
  await page.goto(`${appUrl}/?${new URLSearchParams({ image })}`);
  return page;
}

/** The layer the page shows as chosen: its card's digest, the Files tab selected, and what has focus. */
async function landing(page: Page): Promise<{ card: string | null; tab: string | null; focused: string | null }> {
  await page.locator('[data-testid="layer-status"][data-selected="true"]').waitFor();
  return {
    card: await page.locator('[data-testid="layer-status"][data-selected="true"]').getAttribute('data-digest'),
    tab: await page.getByTestId('files-section').locator('[role="tab"][aria-selected="true"]').textContent(),
    focused: await page.evaluate(() => document.activeElement?.id ?? null),
  };
}

describe('links to what a digest names', () => {
  it('leads from a history step to the layer it made, by keyboard: its card chosen, its Files tab open, the address naming it', async () => {
    const image = `${bed.anonymous.host}/test/docker:v1`;
    const page = await open(image);
    await page.getByTestId('history-panel').waitFor();
    const layers = await page.getByTestId('layer-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-digest')));
    const steps = page.locator('[data-testid="history-row"][data-empty="false"]');
    expect(await steps.count()).toBe(layers.length);
    expect(layers.length).toBeGreaterThan(1);

    // A step that made no layer says so, and leads nowhere.
    const empty = page.locator('[data-testid="history-row"][data-empty="true"]').first();
    expect((await empty.getByTestId('history-layer').textContent())?.trim()).toBe('no layer');
    expect(await empty.locator('a').count()).toBe(0);

    const last = layers.length - 1;
    const link = steps.nth(last).getByTestId('history-layer-link');
    expect(await link.textContent()).toBe(`layer ${last + 1}`);
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('layer') === layers[last]);
    expect(new URL(page.url()).searchParams.get('image')).toBe(image);
    expect(await landing(page)).toEqual({ card: layers[last], tab: `Layer ${last + 1}`, focused: 'files-title' });

    // The address reopens the same layer.
    await page.reload();
    expect((await landing(page)).card).toBe(layers[last]);
    await page.close();
  });

  it('leads the focus to the files of a history step followed before the Files section has loaded, once it appears', async () => {
    const image = `${bed.anonymous.host}/test/docker:v1`;
    const page = await browserOf().newPage();
    // The Files section loads its code when first shown: held back, the step is followed while it is not on the page.
    const chunk = await holdChunk(page, 'This layer has not been verified yet.');
    await page.goto(`${appUrl}/?${new URLSearchParams({ image })}`);
    const link = page.locator('[data-testid="history-row"][data-empty="false"]').last().getByTestId('history-layer-link');
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.has('layer'));
    // The view asks for the section's code as it renders; the request reaches the hold on its own time.
    await expect.poll(() => chunk.holding, { message: "the Files section's code was not held", timeout: 20_000 }).toBe(true);
    expect(await page.getByTestId('files-section').count()).toBe(0);
    chunk.release();
    await page.getByTestId('files-section').waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'files-title');
    await page.close();
  });

  it("shows the raw config laid out and, at a click, as received, each diff_id a link to the layer it names", async () => {
    const image = `${bed.anonymous.host}/test/docker:v1`;
    const page = await open(image);
    await page.getByTestId('config-panel').waitFor();
    const layers = await page.getByTestId('layer-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-digest')));
    const diffIds = await page.getByTestId('diffid-row').evaluateAll((rows) => rows.map((r) => r.querySelectorAll('td')[1].textContent));

    await page.getByTestId('config-panel').getByText('Raw JSON').click();
    const raw = page.getByTestId('config-raw');
    const received = new TextDecoder().decode(await skopeoInspect(`docker://${image}`, { raw: true, config: true }));
    // Laid out one member per line (the registry sent one line), the same document token for token.
    const laidOut = (await raw.textContent())!;
    expect(await raw.getAttribute('data-layout')).toBe('laid-out');
    expect(laidOut.split('\n').length, 'lines laid out, against those received').toBeGreaterThan(received.split('\n').length + 10);
    expect(JSON.parse(laidOut)).toEqual(JSON.parse(received));
    const links = raw.getByTestId('raw-digest');
    expect((await links.allTextContents()).map((t) => JSON.parse(t))).toEqual(diffIds);
    // And exactly as received, still linked.
    await page.getByTestId('config-raw-as-received').click();
    expect(await raw.getAttribute('data-layout')).toBe('as-received');
    expect(await raw.textContent(), 'the config as received').toBe(received);
    expect((await links.allTextContents()).map((t) => JSON.parse(t))).toEqual(diffIds);

    await links.nth(1).click();
    await page.waitForURL((u) => u.searchParams.get('layer') === layers[1]);
    expect(await landing(page)).toEqual({ card: layers[1], tab: 'Layer 2', focused: 'files-title' });
    await page.close();
  });

  it("leads from each diff_id of the config's table to the layer it names", async () => {
    const page = await open(`${bed.anonymous.host}/test/docker:v1`);
    await page.getByTestId('config-panel').waitFor();
    const layers = await page.getByTestId('layer-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-digest')));
    const links = page.getByTestId('diffid-row').getByTestId('diffid-link');
    expect(await links.count(), 'a link per diff_id').toBe(layers.length);
    await links.nth(2).click();
    await page.waitForURL((u) => u.searchParams.get('layer') === layers[2]);
    expect(await landing(page)).toEqual({ card: layers[2], tab: 'Layer 3', focused: 'files-title' });
    await page.close();
  });

  it("chooses a platform from the raw index, as the platform's button does, and links the raw manifest's layers and config", async () => {
    const image = `${bed.anonymous.host}/test/multi:v1`;
    const page = await open(image);
    await page.getByTestId('config-panel').waitFor();
    const arm64 = (await page.locator('[data-testid="platform-row"][data-platform="linux/arm64/v8"]').getByTestId('index-digest-link').textContent())!;

    await page.getByTestId('index-panel').getByText('Raw JSON').click();
    await page.getByTestId('index-raw').getByTestId('raw-digest').filter({ hasText: arm64 }).click();
    await page.waitForURL((u) => u.searchParams.get('platform') === 'linux/arm64/v8');
    expect(new URL(page.url()).searchParams.get('image')).toBe(image);
    await page.locator('[data-testid="config-platform"]', { hasText: 'linux/arm64' }).waitFor();
    await page.locator('[data-testid="manifest-digest"]', { hasText: arm64 }).waitFor();

    // In the manifest: a layer leads to its files, the config to its panel.
    await page.getByTestId('manifest-panel').getByText('Raw JSON').click();
    const layer = (await page.getByTestId('layer-row').first().getAttribute('data-digest'))!;
    await page.getByTestId('manifest-raw').getByTestId('raw-digest').filter({ hasText: layer }).click();
    await page.waitForURL((u) => u.searchParams.get('layer') === layer && u.searchParams.get('platform') === 'linux/arm64/v8');
    expect((await landing(page)).card).toBe(layer);
    const config = JSON.parse((await page.getByTestId('manifest-raw').textContent())!).config.digest;
    await page.getByTestId('manifest-raw').getByTestId('raw-digest').filter({ hasText: config }).click();
    await page.waitForURL((u) => u.hash === '#config');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('config-title');
    await page.close();
  });
});
