/**
 * Images whose registry or whose documents get something wrong or old, at
 * the page: a registry serving other bytes than the digest names for a
 * manifest or a config (the pull stops there, nothing below is shown or
 * offered), configs whose history or
 * diff_ids do not pair with the layers (shown without guessing), a config
 * that breaks the spec (shown as sent), nested indexes (followed), and a
 * Docker schema 1 image (its config, history and layers shown).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from '../support/use-browser';
import { loadTestBed } from '../support/test-bed';
import { OCI_MANIFEST, entriesLayer, gzipLayer, imageConfig, pushImage, pushIndex, type IndexEntry } from '../support/hostile-images';
import { SCHEMA1_SIGNED, signedSchema1 } from '../support/schema1-image';
import { startSubstitutingRegistry } from '../support/substituting-registry';
import type { RegistryFront } from '../support/registry-front';
import { uploadBlob } from '../../scripts/test-bed/registry-writer';

const bed = loadTestBed();
const appUrl = inject('appUrl');
const browserOf = useBrowser();
const host = bed.anonymous.host;

let front: RegistryFront;
let amd64: string;
let arm64: string;
let configAsked: string;
let configServed: string;

const base = entriesLayer([{ path: 'etc/base.txt', type: 'file', content: 'the base layer\n' }]);
const second = entriesLayer([{ path: 'etc/second.txt', type: 'file', content: 'the second layer\n' }]);

// The layer of a schema 1 step that wrote no files: an empty tar, repeated wherever such a step is.
const empty = gzipLayer(new Uint8Array(1024));
const schema1 = signedSchema1('faulty/schema1', 'v1', [
  { layer: base, v1: { id: 'a', container_config: { Cmd: ['/bin/sh', '-c', '#(nop) ADD file:base in /'] } } },
  { layer: second, v1: { id: 'b', parent: 'a', container_config: { Cmd: ['/bin/sh', '-c', '#(nop) COPY second /etc'] } } },
  {
    layer: empty,
    v1: { id: 'c', parent: 'b', throwaway: true, os: 'linux', architecture: 'amd64', container_config: { Cmd: ['/bin/sh', '-c', '#(nop) CMD ["sh"]'] }, config: { Env: ['A=b'], Cmd: ['sh'] } },
  },
]);

beforeAll(async () => {
  const answer = await fetch(`http://${host}/v2/test/multi/manifests/v1`, { headers: { accept: 'application/vnd.oci.image.index.v1+json' } });
  const index = (await answer.json()) as { manifests: Array<{ digest: string; platform?: { architecture: string } }> };
  amd64 = index.manifests.find((m) => m.platform?.architecture === 'amd64')!.digest;
  arm64 = index.manifests.find((m) => m.platform?.architecture === 'arm64')!.digest;
  for (const layer of [base, second, empty]) await uploadBlob(host, 'faulty/schema1', layer.blob);
  // The config asked for by its digest comes back as another config of the repository.
  configAsked = (await pushImage(host, 'faulty/config-substituted', 'v1', { layers: [base], config: imageConfig([base.diffId]) })).configDigest;
  const other = { ...JSON.parse(new TextDecoder().decode(imageConfig([base.diffId]))), architecture: 'arm64' };
  configServed = await uploadBlob(host, 'faulty/config-substituted', new TextEncoder().encode(JSON.stringify(other)));
  front = await startSubstitutingRegistry(host, {
    manifests: new Map([[amd64, arm64]]),
    blobs: new Map([[configAsked, configServed]]),
    headers: new Map([['test/docker:v1', arm64]]),
    documents: new Map([['faulty/schema1:v1', { mediaType: SCHEMA1_SIGNED, ...schema1 }]]),
  });
  // No rootfs at all: the config breaks the spec, its bytes are verified all the same.
  const noRootfs = new TextEncoder().encode(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Cmd: ['/bin/sh'] } }));
  await pushImage(host, 'faulty/config-no-rootfs', 'v1', { layers: [base], config: noRootfs });
  // v1: the top index's one entry is an index with no platform; v2: the same entry says linux/amd64.
  const image = async (tag: string, architecture: string): Promise<IndexEntry> => {
    const config = new TextEncoder().encode(JSON.stringify({ ...JSON.parse(new TextDecoder().decode(imageConfig([base.diffId]))), architecture }));
    const { manifestDigest } = await pushImage(host, 'faulty/nested', tag, { layers: [base], config });
    const size = (await (await fetch(`http://${host}/v2/faulty/nested/manifests/${manifestDigest}`, { headers: { accept: OCI_MANIFEST } })).arrayBuffer()).byteLength;
    return { mediaType: OCI_MANIFEST, digest: manifestDigest, size, platform: { os: 'linux', architecture } };
  };
  const inner = await pushIndex(host, 'faulty/nested', 'inner', [await image('amd64', 'amd64'), await image('arm64', 'arm64')]);
  await pushIndex(host, 'faulty/nested', 'v1', [inner]);
  await pushIndex(host, 'faulty/nested', 'v2', [{ ...inner, platform: { os: 'linux', architecture: 'amd64' } }]);

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

async function open(image: string, extra: Record<string, string> = {}): Promise<Page> {
  const page = await browserOf().newPage();
  await page.goto(`${appUrl}/?${new URLSearchParams({ image, ...extra })}`);
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

  it('stops at a config that comes back as other bytes: shown as received and marked, with no history, layers, files or downloads', async () => {
    const page = await open(`${front.host}/faulty/config-substituted:v1`);
    const error = page.getByTestId('error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('DIGEST_MISMATCH');
    const message = await page.getByTestId('error-message').textContent();
    expect(message).toContain(`the manifest names config ${configAsked}`);
    expect(message).toContain(configServed);
    expect(await page.getByTestId('check-manifest').getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('check-config').getAttribute('data-ok')).toBe('false');
    await page.getByTestId('config-not-asked-for').waitFor();
    expect(await page.getByTestId('config-platform').textContent(), 'the config as received').toBe('linux/arm64');
    for (const panel of ['history-panel', 'layers-panel', 'downloads-panel', 'files-section']) {
      expect(await page.getByTestId(panel).count(), `${panel} shown`).toBe(0);
    }
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

describe('a config that breaks the spec', () => {
  it('is shown as sent, its digest verified and its problem named, and its layers are pulled and verified by digest alone', async () => {
    const page = await open(`${host}/faulty/config-no-rootfs:v1`);
    await page.getByTestId('config-panel').waitFor();
    expect(await page.getByTestId('check-config').getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('config-problems').textContent()).toContain('config.rootfs is missing');
    expect(await page.getByTestId('config-cmd').textContent()).toBe('["/bin/sh"]');
    expect(await page.getByTestId('error').count()).toBe(0);
    await layersSettled(page);
    expect(await page.getByTestId('layer-status').getAttribute('data-status')).toBe('done');
    expect(await page.getByTestId('layer-diffid-check').getAttribute('data-ok')).toBe('unchecked');
    await page.close();
  });
});

describe('a nested index', () => {
  it('is followed to the platform asked for when its entry has no platform, and lists its entries', async () => {
    const page = await open(`${host}/faulty/nested:v1`, { platform: 'linux/arm64' });
    await page.locator('[data-testid="config-platform"]', { hasText: 'linux/arm64' }).waitFor();
    const nested = page.getByTestId('nested-index-panel');
    // The config can be the server's first view while the tab's own run is still on its way to the nested index.
    await nested.locator('[data-testid="platform-row"][data-chosen="true"]').waitFor();
    expect(await nested.getByTestId('platform-row').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-platform'), r.getAttribute('data-chosen')]))).toEqual([
      ['linux/amd64', 'false'],
      ['linux/arm64', 'true'],
    ]);
    await page.close();
  });

  it('is followed through a platform entry that is an index, and its other platforms open from it', async () => {
    const page = await open(`${host}/faulty/nested:v2`);
    await page.locator('[data-testid="config-platform"]', { hasText: 'linux/amd64' }).waitFor();
    const nested = page.getByTestId('nested-index-panel');
    const innerDigest = await nested.getByTestId('index-digest').textContent();
    // The top index names the nested one for linux/amd64 only: its arm64 image is reached through the nested index itself.
    await nested.getByRole('button', { name: 'linux/arm64' }).click();
    await page.waitForURL((u) => u.searchParams.get('platform') === 'linux/arm64' && u.searchParams.get('image') === `${host}/faulty/nested@${innerDigest}`);
    await page.locator('[data-testid="config-platform"]', { hasText: 'linux/arm64' }).waitFor();
    expect(await page.getByTestId('manifest-notice').count()).toBe(0);
    await page.close();
  });
});

describe('a Docker schema 1 image', () => {
  it('shows the config of its v1 JSON, its history, and its layers verified by digest', async () => {
    const page = await open(`${front.host}/faulty/schema1:v1`);
    await page.getByTestId('config-panel').waitFor();
    expect(await page.getByTestId('config-cmd').textContent()).toBe('["sh"]');
    expect(await page.getByTestId('history-row').count()).toBe(3);
    expect(await page.getByTestId('manifest-notice').textContent()).not.toContain('image config are not recorded');
    await layersSettled(page);
    expect(await page.getByTestId('layer-status').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')))).toEqual(['done', 'done', 'done']);
    await page.getByTestId('files-section').waitFor();
    await page.close();
  });

  it('links each blobSum of its raw manifest to the layer it names: schema 1 lists the top layer first', async () => {
    const page = await open(`${front.host}/faulty/schema1:v1`);
    await page.getByTestId('history-panel').waitFor();
    const layers = await page.getByTestId('layer-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-digest')));
    await page.getByTestId('manifest-panel').getByText('Raw JSON').click();
    const named = await page
      .getByTestId('manifest-raw')
      .getByTestId('raw-digest')
      .evaluateAll((links) => links.map((a) => new URL(a.getAttribute('href')!, location.href).searchParams.get('layer')));
    expect(named).toEqual([...layers].reverse());
    await page.close();
  });
});
