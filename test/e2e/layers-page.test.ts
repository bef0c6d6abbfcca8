/**
 * Layers in the browser: every layer of each test image downloads, inflates
 * and verifies in the page's workers; damaged bytes are caught and named;
 * a shared blob comes from the tab's cache; deep links reopen a file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { holdChunk } from '../support/held-chunk';
import { launchFreshProfile } from '../support/browser';
import { useBrowser } from '../support/use-browser';
import { loadTestBed } from '../support/test-bed';
import { run } from '../support/archive-tools';
import { umociListingWithLinks } from '../support/umoci-listing';
import { gzipLayer, imageConfig, pushImage } from '../support/hostile-images';
import { tarArchive, type TarEntry } from '../../scripts/test-bed/images/tar-writer';

const bed = loadTestBed();
const RANDOM_FILE = '/data/random-1MiB.bin';
const appUrl = inject('appUrl');
const browserOf = useBrowser();

function viewUrl(image: string, extra: Record<string, string> = {}): string {
  return `${appUrl}/?${new URLSearchParams({ image, ...extra })}`;
}

/** Waits until no layer is queued or downloading, then returns each layer's status. */
async function settledLayers(page: Page): Promise<Array<{ digest: string; status: string; fromCache: string }>> {
  await page.getByTestId('layers-panel').waitFor();
  await page.waitForFunction(() => {
    const rows = Array.from(document.querySelectorAll('[data-testid="layer-status"]'));
    return rows.length > 0 && rows.every((r) => ['done', 'error'].includes(r.getAttribute('data-status') ?? ''));
  });
  return page.getByTestId('layer-status').evaluateAll((rows) =>
    rows.map((r) => ({
      digest: r.getAttribute('data-digest') ?? '',
      status: r.getAttribute('data-status') ?? '',
      fromCache: r.getAttribute('data-from-cache') ?? '',
    })),
  );
}

describe('layers in the page', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await browserOf().newContext();
  });
  afterAll(async () => {
    await context.close();
  });

  it.each(['test/layers:v1', 'test/docker:v1', 'test/whiteouts:v1', 'test/zstd:v1', 'test/plain:v1', 'test/multimember:v1', 'test/big:v1'])(
    'verifies every layer of %s: digest and diff_id',
    async (image) => {
      const page = await context.newPage();
      await page.goto(viewUrl(`${bed.anonymous.host}/${image}`));
      const layers = await settledLayers(page);
      expect(layers.map((l) => l.status)).toEqual(layers.map(() => 'done'));
      const digestChecks = await page.getByTestId('layer-digest-check').evaluateAll((els) => els.map((e) => e.getAttribute('data-ok')));
      const diffChecks = await page.getByTestId('layer-diffid-check').evaluateAll((els) => els.map((e) => e.getAttribute('data-ok')));
      expect(digestChecks).toEqual(layers.map(() => 'true'));
      expect(diffChecks).toEqual(layers.map(() => 'true'));
      expect(await page.getByTestId('layers-explainer').textContent()).toContain('inflate, sha256 of the tar');
      await page.close();
    },
  );

  it('starts the first pull before the page has hydrated, and the page takes it over: each blob is fetched once', async () => {
    // A context of its own: an empty blob cache, so every layer goes to the network.
    const fresh = await browserOf().newContext();
    const page = await fresh.newPage();
    // Hold back the page's layers code (use-layers.ts): until it arrives, React cannot hydrate the layers panel, nor start a pull.
    const chunk = await holdChunk(page, 'The merged filesystem appears when every layer');
    const blobRequests: string[] = [];
    let requestedWhileHeld: boolean | undefined;
    page.on('request', (request) => {
      const digest = /\/blobs\/(sha256:[0-9a-f]{64})$/.exec(new URL(request.url()).pathname)?.[1];
      if (!request.url().includes('/api/registry/') || !digest) return;
      blobRequests.push(digest);
      requestedWhileHeld ??= chunk.holding;
      // Released by the first blob request.
      chunk.release();
    });
    const image = `${bed.anonymous.host}/test/layers:v1`;
    await page.goto(viewUrl(image));
    const layers = await settledLayers(page);
    expect(chunk.held, "no chunk held the page's layers code").toBeGreaterThan(0);
    expect(requestedWhileHeld, 'the first blob request waited for the page to hydrate').toBe(true);
    expect(layers.map((l) => l.status)).toEqual(layers.map(() => 'done'));
    // The config's blob is one request too (the document's answers cover it on a page load); layers once each.
    const layerRequests = blobRequests.filter((d) => layers.some((l) => l.digest === d));
    expect(layerRequests.sort()).toEqual(layers.map((l) => l.digest).sort());
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await fresh.close();
  });

  it('reports the corrupted layer as a digest mismatch naming both digests, and keeps the other layer verified', async () => {
    const page = await context.newPage();
    await page.goto(viewUrl(`${bed.anonymous.host}/test/corrupt:v1`));
    const layers = await settledLayers(page);
    const bad = layers.find((l) => l.digest === bed.corruptLayerDigest);
    expect(bad?.status).toBe('error');
    expect(layers.filter((l) => l.digest !== bed.corruptLayerDigest).map((l) => l.status)).toEqual(['done']);
    const error = page.locator(`[data-testid="layer-status"][data-digest="${bed.corruptLayerDigest}"] [data-testid="layer-error"]`);
    expect(await error.getAttribute('data-code')).toBe('DIGEST_MISMATCH');
    const message = (await error.textContent()) ?? '';
    expect(message).toContain(bed.corruptLayerDigest);
    expect(message).toMatch(/got sha256:[a-f0-9]{64}/);
    // Nothing of that layer is offered as verified.
    expect(await page.locator(`[data-testid="layer-status"][data-digest="${bed.corruptLayerDigest}"] [data-testid="layer-digest-check"]`).count()).toBe(0);
    await page.close();
  });

  it("names each layer's bar and says in a status region how many layers verified and failed", async () => {
    const page = await context.newPage();
    await page.goto(viewUrl(`${bed.anonymous.host}/test/corrupt:v1`));
    const layers = await settledLayers(page);
    const bad = layers.findIndex((l) => l.digest === bed.corruptLayerDigest);
    const good = layers.findIndex((l) => l.digest !== bed.corruptLayerDigest);
    const panel = page.getByTestId('layers-panel');
    const badBar = panel.getByRole('progressbar', { name: `Layer ${bad + 1} download` });
    const goodBar = panel.getByRole('progressbar', { name: `Layer ${good + 1} download` });
    expect(await goodBar.getAttribute('aria-valuetext')).toMatch(/ of .*, verified$/);
    expect(await badBar.getAttribute('aria-valuetext')).toMatch(/ of .*, failed$/);
    expect(await panel.getByRole('status').textContent()).toBe(`1 of ${layers.length} verified, 1 failed`);
    // The failed bar ends where the error's count of bytes hashed does, not at the last progress report.
    const hashed = /\((\d+) bytes hashed\)/.exec((await panel.getByTestId('layer-error').textContent()) ?? '')?.[1];
    expect(await badBar.getAttribute('aria-valuenow'), `got the bar short of the ${hashed} bytes hashed`).toBe('100');
    await page.close();
  });

  it('pulls the layers again on Retry after a failure, and then verifies them all', async () => {
    // A fresh profile, so no layer comes from the cache; the first request for one blob is cut off, as a dropped connection would.
    const fresh = await browserOf().newContext();
    const page = await fresh.newPage();
    let cut = 0;
    await page.route('**/blobs/**', async (route) => {
      if (cut++ === 0) return route.abort('connectionreset');
      return route.continue();
    });
    await page.goto(viewUrl(`${bed.anonymous.host}/test/layers:v1`));
    const before = await settledLayers(page);
    expect(before.filter((l) => l.status === 'error')).toHaveLength(1);
    await page.getByTestId('layers-retry').click();
    await page.waitForFunction(() => {
      const rows = Array.from(document.querySelectorAll('[data-testid="layer-status"]'));
      return rows.length > 0 && rows.every((r) => r.getAttribute('data-status') === 'done');
    });
    expect(await page.getByTestId('layers-retry').count()).toBe(0);
    expect(await page.getByTestId('layer-digest-check').evaluateAll((els) => els.map((e) => e.getAttribute('data-ok')))).toEqual(before.map(() => 'true'));
    await fresh.close();
  });

  it('takes a base layer shared with an image seen before from the cache', async () => {
    const page = await context.newPage();
    await page.goto(viewUrl(`${bed.anonymous.host}/test/layers:v1`));
    await settledLayers(page);
    await page.goto(viewUrl(`${bed.anonymous.host}/test/shares-base:v1`));
    const layers = await settledLayers(page);
    const shared = layers.find((l) => l.digest === bed.sharedBaseLayerDigest);
    expect(shared?.status).toBe('done');
    expect(shared?.fromCache).toBe('true');
    expect(layers.filter((l) => l.digest !== bed.sharedBaseLayerDigest).map((l) => l.fromCache)).toEqual(['false']);
    expect(await page.getByTestId('from-cache').count()).toBe(1);
    // A read of the tab's own copy gives no transfer rate; the layer from the registry does.
    const status = (digest: string) => page.locator(`[data-testid="layer-status"][data-digest="${digest}"]`).textContent();
    expect(await status(bed.sharedBaseLayerDigest)).toContain('read from this tab’s cache');
    expect(await status(bed.sharedBaseLayerDigest)).not.toMatch(/B\/s/);
    const other = layers.find((l) => l.digest !== bed.sharedBaseLayerDigest)!.digest;
    expect(await status(other)).toMatch(/B\/s/);
    expect(await status(other)).not.toContain('cache');
    await page.close();
  });
});

