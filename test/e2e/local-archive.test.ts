/**
 * Local archives in the browser: the built-in example opens with no
 * registry at all (the proxy is blocked for the whole test), its layers
 * verify and its files show; a docker-archive chosen with the file input is
 * read in the page, with its layers verified against the config's diff_ids.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { run } from '../support/archive-tools';
import { useBrowser } from '../support/use-browser';
import { inspectThroughForm } from '../support/inspect-form';
import { loadTestBed } from '../support/test-bed';

const bed = loadTestBed();
const appUrl = inject('appUrl');
const appLog = inject('appLog');
const browserOf = useBrowser();
const work = mkdtempSync(path.join(os.tmpdir(), 'local-archive-e2e-'));
let dockerArchive: string;
let namedArchive: string;
let privateArchive: string;
let longLabelArchive: string;
let damagedDockerLayer: string;
let damagedLayoutLayer: string;
// A label key as long as some build tools write them.
const longLabelKey = `com.example.${'very-long-label-key-segment.'.repeat(5)}end`;

beforeAll(async () => {
  dockerArchive = path.join(work, 'layers-v1.tar');
  namedArchive = path.join(work, 'named.tar');
  const source = `docker://${bed.anonymous.host}/test/layers:v1`;
  await run('skopeo', ['copy', '--quiet', '--src-tls-verify=false', source, `docker-archive:${dockerArchive}:test/layers:v1`]);
  // Named after the bed's registry, so "compare with the registry" has one to ask.
  await run('skopeo', ['copy', '--quiet', '--src-tls-verify=false', source, `docker-archive:${namedArchive}:${bed.anonymous.host}/test/layers:v1`]);
  // Named after a private repository of the token registry.
  privateArchive = path.join(work, 'private.tar');
  const privateRef = `${bed.token.host}/private/secret:v1`;
  const creds = `${bed.token.username}:${bed.token.password}`;
  await run('skopeo', ['copy', '--quiet', '--src-tls-verify=false', '--src-creds', creds, `docker://${privateRef}`, `docker-archive:${privateArchive}:${privateRef}`]);
  // An OCI layout whose config has a very long label key, as a tar.
  const layout = path.join(work, 'long-label');
  await run('skopeo', ['copy', '--quiet', '--src-tls-verify=false', source, `oci:${layout}:v1`]);
  await run('umoci', ['config', '--image', `${layout}:v1`, '--config.label', `${longLabelKey}=a value people want to read`]);
  longLabelArchive = path.join(work, 'long-label.tar');
  await run('tar', ['-C', layout, '-cf', longLabelArchive, '.']);
  // A layout archived as a folder, as `zip -r` (and Finder's "Compress") and `tar -cf` make it; and one a folder deeper.
  mkdirSync(path.join(work, 'nest'));
  await run('skopeo', ['copy', '--quiet', '--src-tls-verify=false', source, `oci:${path.join(work, 'nest', 'layout')}:v1`]);
  await run('zip', ['-qr', path.join(work, 'folder.zip'), 'layout'], path.join(work, 'nest'));
  await run('tar', ['-C', path.join(work, 'nest'), '-cf', path.join(work, 'folder.tar'), 'layout']);
  await run('tar', ['-C', work, '-cf', path.join(work, 'deeper.tar'), 'nest']);
  // The same images with one byte of their first layer flipped on disk, as a failing disk or a broken copy leaves them.
  await repack(dockerArchive, 'damaged-docker.tar', (dir) => {
    damagedDockerLayer = dockerArchiveLayers(dir)[0];
    flipMiddleByte(path.join(dir, damagedDockerLayer));
  });
  await repack(path.join(work, 'folder.tar'), 'damaged-layout.tar', (dir) => {
    const blob = (digest: string) => path.join(dir, 'layout', 'blobs', ...digest.split(':'));
    const index = JSON.parse(readFileSync(path.join(dir, 'layout', 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
    const layer = (JSON.parse(readFileSync(blob(index.manifests[0].digest), 'utf8')) as { layers: { digest: string }[] }).layers[0].digest;
    damagedLayoutLayer = `layout/blobs/sha256/${layer.slice(7)}`;
    flipMiddleByte(blob(layer));
  });
  // A docker-archive that lost its second layer's tar.
  await repack(dockerArchive, 'incomplete-docker.tar', (dir) => rmSync(path.join(dir, dockerArchiveLayers(dir)[1])));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `archive` unpacked, changed by `change`, and packed again as `name` in the work folder. */
