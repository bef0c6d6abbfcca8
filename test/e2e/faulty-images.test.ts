/**
 * Images whose registry or whose documents get something wrong, at the
 * page: a registry serving other bytes than the digest names (the pull stops
 * there, nothing below is shown or offered), and configs whose history or
 * diff_ids do not pair with the layers (shown without guessing).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from '../support/use-browser';
import { loadTestBed } from '../support/test-bed';
import { entriesLayer, imageConfig, pushImage } from '../support/hostile-images';
import { startSubstitutingRegistry } from '../support/substituting-registry';
import type { RegistryFront } from '../support/registry-front';

const bed = loadTestBed();
const appUrl = inject('appUrl');
const browserOf = useBrowser();
const host = bed.anonymous.host;

let front: RegistryFront;
let amd64: string;
let arm64: string;

const base = entriesLayer([{ path: 'etc/base.txt', type: 'file', content: 'the base layer\n' }]);
const second = entriesLayer([{ path: 'etc/second.txt', type: 'file', content: 'the second layer\n' }]);

beforeAll(async () => {
  const answer = await fetch(`http://${host}/v2/test/multi/manifests/v1`, { headers: { accept: 'application/vnd.oci.image.index.v1+json' } });
  const index = (await answer.json()) as { manifests: Array<{ digest: string; platform?: { architecture: string } }> };
  amd64 = index.manifests.find((m) => m.platform?.architecture === 'amd64')!.digest;
  arm64 = index.manifests.find((m) => m.platform?.architecture === 'arm64')!.digest;
  front = await startSubstitutingRegistry(host, { manifests: new Map([[amd64, arm64]]), headers: new Map([['test/docker:v1', arm64]]) });

  // Three steps made a layer, but there are two layers: no step can be paired with one.
  await pushImage(host, 'faulty/history-mismatch', 'v1', {
    layers: [base, second],
    config: imageConfig([base.diffId, second.diffId], [{ created_by: 'ADD base' }, { created_by: 'RUN a' }, { created_by: 'RUN b' }, { created_by: 'ENV X=1', empty_layer: true }]),
  });
  // Two layers, one diff_id: docker load refuses such an image.
  await pushImage(host, 'faulty/diffids-count', 'v1', { layers: [base, second], config: imageConfig([base.diffId]) });
});

afterAll(async () => {
  await front?.close();
});

async function open(image: string): Promise<Page> {
  const page = await browserOf().newPage();
  await page.goto(`${appUrl}/?${new URLSearchParams({ image })}`);
  return page;
}

/** Waits until no layer is queued or downloading. */
async function layersSettled(page: Page): Promise<void> {
  await page.getByTestId('layers-panel').waitFor();
  await page.waitForFunction(() => {
    const rows = Array.from(document.querySelectorAll('[data-testid="layer-status"]'));
    return rows.length > 0 && rows.every((r) => ['done', 'error'].includes(r.getAttribute('data-status') ?? ''));
  });
}

describe('a registry that serves other bytes than the digest names', () => {
  it('stops a pull pinned by digest at the substituted manifest: shown as received and marked, with no config, layers, files or downloads', async () => {
    const page = await open(`${front.host}/test/multi@${amd64}`);
    const error = page.getByTestId('error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('DIGEST_MISMATCH');
    const message = await page.getByTestId('error-message').textContent();
    expect(message).toContain('served other bytes than the digest names');
    expect(message).toContain(amd64);
    expect(await page.getByTestId('check-manifest').getAttribute('data-ok')).toBe('false');
    expect(await page.getByTestId('manifest-digest').textContent()).toBe(arm64);
    await page.getByTestId('manifest-not-asked-for').waitFor();
    expect(await page.getByTestId('resolved-digest').textContent()).toContain('failed its digest check');
    for (const panel of ['config-panel', 'history-panel', 'layers-panel', 'downloads-panel', 'files-section']) {
      expect(await page.getByTestId(panel).count(), `${panel} shown`).toBe(0);
    }
    await page.close();
  });

  it('stops at an index entry whose manifest comes back as other bytes', async () => {
    const page = await open(`${front.host}/test/multi:v1`);
    await page.getByTestId('error').waitFor();
    expect(await page.getByTestId('check-index').getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('check-manifest').getAttribute('data-ok')).toBe('false');
    expect(await page.getByTestId('error-message').textContent()).toContain(`the index names manifest ${amd64}`);
    expect(await page.getByTestId('config-panel').count()).toBe(0);
    expect(await page.getByTestId('downloads-panel').count()).toBe(0);
    await page.close();
  });

  it("stops a tag pull whose Docker-Content-Digest disagrees with the bytes, saying the registry's header and the bytes disagree", async () => {
    const page = await open(`${front.host}/test/docker:v1`);
    await page.getByTestId('error').waitFor();
    const message = await page.getByTestId('error-message').textContent();
    expect(message).toContain("Docker-Content-Digest header and the bytes it sent disagree");
    expect(message).toContain(arm64);
    expect(await page.getByTestId('config-panel').count()).toBe(0);
    expect(await page.getByTestId('layers-panel').count()).toBe(0);
    await page.close();
  });
});

describe('configs that do not pair with their layers', () => {
  it('labels no history step with a layer when the steps and the layers disagree in number', async () => {
    const page = await open(`${host}/faulty/history-mismatch:v1`);
    await page.getByTestId('history-panel').waitFor();
    const labels = await page.getByTestId('history-layer').allTextContents();
    expect(labels.map((l) => l.trim())).toEqual(['layer ?', 'layer ?', 'layer ?', 'no layer']);
    await page.close();
  });

  it('offers no docker load archive when the diff_ids do not pair with the layers, and says why; the OCI layout stays', async () => {
    const page = await open(`${host}/faulty/diffids-count:v1`);
    await layersSettled(page);
    await page.getByTestId('downloads-panel').waitFor();
    expect(await page.getByTestId('download-docker').isDisabled()).toBe(true);
    expect(await page.getByTestId('downloads-diffids').textContent()).toContain('docker load would refuse the image');
    expect(await page.getByTestId('download-oci').isDisabled()).toBe(false);
    await page.close();
  });
});