describe('a browser whose storage is nearly full', () => {
  it('pulls and verifies a layer larger than the room left, without a stored copy, and fetches it again when asked', async () => {
    // A fresh profile on disk (an in-memory context keeps its storage in memory, past any quota), its own so that
    // another test's copies do not count against it.
    const profile = await launchFreshProfile();
    const context = profile.context;
    try {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(appUrl).origin, quotaSize: 5 * 1024 * 1024 });
      const image = viewUrl(`${bed.anonymous.host}/test/big:v1`);
      await page.goto(image);
      const layers = await settledLayers(page);
      expect(layers.map((l) => l.status)).toEqual(layers.map(() => 'done'));
      expect(await page.getByTestId('layer-digest-check').evaluateAll((els) => els.map((e) => e.getAttribute('data-ok')))).toEqual(layers.map(() => 'true'));
      // Nothing stored: a second visit fetches the layer again, and verifies it again.
      await page.goto(image);
      const again = await settledLayers(page);
      expect(again.map((l) => `${l.status} ${l.fromCache}`)).toEqual(again.map(() => 'done false'));
      await page.close();
    } finally {
      await profile.close();
    }
  });
});

describe("an attestation manifest's statements", () => {
  it('are verified as documents, read with what they are about, and leave no filesystem to flatten', async () => {
    const host = bed.anonymous.host;
    const index = await (await fetch(`http://${host}/v2/test/multi/manifests/v1`, { headers: { Accept: 'application/vnd.oci.image.index.v1+json' } })).json();
    type Entry = { digest: string; platform?: { architecture: string }; annotations?: Record<string, string> };
    const entries = index.manifests as Entry[];
    const attestation = entries.find((m) => m.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest')!;
    const subject = attestation.annotations!['vnd.docker.reference.digest'];
    expect(entries.find((m) => m.digest === subject)?.platform?.architecture).toBe('amd64');

    const page = await browserOf().newPage();
    await page.goto(viewUrl(`${host}/test/multi@${attestation.digest}`));
    const layers = await settledLayers(page);
    expect(layers.map((l) => l.status)).toEqual(['done']);
    expect(await page.getByTestId('manifest-notice').textContent()).toContain('An attestation manifest');
    expect(await page.getByTestId('layer-digest-check').getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('layer-diffid-check').getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('layer-content').textContent()).toContain('a document, not a filesystem');
    expect(await page.getByTestId('layers-explainer').textContent()).toContain('documents, not filesystems: there is nothing to inflate');
    expect(await page.getByTestId('layer-error').count()).toBe(0);
    // Its files open on the document itself: there is no merged filesystem to offer.
    await page.getByTestId('artifact-document').waitFor();
    expect(await page.getByTestId('files-tab-merged').count()).toBe(0);
    expect(await page.getByTestId('files-tab-layer').getAttribute('aria-selected')).toBe('true');
    expect(new URL(page.url()).searchParams.get('layer')).toBeNull();
    expect(await page.getByTestId('downloads-waiting').textContent()).toContain('layer 1 is a document, not files');
    expect(await page.getByTestId('download-rootfs').isDisabled()).toBe(true);
    expect(await page.getByTestId('download-docker').isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Read the document' }).click();
    const document = page.getByTestId('artifact-document');
    await page.getByTestId('in-toto-statement').waitFor();
    expect(await page.getByTestId('in-toto-predicate-type').textContent()).toBe('https://spdx.dev/Document');
    // The statement's types are web addresses: links that take nothing of the page along.
    const predicateLink = page.getByTestId('in-toto-predicate-type').getByTestId('annotation-link');
    expect(await predicateLink.getAttribute('href')).toBe('https://spdx.dev/Document');
    expect(await predicateLink.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    // The statement is over the 1 MiB preview, as a real SBOM often is: summed up and indented from its first bytes.
    expect(await document.getByTestId('file-text').textContent()).toContain('"_type": "https://in-toto.io/Statement/v0.1"');
    expect(await document.getByTestId('document-preview-note').textContent()).toMatch(/^The first 1(\.0)? MiB of 1\.\d MiB/);
    // Its ~40,000 indented lines go into the page a page at a time.
    expect(await document.locator('[data-testid="file-text"] code > span').count()).toBe(2000);
    await document.getByTestId('file-text-more').click();
    expect(await document.locator('[data-testid="file-text"] code > span').count()).toBe(4000);
    const link = page.getByTestId('in-toto-subject-link');
    expect(await link.textContent()).toBe(subject);
    await link.click();
    await page.waitForURL((u) => u.searchParams.get('image') === `${host}/test/multi@${subject}`);
    await page.locator('[data-testid="config-platform"]', { hasText: 'linux/amd64' }).waitFor();
    await page.close();
  });
});

describe('files in the page', () => {
  it('opens a deep link to a file of the merged filesystem with its content', async () => {
    const page = await browserOf().newPage();
    await page.goto(viewUrl(`${bed.anonymous.host}/test/whiteouts:v1`, { layer: 'merged', path: '/var/opaque/a.txt' }));
    const viewer = page.locator('[data-testid="file-viewer"][data-path="/var/opaque/a.txt"]');
    await viewer.waitFor();
    await page.getByTestId('file-text').waitFor();
    expect(await page.getByTestId('file-text').textContent()).toContain('rewritten above the opaque whiteout');
    await page.close();
  });

  it.each([
    ['without its leading slash', 'var/opaque/a.txt'],
    ['with a trailing slash and a dot', '/var/./opaque/a.txt/'],
  ])('opens a deep link %s as the canonical path: the URL, the tree and the viewer agree', async (_, given) => {
    const page = await browserOf().newPage();
    await page.goto(viewUrl(`${bed.anonymous.host}/test/whiteouts:v1`, { layer: 'merged', path: given }));
    await page.waitForURL((u) => u.searchParams.get('path') === '/var/opaque/a.txt');
    await page.locator('[data-testid="file-viewer"][data-path="/var/opaque/a.txt"]').waitFor();
    await page.locator('[data-testid="tree-row"][data-path="/var/opaque/a.txt"][aria-selected="true"]').waitFor();
    await page.close();
  });

  it("changes view in the tab alone: with Pullscope's server out of reach, a layer's files, a file, a digest link and Back keep the tab", async () => {
    const page = await browserOf().newPage();
    await page.goto(viewUrl(`${bed.anonymous.host}/test/layers:v1`));
    await settledLayers(page);
    await page.getByText('Private repository').click();
    await page.getByLabel('Username').fill('someone');
    // From here the server renders nothing: a page load, or a request for the next view's server rendering, fails.
    // The registry proxy and static files stay reachable (a view may fetch a document it has not seen).
    const asked: string[] = [];
    await page.route(`${appUrl}/**`, (route) => {
      const url = new URL(route.request().url());
      if (url.pathname !== '/') return route.continue();
      asked.push(`${route.request().method()} ${url.pathname}${url.search}`);
      return route.abort('connectionrefused');
    });
    const before = page.url();
    await page.getByRole('button', { name: /Browse files/ }).first().click();
    await page.waitForURL((u) => u.searchParams.has('layer'));
    const browsed = new URL(page.url()).searchParams.get('layer');
    await page.getByTestId('tree-row').first().waitFor();
    // The manifest's link to another layer's files.
    const link = page.getByTestId('manifest-panel').locator(`a.digest[href*="layer="]:not([href*="${encodeURIComponent(browsed!)}"]):visible`).first();
    const linked = new URL(await link.getAttribute('href') as string, appUrl).searchParams.get('layer');
    await link.click();
    await page.waitForURL((u) => u.searchParams.get('layer') === linked);
    await page.locator(`[data-testid="files-tab-layer"][aria-selected="true"]`).waitFor();
    await page.goBack();
    await page.waitForURL((u) => u.searchParams.get('layer') === browsed);
    await page.goBack();
    await page.waitForURL(before);
    expect(await page.getByLabel('Username').inputValue(), 'what was typed is still there').toBe('someone');
    expect(await page.getByTestId('layer-status').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')))).toEqual(
      expect.arrayContaining(['done']),
    );
    expect(asked, 'requests to the server for the views').toEqual([]);
    await page.close();
  });

  it('opens a deep link to a directory expanded, and a click on it there still folds it', async () => {
    const page = await browserOf().newPage();
    await page.goto(viewUrl(`${bed.anonymous.host}/test/whiteouts:v1`, { layer: 'merged', path: '/var/opaque' }));
    const dir = page.locator('[data-testid="tree-row"][data-path="/var/opaque"]');
    await page.locator('[data-testid="tree-row"][data-path="/var/opaque"][aria-selected="true"]').waitFor();
    expect(await dir.getAttribute('aria-expanded')).toBe('true');
    await page.locator('[data-testid="tree-row"][data-path="/var/opaque/a.txt"]').waitFor();
    await dir.click();
    await page.locator('[data-testid="tree-row"][data-path="/var/opaque"][aria-expanded="false"]').waitFor();
    expect(await page.locator('[data-testid="tree-row"][data-path="/var/opaque/a.txt"]').count()).toBe(0);
    await page.close();
  });

  it('makes each file opened a step Back returns to, a followed symlink too, and the first view stays in the history', async () => {
    const page = await browserOf().newPage();
    const start = viewUrl(`${bed.anonymous.host}/test/whiteouts:v1`);
    await page.goto(start);
    await settledLayers(page);
    // Each step waits for the address it makes, so that each is its own history entry, as a person's clicks are.
    await page.locator('[data-testid="tree-row"][data-path="/usr"]').click();
    await page.waitForURL((u) => u.searchParams.get('path') === '/usr');
    await page.locator('[data-testid="tree-row"][data-path="/usr/bin"]').click();
    await page.waitForURL((u) => u.searchParams.get('path') === '/usr/bin');
    await page.locator('[data-testid="tree-row"][data-path="/usr/bin/hello-relative"]').click();
    await page.locator('[data-testid="file-viewer"][data-path="/usr/bin/hello-relative"]').waitFor();
    await page.getByTestId('follow-symlink').click();
    await page.locator('[data-testid="file-viewer"][data-path="/bin/hello"]').waitFor();
    await page.goBack();
    await page.locator('[data-testid="file-viewer"][data-path="/usr/bin/hello-relative"]').waitFor();
    await page.goBack();
    await page.waitForURL((u) => u.searchParams.get('path') === '/usr/bin');
    await page.goBack();
    await page.waitForURL((u) => u.searchParams.get('path') === '/usr');
    await page.goBack();
    await page.waitForURL((u) => u.toString() === start);
    expect(await page.getByTestId('manifest-panel').isVisible()).toBe(true);
    await page.close();
  });

  it('applies whiteouts in the merged tree and shows what they hid on request', async () => {
    const page = await browserOf().newPage();
    await page.goto(viewUrl(`${bed.anonymous.host}/test/whiteouts:v1`, { layer: 'merged', path: '/opt/new' }));
    const tree = page.getByTestId('file-tree');
    await tree.waitFor();
    await page.locator('[data-testid="tree-row"][data-path="/opt/new"]').waitFor();
    expect(await page.locator('[data-testid="tree-row"][data-path="/opt/old"]').count()).toBe(0);
    await page.getByLabel('show hidden').check();
    await page.locator('[data-testid="tree-row"][data-path="/opt/old"][data-hidden="true"]').waitFor();
    await page.close();
  });

  it('opens a layer view by digest, marks its whiteouts as deletions, and keeps the choice in the URL', async () => {
    const page = await browserOf().newPage();
    await page.goto(viewUrl(`${bed.anonymous.host}/test/whiteouts:v1`));
    await settledLayers(page);
    const second = await page.getByTestId('layer-status').nth(1).getAttribute('data-digest');
    await page.getByTestId('layer-status').nth(1).getByRole('button', { name: /Browse files/ }).click();
    await page.waitForURL((u) => u.searchParams.get('layer') === second);
    await page.locator('[data-testid="tree-row"][data-path="/opt"]').click();
    await page.locator('[data-testid="tree-row"][data-path="/opt/old"][data-whiteout="true"]').waitFor();
    await page.close();
  });

  it('shows a hard link with the size of the file it shares, in the merged tree and in its layer', async () => {
    const page = await browserOf().newPage();
    await page.goto(viewUrl(`${bed.anonymous.host}/test/whiteouts:v1`, { layer: 'merged', path: '/bin/hello' }));
    const sizeCell = (path: string) => page.locator(`[data-testid="tree-row"][data-path="${path}"] [data-testid="row-size"]`);
    await sizeCell('/bin/hello-hardlink').waitFor();
    const size = (await sizeCell('/bin/hello').textContent())!.trim();
    expect(size).toMatch(/^\d+ B$/);
    expect((await sizeCell('/bin/hello-hardlink').textContent())!.trim()).toBe(size);
    expect(await sizeCell('/bin/hello-hardlink').getAttribute('title')).toContain('shared with /bin/hello');
    // The layer that wrote both: the link's entry there holds no bytes of its own.
    const first = await page.getByTestId('layer-status').nth(0).getAttribute('data-digest');
    await page.goto(viewUrl(`${bed.anonymous.host}/test/whiteouts:v1`, { layer: first!, path: '/bin/hello' }));
    expect((await sizeCell('/bin/hello-hardlink').textContent())!.trim()).toBe(size);
    await page.close();
  });

  it("counts the bytes higher layers replaced or deleted as umoci's unpack and the layer tars tell, and opens the largest where it still is", async () => {
    // What the layers ship: every regular file's bytes in each layer tar (hard links and whiteouts hold none), read by Python's tarfile.
    const host = bed.anonymous.host;
    const manifest = await (await fetch(`http://${host}/v2/test/whiteouts/manifests/v1`, { headers: { Accept: 'application/vnd.oci.image.manifest.v1+json' } })).json();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shadowed-'));
    let layerBytes = 0;
    for (const [i, layer] of (manifest.layers as { digest: string }[]).entries()) {
      const file = path.join(dir, `layer-${i}`);
      fs.writeFileSync(file, Buffer.from(await (await fetch(`http://${host}/v2/test/whiteouts/blobs/${layer.digest}`)).arrayBuffer()));
      layerBytes += Number(await run('python3', ['-c', 'import sys, tarfile; print(sum(m.size for m in tarfile.open(sys.argv[1]) if m.isreg()))', file]));
    }
    fs.rmSync(dir, { recursive: true });
    // What a container sees: umoci's unpack, each inode counted once.
    const unpacked = await umociListingWithLinks('test/whiteouts:v1');
    const inodes = new Map(unpacked.entries.filter((e) => e.type === 'file').map((e) => [e.inode, e.size]));
    const containerBytes = [...inodes.values()].reduce((a, b) => a + b, 0);

    const page = await browserOf().newPage();
    await page.goto(viewUrl(`${host}/test/whiteouts:v1`, { layer: 'merged' }));
    const summary = page.getByTestId('shadowed-space');
    await summary.waitFor();
    expect(Number(await summary.getAttribute('data-bytes'))).toBe(layerBytes - containerBytes);
    await summary.locator('summary').click();
    const largest = page.getByTestId('shadowed-file').first();
    expect(await largest.getAttribute('data-path')).toBe('/opt/old/lib/libold.so');
    expect(await largest.textContent()).toContain('2 KiB');
    expect(await largest.textContent()).toContain('layer 1, deleted by layer 2');
    await largest.getByRole('button').click();
    await page.waitForURL((u) => u.searchParams.get('path') === '/opt/old/lib/libold.so' && u.searchParams.get('layer') === manifest.layers[0].digest);
    await page.locator('[data-testid="file-viewer"][data-path="/opt/old/lib/libold.so"]').waitFor();
    await page.close();
  });

  it('says what each layer adds, changes and removes of the layers below, and marks each entry that changes or deletes one', async () => {
    const page = await browserOf().newPage();
    await page.goto(viewUrl(`${bed.anonymous.host}/test/whiteouts:v1`, { layer: 'merged' }));
    await page.getByTestId('shadowed-space').waitFor();
    const digests = await page.getByTestId('layer-status').evaluateAll((els) => els.map((e) => e.getAttribute('data-digest')!));
    // Layer 2: RUN rm /etc/config/remove-me.conf && rm -r /opt/old && … cp /bin/hello /opt/new/tool.
    await page.goto(viewUrl(`${bed.anonymous.host}/test/whiteouts:v1`, { layer: digests[1], path: '/etc/config/remove-me.conf' }));
    await page.getByTestId('layer-changes').waitFor();
    expect(await page.getByTestId('layer-changes-added').textContent()).toMatch(/^1 added \(\d+ B\)$/);
    expect(await page.getByTestId('layer-changes-changed').textContent()).toBe('0 changed');
    expect(await page.getByTestId('layer-changes-removed').textContent()).toBe('4 removed (2.1 KiB)');
    const removed = page.locator('[data-testid="tree-row"][data-path="/etc/config/remove-me.conf"]');
    expect(await removed.getAttribute('data-whiteout')).toBe('true');
    expect(await removed.getByTestId('row-deletes').textContent()).toBe("(layer 1's)");
    // Layer 3 writes a file where layer 1 had the directory /srv/replaced.
    await page.goto(viewUrl(`${bed.anonymous.host}/test/whiteouts:v1`, { layer: digests[2], path: '/srv/replaced' }));
    const replaced = page.locator('[data-testid="tree-row"][data-path="/srv/replaced"]');
    await replaced.getByTestId('row-replaces').waitFor();
    expect(await replaced.getByTestId('row-replaces').textContent()).toBe('changedover layer 1');
    // A new entry carries no mark.
    expect(await page.locator('[data-testid="tree-row"][data-path="/srv/pax"]').getByTestId('row-replaces').count()).toBe(0);
    await page.close();
  });

  it('keeps the open file open when another platform is chosen, to compare it across platforms', async () => {
    const page = await browserOf().newPage();
    await page.goto(viewUrl(`${bed.anonymous.host}/test/multi:v1`, { layer: 'merged', path: '/etc/platform' }));
    await page.locator('[data-testid="file-viewer"][data-path="/etc/platform"]').getByTestId('file-text').waitFor();
    expect(await page.getByTestId('file-text').textContent()).toContain('linux/amd64');
    await page.locator('[data-testid="platform-row"][data-platform="linux/arm64/v8"]').getByRole('button', { name: 'linux/arm64/v8' }).click();
    await page.waitForURL((u) => u.searchParams.get('platform') === 'linux/arm64/v8');
    expect(new URL(page.url()).searchParams.get('path')).toBe('/etc/platform');
    await page.locator('[data-testid="file-text"]', { hasText: 'linux/arm64' }).waitFor();
    await page.close();
  });

  it("brings the Files section into view on a layer's Browse files, with focus on its title", async () => {
    // A short window: the Files section starts far below the layers, as it does under a many-layer image.
    const page = await browserOf().newPage({ viewport: { width: 1280, height: 400 } });
    await page.goto(viewUrl(`${bed.anonymous.host}/test/layers:v1`));
    await settledLayers(page);
    const browse = page.getByRole('button', { name: 'Browse files' }).last();
    await browse.scrollIntoViewIfNeeded();
    await browse.click();
    await page.waitForURL((u) => u.searchParams.has('layer'));
    const top = await page.getByTestId('files-section').evaluate((el) => el.getBoundingClientRect().top);
    expect(top, `got the Files section at ${top} px from the window's top, want it in the 400 px window`).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(400);
    expect(await page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent?.slice(0, 40)}`)).toBe('H2 Files');
    await page.close();
  });

  it('switches platform in place: the index stays the same element, focus stays on the pressed platform, the page does not jump, the trace goes on', async () => {
    const page = await browserOf().newPage({ viewport: { width: 1280, height: 700 } });
    await page.goto(viewUrl(`${bed.token.host}/test/list:v1`, { layer: 'merged', path: '/etc/platform' }));
    await page.locator('[data-testid="file-viewer"][data-path="/etc/platform"]').getByTestId('file-text').waitFor();
    await page.getByTestId('pull-trace').waitFor();
    const traceBefore = await page.getByTestId('trace-row').count();
    const index = await page.getByTestId('index-panel').elementHandle();
    const tree = await page.getByTestId('files-section').elementHandle();
    const button = page.locator('[data-testid="platform-row"][data-platform="linux/arm64/v8"]').getByRole('button', { name: 'linux/arm64/v8' });
    await button.scrollIntoViewIfNeeded();
    const yBefore = await page.evaluate(() => window.scrollY);
    // Records every scroll position and whether the index was ever out of the document while the switch runs.
    await page.evaluate(() => {
      const w = window as unknown as { __ys: number[]; __indexLeft: boolean };
      const index = document.querySelector('[data-testid="index-panel"]');
      w.__ys = [];
      w.__indexLeft = false;
      const tick = () => {
        w.__ys.push(window.scrollY);
        if (!index?.isConnected) w.__indexLeft = true;
        requestAnimationFrame(tick);
      };
      tick();
    });
    await button.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('platform') === 'linux/arm64/v8');
    await page.locator('[data-testid="file-text"]', { hasText: 'linux/arm64' }).waitFor();
    await page.locator('[data-testid="check-config"][data-ok="true"]').waitFor();
    const seen = await page.evaluate(() => {
      const w = window as unknown as { __ys: number[]; __indexLeft: boolean };
      return { ys: w.__ys, indexLeft: w.__indexLeft };
    });
    expect(seen.indexLeft, 'the index panel left the document during the switch').toBe(false);
    expect(await index!.evaluate((el) => el.isConnected && el === document.querySelector('[data-testid="index-panel"]'))).toBe(true);
    expect(await tree!.evaluate((el) => el.isConnected), 'the files section was rebuilt').toBe(true);
    expect(await page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent?.slice(0, 40)}`)).toBe('BUTTON linux/arm64/v8');
    const ys = [...new Set(seen.ys)];
    expect(ys, `got scroll positions ${ys.join(', ')}, want ${yBefore} throughout`).toEqual([yBefore]);
    expect(await page.evaluate(() => window.scrollY)).toBe(yBefore);
    // The new platform's exchanges follow the earlier ones.
    expect(await page.getByTestId('trace-row').count()).toBeGreaterThan(traceBefore);
    await page.close();
  });

  it("opens a layer's whiteout as the deletion it is: what it deletes and where that still is, no preview and no download", async () => {
    const page = await browserOf().newPage();
    await page.goto(viewUrl(`${bed.anonymous.host}/test/whiteouts:v1`));
    const digests = (await settledLayers(page)).map((l) => l.digest);
    const removed = '/etc/config/remove-me.conf';
    await page.goto(viewUrl(`${bed.anonymous.host}/test/whiteouts:v1`, { layer: digests[1], path: removed }));
    const note = page.getByTestId('deletion-note');
    await note.filter({ hasText: 'which layer 1 wrote' }).waitFor();
    expect(await note.textContent()).toContain(`Layer 2 deletes ${removed} (a whiteout)`);
    const viewer = page.getByTestId('file-viewer');
    expect(await viewer.getByRole('button', { name: 'Download file' }).count()).toBe(0);
    expect(await viewer.getByTestId('file-metadata').count()).toBe(0);
    expect(await viewer.textContent()).not.toContain('Reading…');
    // Its row in the tree shows the deletion, not the marker's header.
    const row = page.locator(`[data-testid="tree-row"][data-path="${removed}"]`);
    for (const id of ['row-mode', 'row-owner', 'row-size', 'row-mtime']) expect(await row.getByTestId(id).textContent(), id).toBe('');
    await note.getByRole('button', { name: 'Open it in layer 1' }).click();
    await page.waitForURL((u) => u.searchParams.get('layer') === digests[0] && u.searchParams.get('path') === removed);
    expect(await page.getByTestId('file-text').textContent()).toContain('removed by a file whiteout in layer 2');
    // Layer 4 deletes a file layer 3 wrote into the directory it made opaque.
    await page.goto(viewUrl(`${bed.anonymous.host}/test/whiteouts:v1`, { layer: digests[3], path: '/var/opaque/new.txt' }));
    await note.filter({ hasText: 'which layer 3 wrote' }).waitFor();
    await page.goto(viewUrl(`${bed.anonymous.host}/test/whiteouts:v1`, { layer: digests[2], path: '/var/opaque' }));
    expect(await page.getByTestId('opaque-note').textContent()).toContain('layer 3 hides everything the layers below put in it');
    await page.close();
  });

  it("keeps keyboard focus when a symlink is followed: it moves to the opened entry's name", async () => {
    const page = await browserOf().newPage();
    await page.goto(viewUrl(`${bed.anonymous.host}/test/whiteouts:v1`, { layer: 'merged', path: '/usr/bin/hello-relative' }));
    await page.locator('[data-testid="file-viewer"][data-path="/usr/bin/hello-relative"]').waitFor();
    await page.getByTestId('follow-symlink').focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="file-viewer"][data-path="/bin/hello"]').waitFor();
    const focused = await page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent?.slice(0, 40)}`);
    expect(focused, `got focus on ${focused}, want the opened file's heading`).toBe('H3 /bin/hello');
    await page.close();
  });

  it('follows a symlink inside the merged tree to its target', async () => {
    const page = await browserOf().newPage();
    await page.goto(viewUrl(`${bed.anonymous.host}/test/whiteouts:v1`, { layer: 'merged', path: '/usr/bin/hello-relative' }));
    await page.locator('[data-testid="file-viewer"][data-path="/usr/bin/hello-relative"]').waitFor();
    await page.getByTestId('follow-symlink').click();
    await page.waitForURL((u) => u.searchParams.get('path') === '/bin/hello');
    await page.locator('[data-testid="file-viewer"][data-path="/bin/hello"]').waitFor();
    expect(await page.getByTestId('file-text').textContent()).toContain('hello from the whiteouts image');
    // The tree's keyboard cursor went along: it is on the target, and the arrows go on from there.
    await page.locator('[data-testid="tree-row"][data-focused="true"][data-path="/bin/hello"]').waitFor();
    const tree = page.getByRole('tree', { name: 'Files' });
    const cursor = await tree.getAttribute('aria-activedescendant');
    expect(await page.locator(`[id="${cursor}"]`).getAttribute('data-path')).toBe('/bin/hello');
    await tree.focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('path') !== '/bin/hello');
    expect(new URL(page.url()).searchParams.get('path')).toMatch(/^\/bin(\/|$)/);
    await page.close();
  });

  it('says which layer deleted a file a link names, and opens the copy in the layer that wrote it', async () => {
    const page = await browserOf().newPage();
    const removed = '/usr/share/doc/pullscope/README.txt';
    await page.goto(viewUrl(`${bed.anonymous.host}/test/layers:v1`, { layer: 'merged', path: removed }));
    const note = page.getByTestId('absent-path');
    await note.waitFor();
    expect(await note.textContent()).toContain(`${removed} is not in the merged filesystem: layer 1 wrote it, and layer 3 deleted it (a whiteout).`);
    const layers = await settledLayers(page);
    await note.getByRole('button', { name: 'Open it in layer 1' }).click();
    await page.waitForURL((u) => u.searchParams.get('layer') === layers[0].digest && u.searchParams.get('path') === removed);
    await page.locator(`[data-testid="file-viewer"][data-path="${removed}"]`).waitFor();
    expect(await page.getByTestId('file-text').textContent()).toContain('This file is removed by a later layer');

    // A layer without the file points to where the merged filesystem has it from.
    await page.goto(viewUrl(`${bed.anonymous.host}/test/layers:v1`, { layer: layers[1].digest, path: '/etc/motd' }));
    // Where the merged filesystem has it from is known once every layer is read: until then the note says only the first half.
    await settledLayers(page);
    await page.getByTestId('absent-path').filter({ hasText: 'the merged filesystem' }).waitFor();
    expect(await page.getByTestId('absent-path').textContent()).toContain('Layer 2 does not hold /etc/motd; the merged filesystem has it from layer 1.');
    await page.close();
  });

  it('wraps a long path a link names instead of widening the page, on a phone', async () => {
    const page = await browserOf().newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    const long = `/srv/${'x'.repeat(130)}.txt`;
    await page.goto(viewUrl(`${bed.anonymous.host}/test/layers:v1`, { layer: 'merged', path: long }));
    await page.getByTestId('absent-path').filter({ hasText: 'no layer of this image writes it' }).waitFor();
    const extent = await page.evaluate(() => ({ page: document.scrollingElement!.scrollWidth, screen: document.documentElement.clientWidth }));
    expect(extent.page, `the page is ${extent.page} px wide on a ${extent.screen} px screen`).toBeLessThanOrEqual(extent.screen);
    await page.close();
  });

  it('says so when a link names a layer the image does not have, instead of waiting for it', async () => {
    const page = await browserOf().newPage();
    const missing = `sha256:${'b'.repeat(64)}`;
    await page.goto(viewUrl(`${bed.anonymous.host}/test/whiteouts:v1`, { layer: missing }));
    await settledLayers(page);
    expect(await page.getByTestId('files-note').textContent()).toBe(
      `This image has no layer ${missing}: the link may be of another image or platform. Pick a layer above, or the merged filesystem.`,
    );
    await page.close();
  });

  it('shows a binary as a hex dump', async () => {
    const page = await browserOf().newPage();
    await page.goto(viewUrl(`${bed.anonymous.host}/test/whiteouts:v1`, { layer: 'merged', path: RANDOM_FILE }));
    await page.getByTestId('file-hex').waitFor();
    expect(await page.getByTestId('file-hex').textContent()).toMatch(/^00000000 {2}[0-9a-f]{2} /);
    // 1 MiB is more than the hex view shows: it says where it stops.
    const lastOffset = /\n([0-9a-f]{8}) [^\n]*$/.exec((await page.getByTestId('file-hex').textContent()) ?? '')?.[1];
    expect(lastOffset).toBe((32 * 1024 - 16).toString(16).padStart(8, '0'));
    expect(await page.getByTestId('file-hex-more').textContent()).toBe('Showing the first 32 KiB as hex; download the file for the rest.');
    await page.close();
  });

  it('uses a wide screen: at 1920 px the hex dump, characters column included, is shown whole beside the tree', async () => {
    const page = await browserOf().newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(viewUrl(`${bed.anonymous.host}/test/whiteouts:v1`, { layer: 'merged', path: RANDOM_FILE }));
    const hex = page.getByTestId('file-hex');
    await hex.waitFor();
    const box = await hex.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
    expect(box.scroll, `the hex dump needs ${box.scroll} px and has ${box.client} px`).toBeLessThanOrEqual(box.client);
    await page.close();
  });
});