async function repack(archive: string, name: string, change: (dir: string) => void): Promise<void> {
  const dir = path.join(work, `${name}-files`);
  mkdirSync(dir);
  await run('tar', ['-C', dir, '-xf', archive]);
  change(dir);
  await run('tar', ['-C', dir, '-cf', path.join(work, name), '.']);
}

/** The layer paths of the first image of the docker-archive unpacked in `dir`. */
function dockerArchiveLayers(dir: string): string[] {
  return (JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { Layers: string[] }[])[0].Layers;
}

/** Flips one byte in the middle of a file. */
function flipMiddleByte(file: string): void {
  const bytes = readFileSync(file);
  // skopeo writes its archives' files read-only.
  chmodSync(file, 0o644);
  bytes[bytes.length >> 1] ^= 0xff;
  writeFileSync(file, bytes);
}

/** A page on which every request to the registry proxy fails, and is counted. */
async function offlinePage(): Promise<{ page: Page; proxyRequests: () => number }> {
  const page = await browserOf().newPage();
  let count = 0;
  await page.route('**/api/registry/**', (route) => {
    count++;
    return route.abort();
  });
  return { page, proxyRequests: () => count };
}

/** Opens the home page and chooses `file` with the archive file input. */
async function chooseArchive(page: Page, file: string): Promise<void> {
  await page.goto(appUrl);
  await page.getByTestId('archive-file-input').setInputFiles(file);
}

/** Waits until no layer is queued or downloading; returns each layer's status and checks. */
async function settledLayers(page: Page) {
  await page.getByTestId('layers-panel').waitFor();
  await page.waitForFunction(() => {
    const rows = Array.from(document.querySelectorAll('[data-testid="layer-status"]'));
    return rows.length > 0 && rows.every((r) => ['done', 'error'].includes(r.getAttribute('data-status') ?? ''));
  });
  return {
    statuses: await page.getByTestId('layer-status').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status'))),
    digestChecks: await page.getByTestId('layer-digest-check').evaluateAll((els) => els.map((e) => e.getAttribute('data-ok'))),
    diffIdChecks: await page.getByTestId('layer-diffid-check').evaluateAll((els) => els.map((e) => e.getAttribute('data-ok'))),
  };
}

