/**
 * Values an image's publisher may make as long as they like (an env value,
 * a label, an entrypoint, a history step, a manifest annotation): each shows
 * its start and a button that shows it whole, so the page keeps its height;
 * the raw JSON keeps every value whole.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { useBrowser } from '../support/use-browser';
import { loadTestBed } from '../support/test-bed';
import { OCI_CONFIG, OCI_MANIFEST, descriptorJson, entriesLayer, pushImage } from '../support/hostile-images';
import { uploadBlob } from '../../scripts/test-bed/registry-writer';

const bed = loadTestBed();
const appUrl = inject('appUrl');
const browserOf = useBrowser();
const host = bed.anonymous.host;
const repository = 'test/long-values';

const envValue = `start-of-env ${'A'.repeat(200_000)} end-of-env`;
const labelValue = `start-of-label ${'B'.repeat(300_000)} end-of-label`;
const entrypoint = ['/bin/' + 'e'.repeat(5_000)];
const step = `/bin/sh -c echo ${'s'.repeat(20_000)}`;
const annotation = `start-of-annotation ${'p'.repeat(1024 * 1024)} end-of-annotation`;

// Taller than any of these panels with its values folded, far shorter than one of the values unfolded.
const PANEL_PX = 2_500;

async function height(locator: Locator): Promise<number> {
  return (await locator.boundingBox())!.height;
}

describe('long values', () => {
  beforeAll(async () => {
    const layer = entriesLayer([{ type: 'file', path: 'x', content: 'x\n' }]);
    const config = new TextEncoder().encode(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        config: { Env: ['PATH=/usr/bin', `HUGE=${envValue}`], Labels: { 'org.example.huge': labelValue }, Entrypoint: entrypoint, Cmd: ['run'] },
        rootfs: { type: 'layers', diff_ids: [layer.diffId] },
        history: [{ created_by: step }],
      }),
    );
    const configDigest = await uploadBlob(host, repository, config);
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: JSON.parse(descriptorJson({ mediaType: OCI_CONFIG, digest: configDigest, size: config.length })),
      layers: [JSON.parse(descriptorJson(layer))],
      annotations: { 'org.example.pad': annotation },
    });
    await pushImage(host, repository, 'v1', { layers: [layer], config, manifest });
  });

  it('folds each to its start with a button that shows it whole, so the panels keep their height; the raw JSON stays whole', async () => {
    const page = await browserOf().newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${appUrl}/?${new URLSearchParams({ image: `${host}/${repository}:v1` })}`);
    const config = page.getByTestId('config-panel');
    const manifest = page.getByTestId('manifest-panel');
    const history = page.getByTestId('history-panel');
    await config.getByTestId('env-table').waitFor();
    await history.getByTestId('history-row').waitFor();
    for (const panel of [config, manifest, history]) expect(await height(panel)).toBeLessThan(PANEL_PX);

    const env = config.getByTestId('env-row').filter({ hasText: 'HUGE' });
    const toggle = env.getByTestId('clamped-value-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await toggle.textContent()).toBe('Show all (195.3 KiB)');
    expect(await env.getByTestId('clamped-value').textContent()).toMatch(/^start-of-env A+…$/);
    // Short values are shown whole, with no button.
    expect(await config.getByTestId('env-row').filter({ hasText: 'PATH' }).getByTestId('clamped-value-toggle').count()).toBe(0);
    expect(await config.getByTestId('config-cmd').textContent()).toBe('["run"]');

    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await toggle.textContent()).toBe('Show less');
    expect(await page.locator(`[id="${await toggle.getAttribute('aria-controls')}"]`).textContent()).toBe(envValue);
    // Whole, it scrolls in its own box: the page does not grow by its 200 KB.
    expect(await height(config)).toBeLessThan(PANEL_PX);
    await toggle.click();
    expect(await env.getByTestId('clamped-value').getAttribute('data-folded')).toBe('true');

    const label = config.getByTestId('label-row');
    await label.getByTestId('clamped-value-toggle').click();
    expect(await label.getByTestId('clamped-value').textContent()).toBe(labelValue);
    await config.getByTestId('config-entrypoint').getByTestId('clamped-value-toggle').click();
    expect(await config.getByTestId('config-entrypoint').getByTestId('clamped-value').textContent()).toBe(JSON.stringify(entrypoint));
    await history.getByTestId('clamped-value-toggle').click();
    expect(await history.getByTestId('clamped-value').textContent()).toBe(`RUN echo ${'s'.repeat(20_000)}`);
    await manifest.getByTestId('clamped-value-toggle').click();
    expect(await manifest.getByTestId('clamped-value').textContent()).toBe(annotation);
    for (const panel of [config, manifest, history]) expect(await height(panel)).toBeLessThan(PANEL_PX);

    // The raw JSON is the document as received, every value whole.
    await config.getByText('Raw JSON').click();
    expect(await config.getByTestId('config-raw').textContent()).toContain(labelValue);
    await page.close();
  });
});