/**
 * test/tree-edges:v1, pushed by these tests: what the test bed's images lack.
 * Its base layer is dated the epoch (mtime 0, as reproducible builds write);
 * hard-link headers carry the tar writer's own mode and owner (0644, 0:0),
 * not their target's, and the second layer's a later mtime.
 */
const LONG_NAME = `${'n'.repeat(146)}.txt`;
const DEEP_PATH = `/${Array.from({ length: 60 }, (_, i) => `d${i + 1}`).join('/')}/deep.txt`;

function treeEdgesLayers() {
  const base: TarEntry[] = [
    { type: 'directory', path: 'bin' },
    { type: 'file', path: 'bin/tool', content: '#!/bin/sh\n', mode: 0o755, uid: 1000, gid: 1000 },
    { type: 'hardlink', path: 'bin/tool-link', target: 'bin/tool' },
    { type: 'directory', path: 'loop' },
    { type: 'symlink', path: 'loop/a', target: 'b' },
    { type: 'symlink', path: 'loop/b', target: 'a' },
    // A merged-/usr layout: /lib is a link, and the files live under /usr/lib.
    { type: 'symlink', path: 'lib', target: 'usr/lib' },
    { type: 'directory', path: 'usr' },
    { type: 'directory', path: 'usr/lib' },
    { type: 'file', path: 'usr/lib/libc.so.6', content: 'the C library\n' },
    { type: 'directory', path: 'srv' },
    { type: 'file', path: 'srv/epoch.txt', content: 'written at the epoch\n' },
    { type: 'file', path: `srv/${LONG_NAME}`, content: 'a long name\n' },
    { type: 'file', path: DEEP_PATH.slice(1), content: 'sixty levels down\n' },
  ];
  const later: TarEntry[] = [{ type: 'directory', path: 'bin' }, { type: 'hardlink', path: 'bin/tool-link2', target: 'bin/tool' }];
  return [gzipLayer(tarArchive(base, new Date(0))), gzipLayer(tarArchive(later, new Date('2024-01-01T00:00:00Z')))];
}