describe('the built-in example', () => {
  it('opens from the home page with one click, with no registry: index, verified layers, merged files', async () => {
    const { page, proxyRequests } = await offlinePage();
    await page.goto(appUrl);
    expect(await page.getByTestId('nothing-uploaded').textContent()).toBe('Nothing is uploaded: the archive is read in this browser.');
    await page.getByTestId('open-example').click();
    await page.waitForURL((u) => u.searchParams.get('example') === '1');
    const layers = await settledLayers(page);
    expect(layers.statuses).toEqual(['done', 'done', 'done']);
    expect(layers.digestChecks).toEqual(['true', 'true', 'true']);
    expect(layers.diffIdChecks).toEqual(['true', 'true', 'true']);
    expect(await page.getByTestId('platform-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-platform')))).toEqual([
      'linux/amd64',
      'linux/arm64',
    ]);
    expect(await page.getByTestId('archive-layout').textContent()).toBe('oci-layout');
    await page.locator('[data-testid="tree-row"][data-path="/app"]').waitFor();
    // Its history holds a non-ASCII character: the raw document's size is in bytes, as hashed, not in characters.
    const hashed = /· (\d+) bytes hashed/.exec((await page.getByTestId('check-config').textContent()) ?? '')?.[1];
    const raw = /Raw JSON \((\d+) bytes as received\)/.exec((await page.getByTestId('config-panel').textContent()) ?? '')?.[1];
    expect(hashed).toBeDefined();
    expect(raw).toBe(hashed);
    expect(proxyRequests()).toBe(0);
    await page.close();
  });

  it('reopens from its link with platform, layer and path: a file of the arm64 image', async () => {
    const { page, proxyRequests } = await offlinePage();
    const logBefore = readFileSync(appLog, 'utf8').length;
    await page.goto(`${appUrl}/?${new URLSearchParams({ example: '1', platform: 'linux/arm64', layer: 'merged', path: '/etc/arch' })}`);
    await page.locator('[data-testid="file-viewer"][data-path="/etc/arch"]').waitFor();
    // The server renders the link too, and must not try to open the example there (it has no base URL to fetch it from).
    expect(readFileSync(appLog, 'utf8').slice(logBefore)).not.toMatch(/unhandledRejection|⨯/);
    await page.getByTestId('file-text').waitFor();
    expect(await page.getByTestId('file-text').textContent()).toContain('aarch64');
    // The whiteouts of layers 2 and 3 hold in the merged tree.
    expect(await page.locator('[data-testid="tree-row"][data-path="/etc/hostname"]').count()).toBe(0);
    expect(proxyRequests()).toBe(0);
    await page.close();
  });

  it('switches platform in place: the index stays the same element, focus stays on the pressed platform, the open file follows', async () => {
    const { page } = await offlinePage();
    await page.goto(`${appUrl}/?${new URLSearchParams({ example: '1', layer: 'merged', path: '/etc/arch' })}`);
    await page.locator('[data-testid="file-viewer"][data-path="/etc/arch"]').getByTestId('file-text').waitFor();
    const index = await page.getByTestId('index-panel').elementHandle();
    const button = page.locator('[data-testid="platform-row"][data-platform="linux/arm64"]').getByRole('button', { name: 'linux/arm64' });
    await button.scrollIntoViewIfNeeded();
    const yBefore = await page.evaluate(() => window.scrollY);
    await button.focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="file-text"]', { hasText: 'aarch64' }).waitFor();
    expect(await index!.evaluate((el) => el.isConnected && el === document.querySelector('[data-testid="index-panel"]'))).toBe(true);
    expect(await page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent?.slice(0, 40)}`)).toBe('BUTTON linux/arm64');
    expect(await page.evaluate(() => window.scrollY)).toBe(yBefore);
    await page.close();
  });
});

describe('a config with a very long label key', () => {
  it.each([
    [1280, 'a desktop'],
    [390, 'a phone'],
  ])('keeps the values readable at %i px (%s): the key wraps instead', async (width) => {
    const page = await browserOf().newPage();
    await page.setViewportSize({ width, height: 900 });
    await page.goto(appUrl);
    await page.getByTestId('archive-file-input').setInputFiles(longLabelArchive);
    const row = page.locator('[data-testid="label-row"]', { hasText: 'a value people want to read' });
    await row.waitFor();
    const [key, value] = await row.locator('td').evaluateAll((cells) => cells.map((c) => c.getBoundingClientRect().width));
    const table = (await page.getByTestId('labels-table').boundingBox())!.width;
    expect(value, `value column ${value} px beside a ${key} px key in a ${table} px table`).toBeGreaterThan(table * 0.5);
    const extent = await page.evaluate(() => ({ page: document.scrollingElement!.scrollWidth, screen: document.documentElement.clientWidth }));
    expect(extent.page, `the page is ${extent.page} px wide on a ${extent.screen} px screen`).toBeLessThanOrEqual(extent.screen);
    await page.close();
  });
});

describe('the built-in example on a phone', () => {
  it('takes the keyboard from the archive buttons to what follows, past the hidden file inputs', async () => {
    const page = await browserOf().newPage();
    await page.goto(appUrl);
    await page.getByTestId('open-example').focus();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => ({ tag: document.activeElement?.tagName, type: (document.activeElement as HTMLInputElement | null)?.type }));
    expect(focused.type, `Tab went to a ${focused.tag} of type ${focused.type}`).not.toBe('file');
    await page.close();
  });

  it('fits a 390 px screen: wide tables and file views scroll in their own boxes, not the page', async () => {
    const { page } = await offlinePage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${appUrl}/?${new URLSearchParams({ example: '1', layer: 'merged', path: '/etc/arch' })}`);
    await settledLayers(page);
    await page.getByTestId('file-text').waitFor();
    const width = await page.evaluate(() => ({ page: document.scrollingElement!.scrollWidth, screen: document.documentElement.clientWidth }));
    expect(width.page, `the page is ${width.page} px wide on a ${width.screen} px screen`).toBeLessThanOrEqual(width.screen);
    // What was cut off is still reachable: the file's download button is on the screen.
    const button = await page.getByRole('button', { name: 'Download file' }).boundingBox();
    expect(button).not.toBeNull();
    expect(button!.x + button!.width).toBeLessThanOrEqual(width.screen);
    await page.close();
  });
});

describe('downloads of the built-in example, made offline from the file', () => {
  async function save(page: Page, testId: string): Promise<string> {
    const [offered] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
    const file = path.join(mkdtempSync(path.join(work, 'download-')), offered.suggestedFilename());
    await offered.saveAs(file);
    return file;
  }

  it('saves an OCI layout zip that unzip and skopeo accept, with the digest the page verified', async () => {
    const { page, proxyRequests } = await offlinePage();
    await page.goto(`${appUrl}/?example=1`);
    await settledLayers(page);
    const indexDigest = (await page.getByTestId('index-digest').textContent())!.trim();
    await page.getByTestId('oci-scope').selectOption('all');
    const zip = await save(page, 'download-oci');
    expect(await run('unzip', ['-t', zip])).toContain('No errors detected');
    const dir = `${zip}-layout`;
    await run('unzip', ['-q', zip, '-d', dir]);
    const raw = await run('skopeo', ['inspect', '--raw', `oci:${dir}`]);
    expect(`sha256:${createHash('sha256').update(raw).digest('hex')}`).toBe(indexDigest);
    // Copying reads every blob and checks it against its digest.
    await run('skopeo', ['copy', '--quiet', '--all', `oci:${dir}`, `dir:${dir}-copy`]);
    expect(proxyRequests()).toBe(0);
    await page.close();
  });

  it('saves a docker load tar that skopeo reads: untagged, since the example names its image by a bare tag', async () => {
    const { page, proxyRequests } = await offlinePage();
    await page.goto(`${appUrl}/?example=1`);
    await settledLayers(page);
    await page.locator('[data-testid="download-docker"]:not([disabled])').waitFor();
    const tar = await save(page, 'download-docker');
    const manifest = JSON.parse(await run('tar', ['-xOf', tar, 'manifest.json'])) as { RepoTags?: string[] | null }[];
    expect(manifest[0].RepoTags ?? []).toEqual([]);
    // skopeo parses RepoTags as docker does, and copying checks every layer against its diff_id.
    await run('skopeo', ['copy', '--quiet', `docker-archive:${tar}`, `dir:${tar}-copy`]);
    expect(proxyRequests()).toBe(0);
    await page.close();
  });

  it('saves the flattened rootfs, which GNU tar reads, with whiteouts applied', async () => {
    const { page } = await offlinePage();
    await page.goto(`${appUrl}/?${new URLSearchParams({ example: '1', platform: 'linux/arm64' })}`);
    await settledLayers(page);
    await page.locator('[data-testid="download-rootfs"]:not([disabled])').waitFor();
    const tar = await save(page, 'download-rootfs');
    const names = (await run('tar', ['-tf', tar])).split('\n').map((n) => n.replace(/^\.\//, '').replace(/\/$/, ''));
    expect(names).toContain('etc/arch');
    expect(names.filter((n) => n.includes('.wh.'))).toEqual([]);
    expect(names).not.toContain('etc/hostname');
    await page.close();
  });
});

/** A page that was given a file named like an archive that is none, once it has said so. */
async function chooseNoArchive(): Promise<Page> {
  const page = await browserOf().newPage();
  await page.goto(appUrl);
  await page.getByTestId('archive-file-input').setInputFiles({ name: 'garbage.tar', mimeType: 'application/x-tar', buffer: Buffer.from('this is not a tar file at all'.repeat(40)) });
  await page.getByTestId('error').waitFor();
  return page;
}

describe('an OCI layout archived as a folder', () => {
  it.each([['folder.zip'], ['folder.tar']])('%s is read from inside the folder, and the page says so', async (name) => {
    const { page, proxyRequests } = await offlinePage();
    await chooseArchive(page, path.join(work, name));
    expect((await settledLayers(page)).digestChecks).toEqual(['true', 'true', 'true', 'true']);
    expect(await page.getByTestId('archive-layout').textContent()).toBe('oci-layout');
    expect(await page.getByTestId('archive-folder-note').textContent()).toContain("Read the layout inside the folder 'layout/'");
    expect(proxyRequests()).toBe(0);
    await page.close();
  });

  it('is refused a folder deeper, naming where its index.json is and how to archive it', async () => {
    const page = await browserOf().newPage();
    await chooseArchive(page, path.join(work, 'deeper.tar'));
    await page.getByTestId('error').waitFor();
    expect(await page.getByTestId('error').getAttribute('data-code')).toBe('BAD_ARCHIVE');
    expect(await page.getByTestId('error-message').textContent()).toContain("only deeper, in the folder 'nest/layout/'");
    expect(await page.getByTestId('error').textContent()).toContain("tar -cf image.tar -C 'nest/layout' .");
    await page.close();
  });
});

describe('a local archive whose layer is damaged on disk', () => {
  it.each([
    ['a docker-archive', 'damaged-docker.tar', () => `layer 1 diff_id (${damagedDockerLayer} in the archive): digest mismatch`],
    ['an OCI layout', 'damaged-layout.tar', () => `layer 1 blob (${damagedLayoutLayer} in the archive): digest mismatch`],
  ])('in %s is said of the file, with what was compared, and the advice to export the image again, not to retry', async (_name, file, subject) => {
    const { page } = await offlinePage();
    await chooseArchive(page, path.join(work, file));
    expect((await settledLayers(page)).statuses[0]).toBe('error');
    const error = page.getByTestId('layer-error').first();
    expect(await error.getAttribute('data-code')).toBe('DIGEST_MISMATCH');
    const text = (await error.textContent()) ?? '';
    expect(text).toContain(subject());
    expect(text).toContain('The file on disk is damaged');
    expect(text).toContain('Export or copy the image again');
    expect(text).not.toMatch(/Retry|registry/);
    await page.close();
  });
});

describe('a docker-archive chosen from disk', () => {
  it('is read in the page: synthesized manifest said so, every layer verified against its diff_id', async () => {
    const { page, proxyRequests } = await offlinePage();
    await page.goto(appUrl);
    await page.getByTestId('archive-file-input').setInputFiles(dockerArchive);
    await page.waitForURL((u) => u.searchParams.get('archive') === 'layers-v1.tar');
    const layers = await settledLayers(page);
    expect(layers.statuses).toEqual(['done', 'done', 'done', 'done']);
    expect(layers.digestChecks).toEqual(['true', 'true', 'true', 'true']);
    expect(layers.diffIdChecks).toEqual(['true', 'true', 'true', 'true']);
    expect(await page.getByTestId('archive-layout').textContent()).toBe('docker-archive');
    expect(await page.getByTestId('manifest-panel').textContent()).toContain('synthesized from manifest.json (the archive holds no manifest)');
    // Its digest is computed from bytes made here: nothing names it, so it is not called verified.
    const badge = page.getByTestId('manifest-panel').locator('[data-check="manifest"]');
    expect(await badge.textContent()).toMatch(/^synthesized here · sha256 of its \d+ bytes, a digest no registry serves$/);
    expect(await page.getByTestId('archive-summary').textContent()).toContain('no registry serves this digest');
    expect(proxyRequests()).toBe(0);
    await page.close();
  });

  it('compares with the registry its RepoTags name: the same layer content, stored gzip-compressed there', async () => {
    const page = await browserOf().newPage();
    await page.goto(appUrl);
    await page.getByTestId('archive-file-input').setInputFiles(namedArchive);
    await settledLayers(page);
    await page.getByTestId('compare-button').click();
    await page.getByTestId('comparison').waitFor();
    const verdicts = await page.getByTestId('comparison-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-verdict')));
    expect(verdicts).toEqual(verdicts.map(() => 'same content, stored differently'));
    expect(verdicts).toHaveLength(4);
    // skopeo kept the config as it was: the same image, not "a manifest that differs".
    expect(await page.getByTestId('comparison-summary').getAttribute('data-image')).toBe('same image');
    expect(await page.getByTestId('comparison-summary').textContent()).toContain('The same image');
    await page.close();
  });

  it('says so when the registry it names cannot be reached', async () => {
    const { page } = await offlinePage();
    await page.goto(appUrl);
    await page.getByTestId('archive-file-input').setInputFiles(namedArchive);
    await settledLayers(page);
    await page.getByTestId('compare-button').click();
    await page.getByTestId('compare-error').waitFor();
    expect(await page.getByTestId('compare-error').textContent()).toContain('Could not reach the Pullscope server');
    await page.close();
  });

  it('compares with a private repository using the credentials typed under "Private repository", and says what the registry wanted without them', async () => {
    const page = await browserOf().newPage();
    await page.goto(appUrl);
    await page.getByTestId('archive-file-input').setInputFiles(privateArchive);
    await settledLayers(page);
    await page.getByTestId('compare-button').click();
    await page.getByTestId('compare-error').waitFor();
    const refusal = await page.getByTestId('compare-error').textContent();
    expect(refusal).toContain('private/secret');
    expect(refusal).not.toContain('could not be reached');
    expect(refusal).toContain('Private repository');

    await page.locator('summary', { hasText: 'Private repository' }).click();
    await page.getByLabel('Username').fill(bed.token.username);
    await page.getByLabel('Password or token').fill(bed.token.password);
    await page.getByTestId('compare-button').click();
    await page.getByTestId('comparison').waitFor();
    expect(await page.getByTestId('compare-error').count()).toBe(0);
    const verdicts = await page.getByTestId('comparison-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-verdict')));
    expect(verdicts.length).toBeGreaterThan(0);
    expect(verdicts.filter((v) => v !== 'same digest' && v !== 'same content, stored differently')).toEqual([]);
    // Typed, never put in the address.
    expect(page.url()).not.toContain(bed.token.password);
    await page.close();
  });

  it('compares without credentials entered for another registry, says so, and sends them there only when asked', async () => {
    const page = await browserOf().newPage();
    const sentTo: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/registry/') && r.headers()['x-pullscope-credentials']) sentTo.push(decodeURIComponent(r.url().split('/api/registry/')[1].split('/')[0]));
    });
    await page.goto(appUrl);
    // Entered for the Basic registry, and used there.
    await inspectThroughForm(page, `${bed.basic.host}/private/secret:v1`, { username: bed.basic.username, password: bed.basic.password });
    await page.getByTestId('config-panel').waitFor();
    await settledLayers(page);
    expect(new Set(sentTo)).toEqual(new Set([bed.basic.host]));

    // An archive whose name is on the token registry: the comparison asks that registry without them.
    sentTo.length = 0;
    await page.getByTestId('archive-file-input').setInputFiles(privateArchive);
    await page.waitForURL((u) => u.searchParams.get('archive') === 'private.tar');
    await settledLayers(page);
    await page.getByTestId('compare-button').click();
    await page.locator('[data-testid="compare-error"], [data-testid="comparison"]').waitFor();
    expect(sentTo).toEqual([]);
    expect(await page.getByTestId('compare-error').textContent()).toContain('private/secret');
    const note = page.getByTestId('compare-with-registry').getByTestId('credentials-elsewhere');
    expect(await note.textContent()).toContain(`entered are for ${bed.basic.host}, so they are not sent to ${bed.token.host}`);
    // The comparison's requests are this page's pull trace.
    const traced = await page.getByTestId('trace-url').allTextContents();
    expect(traced.length).toBeGreaterThan(0);
    expect(traced.every((url) => url.startsWith(`http://${bed.token.host}/`) || url.startsWith(bed.token.realm))).toBe(true);

    // Asked to, they go there, and only there.
    await note.getByTestId('credentials-send-here').click();
    await page.getByTestId('comparison').waitFor();
    expect(sentTo.length).toBeGreaterThan(0);
    expect(new Set(sentTo)).toEqual(new Set([bed.token.host]));
    expect(await page.getByTestId('compare-with-registry').getByTestId('credentials-elsewhere').count()).toBe(0);
    await page.close();
  });

  it('lays the comparison table out in columns: no header runs into the next', async () => {
    const page = await browserOf().newPage({ viewport: { width: 1280, height: 1000 } });
    await chooseArchive(page, namedArchive);
    await settledLayers(page);
    await page.getByTestId('compare-button').click();
    await page.getByTestId('comparison').waitFor();
    const headers = page.getByTestId('comparison').locator('thead th');
    expect(await headers.allTextContents()).toEqual(['Layer', 'Archive', 'Registry', 'Verdict']);
    const boxes = await headers.evaluateAll((cells) =>
      cells.map((cell) => {
        // The text's own box: a cell may be wider than the words it shows.
        const range = document.createRange();
        range.selectNodeContents(cell);
        const { left, right } = range.getBoundingClientRect();
        return { text: cell.textContent, left, right };
      }),
    );
    for (let i = 1; i < boxes.length; i++) {
      const gap = boxes[i].left - boxes[i - 1].right;
      expect(gap, `space between '${boxes[i - 1].text}' and '${boxes[i].text}': got ${gap}px, want at least 8px`).toBeGreaterThanOrEqual(8);
    }
    await page.close();
  });

  it('says plainly, after a reload, that a local file cannot be reopened from a link', async () => {
    const page = await browserOf().newPage();
    await page.goto(`${appUrl}/?archive=layers-v1.tar`);
    await page.getByTestId('archive-not-held').waitFor();
    expect(await page.getByTestId('archive-not-held').textContent()).toContain('cannot be reopened from a link');
    await page.close();
  });

  it("restores the view a link describes once its file is chosen again: the layer and the file open", async () => {
    const page = await browserOf().newPage();
    await page.goto(`${appUrl}/?${new URLSearchParams({ archive: 'layers-v1.tar', layer: 'merged', path: '/app/bin/run.sh' })}`);
    await page.getByTestId('archive-not-held').waitFor();
    await page.getByTestId('archive-file-input').setInputFiles(dockerArchive);
    await page.locator('[data-testid="file-viewer"][data-path="/app/bin/run.sh"]').waitFor();
    const url = new URL(page.url());
    expect([url.searchParams.get('archive'), url.searchParams.get('layer'), url.searchParams.get('path')]).toEqual(['layers-v1.tar', 'merged', '/app/bin/run.sh']);
    await page.close();
  });

  it('that lacks a layer says reading the archive stopped, not a pull, and offers no platform a single image does not have', async () => {
    const page = await browserOf().newPage();
    await chooseArchive(page, path.join(work, 'incomplete-docker.tar'));
    await page.getByTestId('error').waitFor();
    const error = page.getByTestId('error');
    expect(await error.getAttribute('data-code')).toBe('BAD_ARCHIVE');
    expect(await error.locator('h2').textContent()).toBe('Reading the archive stopped');
    expect(await page.getByTestId('error-message').textContent()).toContain('is not in the archive, but manifest.json[0].Layers[1] names it');
    const text = (await error.textContent()) ?? '';
    expect(text).not.toMatch(/pull|platform/i);
    expect(text).toContain('Export or copy the image again');
    await page.close();
  });

  it('names the problem when the file is not an image archive', async () => {
    const page = await browserOf().newPage();
    await page.goto(appUrl);
    await page.getByTestId('archive-file-input').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an archive at all\n'.repeat(40)) });
    await page.getByTestId('error').waitFor();
    expect(await page.getByTestId('error').getAttribute('data-code')).toBe('BAD_ARCHIVE');
    expect(await page.getByTestId('error-message').textContent()).toContain('not a tar');
    await page.close();
  });

  it('says in plain text what to choose instead', async () => {
    const page = await chooseNoArchive();
    const error = page.getByTestId('error');
    expect(await error.getAttribute('data-code')).toBe('BAD_ARCHIVE');
    const text = (await error.textContent()) ?? '';
    expect(text).toContain('"docker save"');
    expect(text, 'Markdown quotes in a plain-text message').not.toContain('`');
    await page.close();
  });

  it('says in its summary that a file it could not read was not read, where it said "…" while reading', async () => {
    const page = await chooseNoArchive();
    const summary = page.getByTestId('archive-summary');
    expect(await summary.getByTestId('archive-name').textContent()).toBe('garbage.tar');
    for (const id of ['archive-container', 'archive-layout', 'resolved-digest']) {
      expect(await summary.getByTestId(id).textContent(), `${id} after the archive failed`).toBe('not read');
    }
    expect(await summary.textContent()).not.toContain('…');
    await page.close();
  });
});