describe("a tree's edge cases", () => {
  const image = `${bed.anonymous.host}/test/tree-edges:v1`;
  beforeAll(async () => {
    const layers = treeEdgesLayers();
    await pushImage(bed.anonymous.host, 'test/tree-edges', 'v1', { layers, config: imageConfig(layers.map((l) => l.diffId)) });
  });

  /** A new page on the path `at` of the merged filesystem. */
  async function openMerged(at: string): Promise<Page> {
    const page = await browserOf().newPage();
    await page.goto(viewUrl(image, { layer: 'merged', path: at }));
    return page;
  }

  it('follows a symbolic link on the way to a path a link names (/lib → usr/lib), and opens where it leads', async () => {
    const page = await openMerged('/lib/libc.so.6');
    const absent = page.getByTestId('absent-path');
    await absent.waitFor();
    expect(await absent.textContent()).toContain('/lib is a symbolic link to usr/lib, so /lib/libc.so.6 is /usr/lib/libc.so.6.');
    await page.getByTestId('open-via-link').click();
    await page.waitForURL((u) => u.searchParams.get('path') === '/usr/lib/libc.so.6');
    expect(await page.locator('[data-testid="file-viewer"][data-path="/usr/lib/libc.so.6"]').getByTestId('file-text').textContent()).toContain('the C library');
    await page.close();
  });

  it('dates a file of mtime 0 at the epoch, as tar does', async () => {
    const page = await openMerged('/srv/epoch.txt');
    const mtime = page.locator('[data-testid="tree-row"][data-path="/srv/epoch.txt"] [data-testid="row-mtime"]');
    await mtime.waitFor();
    expect(await mtime.textContent()).toBe('1970-01-01 00:00:00');
    await page.close();
  });

  it('calls a symlink that leads back to itself a loop, not dangling', async () => {
    const page = await openMerged('/loop/a');
    const nowhere = page.locator('[data-testid="file-viewer"][data-path="/loop/a"] [data-testid="symlink-nowhere"]');
    await nowhere.waitFor();
    expect(await nowhere.textContent()).toContain('a loop');
    expect(await page.getByTestId('follow-symlink').count()).toBe(0);
    await page.close();
  });

  it("shows a hard link with its target's mode, owner and mtime, not its own header's, in its layer and in the merged tree", async () => {
    const cells = (page: Page, at: string) =>
      page.locator(`[data-testid="tree-row"][data-path="${at}"]`).evaluate((row) =>
        ['row-mode', 'row-owner', 'row-mtime'].map((id) => row.querySelector(`[data-testid="${id}"]`)?.textContent?.trim()).join(' '),
      );
    const target = '-rwxr-xr-x 1000:1000 1970-01-01 00:00:00';
    // The merged tree: the second layer's link (its header dated 2024) shares the base layer's file.
    const page = await openMerged('/bin/tool-link2');
    await page.locator('[data-testid="tree-row"][data-path="/bin/tool-link"]').waitFor();
    expect(await cells(page, '/bin/tool')).toBe(target);
    expect(await cells(page, '/bin/tool-link')).toBe(target);
    expect(await cells(page, '/bin/tool-link2')).toBe(target);
    expect(await page.getByTestId('file-metadata').textContent()).toContain('-rwxr-xr-x 1000:1000 10 bytes, hard link 1970-01-01 00:00:00');
    // The base layer's own view.
    const digests = (await settledLayers(page)).map((l) => l.digest);
    await page.goto(viewUrl(image, { layer: digests[0], path: '/bin/tool-link' }));
    await page.locator('[data-testid="file-viewer"][data-path="/bin/tool-link"]').waitFor();
    expect(await cells(page, '/bin/tool-link')).toBe(target);
    expect(await page.getByTestId('file-metadata').textContent()).toContain('-rwxr-xr-x 1000:1000 10 bytes, hard link');
    // The second layer's own view: its link names a file of the base layer, read from there.
    await page.goto(viewUrl(image, { layer: digests[1], path: '/bin/tool-link2' }));
    await page.locator('[data-testid="file-viewer"][data-path="/bin/tool-link2"]').getByTestId('file-text').waitFor();
    expect(await page.getByTestId('file-text').textContent()).toContain('#!/bin/sh');
    expect(await cells(page, '/bin/tool-link2')).toBe(target);
    await page.close();
  });

  /** Where a row's cells sit (those shown: a narrow tree hides some), and the tree's scroll box, in page pixels. */
  async function layout(page: Page, at: string) {
    return page.locator(`[data-testid="tree-row"][data-path="${at}"]`).evaluate((row) => {
      const box = row.closest('[role="tree"]')!.getBoundingClientRect();
      const cells = Object.fromEntries(
        Array.from(row.querySelectorAll('[data-testid^="row-"]'))
          .filter((cell) => cell.getBoundingClientRect().width > 0)
          .map((cell) => [cell.getAttribute('data-testid'), cell.getBoundingClientRect()]),
      );
      const indent = row.querySelector('[data-testid="row-indent"]')!.getBoundingClientRect().width;
      return { box: { left: box.left, right: box.right }, cells, indent };
    });
  }

  it('names its columns, name first, and keeps each shown one in view, whatever the length or depth of a name', async () => {
    const page = await openMerged(DEEP_PATH);
    await page.locator(`[data-testid="tree-row"][data-path="${DEEP_PATH}"]`).waitFor();
    expect(await page.getByTestId('tree-header').locator('span').allTextContents()).toEqual(['name', 'size', 'layer', 'mode', 'mtime', 'owner']);
    await page.locator('[data-testid="tree-row"][data-path="/srv"]').click();
    await page.locator(`[data-testid="tree-row"][data-path="/srv/${LONG_NAME}"]`).waitFor();
    // Every row's cells are inside the box, with the long name's row there too, and the name starts in view.
    for (const at of ['/srv/epoch.txt', `/srv/${LONG_NAME}`, DEEP_PATH]) {
      const { box, cells } = await layout(page, at);
      for (const id of ['row-size', 'row-layer', 'row-mode', 'row-mtime']) {
        expect(cells[id]?.right, `${at}: ${id} ends at ${cells[id]?.right} px, the box at ${box.right} px`).toBeLessThanOrEqual(box.right);
      }
      expect(cells['row-label'].left + 40, `${at}: its name starts at ${cells['row-label'].left} px, the box ends at ${box.right} px`).toBeLessThan(box.right);
    }
    // Sixty levels down, the name is indented by far less than sixty steps.
    const deep = await layout(page, DEEP_PATH);
    expect(deep.indent, `indent of ${deep.indent} px`).toBeLessThanOrEqual(20 * 16);
    await page.close();
  });

  it('fits a phone: the page keeps its width, and each name starts in view beside its size', async () => {
    const page = await browserOf().newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(viewUrl(image, { layer: 'merged', path: `/srv/${LONG_NAME}` }));
    await page.locator(`[data-testid="tree-row"][data-path="/srv/${LONG_NAME}"]`).waitFor();
    const extent = await page.evaluate(() => ({ page: document.scrollingElement!.scrollWidth, screen: document.documentElement.clientWidth }));
    expect(extent.page, `the page is ${extent.page} px wide on a ${extent.screen} px screen`).toBeLessThanOrEqual(extent.screen);
    for (const at of ['/srv', `/srv/${LONG_NAME}`]) {
      const { box, cells } = await layout(page, at);
      expect(cells['row-size'].right).toBeLessThanOrEqual(box.right);
      expect(cells['row-label'].left + 40, `${at}: its name starts at ${cells['row-label'].left} px, the box ends at ${box.right} px`).toBeLessThan(box.right);
    }
    await page.close();
  });
});
