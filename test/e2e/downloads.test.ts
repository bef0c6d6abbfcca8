/**
 * Downloads made through the page, saved, and judged by the tools that
 * consume them: sha256sum for a layer blob, GNU tar and `umoci unpack` for
 * the flattened rootfs, unzip and skopeo for the OCI layout, skopeo for the
 * docker-archive; a big image's layer and rootfs. In an automated browser
 * the page saves through the download service worker (save-stream.ts says
 * why), which Playwright receives as a download event: each one is checked
 * to come from the worker's URL, so its bytes streamed rather than being
 * collected in a Blob. Cancelling works both ways: on the page, the
 * browser's download fails (no file claims to be complete); in the browser,
 * the page stops reading its source and says so.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Download, Locator, Page, Route } from 'playwright-core';
import { run, sha256Digest, sha256OfFile, tarListing } from '../support/archive-tools';
import { launchBrowser } from '../support/browser';
import { loadTestBed, skopeoInspect } from '../support/test-bed';
import { umociListing } from '../support/umoci-listing';
import { OCI_MANIFEST, descriptorJson, entriesLayer, gzipLayer, imageConfig, manifestJson, pushImage, type LayerBlob } from '../support/hostile-images';
import { startSubstitutingRegistry } from '../support/substituting-registry';
import type { RegistryFront } from '../support/registry-front';
import { uploadBlob } from '../../scripts/test-bed/registry-writer';
import { inspectThroughForm } from '../support/inspect-form';

const bed = loadTestBed();
const appUrl = inject('appUrl');
const host = bed.anonymous.host;
/** Where the download service worker serves a download: its scope and a random id, nothing else. */
const STREAMED_URL = new RegExp(`^${appUrl.replace(/[.]/g, '\\.')}/download/[0-9a-f]{32}$`);
let browser: Browser;
let work: string;

beforeAll(async () => {
  browser = await launchBrowser();
  work = mkdtempSync(join(tmpdir(), 'downloads-e2e-'));
});
afterAll(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A fresh page showing `image` of the anonymous registry, its downloads panel rendered. */
async function openImage(image: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${appUrl}/?image=${encodeURIComponent(`${host}/${image}`)}`);
  await page.getByTestId('downloads-panel').waitFor();
  return page;
}

/** Clicks a download button (once it is enabled), saves the file the page offers, and returns its path. */
async function download(page: Page, button: Locator): Promise<{ file: string; name: string }> {
  const [offered] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), button.click({ timeout: 120_000 })]);
  expect(offered.url(), 'the download\'s URL').toMatch(STREAMED_URL);
  const name = offered.suggestedFilename();
  const dir = mkdtempSync(join(work, 'download-'));
  const file = join(dir, name);
  await offered.saveAs(file);
  await page.locator('[data-testid="download-progress"][data-status="done"]').waitFor();
  return { file, name };
}

/**
 * A layer whose tar Python's tarfile writes (GNU format): a directory and files in it. A name may hold bytes that are
 * not UTF-8, given as U+DC80–U+DCFF ('caf\udce9' is written as the byte 0xe9: surrogateescape).
 */
function pythonTarLayer(dir: string, files: ReadonlyArray<readonly [name: string, content: string]>): LayerBlob {
  const script = `
import io, json, sys, tarfile
out = io.BytesIO()
d, files = sys.argv[1], json.loads(sys.argv[2])
with tarfile.open(fileobj=out, mode='w', format=tarfile.GNU_FORMAT, encoding='utf-8', errors='surrogateescape') as tar:
    t = tarfile.TarInfo(d); t.type = tarfile.DIRTYPE; t.mode = 0o755; tar.addfile(t)
    for name, text in files:
        body = text.encode(); f = tarfile.TarInfo(d + '/' + name); f.size = len(body); f.mode = 0o644; tar.addfile(f, io.BytesIO(body))
sys.stdout.buffer.write(out.getvalue())
`;
  return gzipLayer(new Uint8Array(execFileSync('python3', ['-c', script, dir, JSON.stringify(files)])));
}

/** The bytes of one member of a tar file. */
async function tarMember(file: string, member: string): Promise<string> {
  return run('tar', ['-xOf', file, member]);
}

describe('names that are not UTF-8', () => {
  let page: Page;
  beforeAll(async () => {
    // Two Latin-1 names, one letter apart.
    const layer = pythonTarLayer('latin1', [['caf\udce9', 'e9\n'], ['caf\udce8', 'e8\n']]);
    await pushImage(host, 'test/latin1-names', 'v1', { layers: [layer], config: imageConfig([layer.diffId]) });
    page = await openImage('test/latin1-names:v1');
  });
  afterAll(async () => {
    await page?.close();
  });

  it('keeps two names one byte apart as two files: in the tree, escaped; in a link; and in the flattened rootfs, byte for byte', async () => {
    await page.goto(`${appUrl}/?${new URLSearchParams({ image: `${host}/test/latin1-names:v1`, layer: 'merged', path: '/latin1' })}`);
    const rows = page.locator('[data-testid="tree-row"][data-type="file"]');
    await rows.nth(1).waitFor();
    expect(await rows.allTextContents()).toEqual([expect.stringContaining('caf\\xe8'), expect.stringContaining('caf\\xe9')]);
    await rows.nth(1).click();
    // The link carries the escaped name, and opens that very file again.
    await page.waitForURL((u) => u.searchParams.get('path') === '/latin1/caf\\xe9');
    expect(await page.getByTestId('file-text').textContent()).toContain('e9');
    await page.reload();
    await page.getByTestId('file-text').waitFor();
    expect(await page.getByTestId('file-text').textContent()).toContain('e9');
    expect(await page.locator('[data-testid="file-viewer"] h3').textContent()).toBe('/latin1/caf\\xe9');

    const { file } = await download(page, page.getByTestId('download-rootfs'));
    // GNU tar escapes the raw bytes as octal: 0xe9 is \351, 0xe8 is \350.
    const listing = (await run('tar', ['-tf', file, '--quoting-style=escape'])).trim().split('\n');
    expect(listing).toEqual(expect.arrayContaining(['latin1/caf\\350', 'latin1/caf\\351']));
    const into = mkdtempSync(join(work, 'latin1-'));
    await run('tar', ['-xf', file, '-C', into]);
    const named = (byte: number) => Buffer.from([...Buffer.from(`${into}/latin1/caf`), byte]);
    expect(readFileSync(named(0xe9), 'utf8')).toBe('e9\n');
    expect(readFileSync(named(0xe8), 'utf8')).toBe('e8\n');
  });
});

describe('one file, from the file viewer', () => {
  it('saves the file as its layer holds it, and says it did', async () => {
    const page = await browser.newPage();
    await page.goto(`${appUrl}/?${new URLSearchParams({ image: `${host}/test/whiteouts:v1`, layer: 'merged', path: '/bin/hello' })}`);
    await page.locator('[data-testid="file-viewer"][data-path="/bin/hello"]').getByTestId('file-text').waitFor();
    const { file, name } = await download(page, page.getByRole('button', { name: 'Download file' }));
    expect(name).toBe('hello');
    expect(readFileSync(file, 'utf8')).toContain('hello from the whiteouts image');
    expect(await page.getByTestId('file-download').getByTestId('download-progress').textContent()).toContain('File /bin/hello: saved hello');
    await page.close();
  });

  it('says so when the file cannot be read again, instead of failing in silence', async () => {
    // A private image: its blobs are not kept in the tab, so the file's layer must be fetched again, and that fetch fails.
    const page = await browser.newPage();
    await page.goto(appUrl);
    await inspectThroughForm(page, `${bed.basic.host}/test/layers:v1`, { username: bed.basic.username, password: bed.basic.password });
    await page.locator('[data-testid="files-tab-merged"]:not([disabled])').waitFor();
    for (const dir of ['/app', '/app/bin']) await page.locator(`[data-testid="tree-row"][data-path="${dir}"]`).click();
    await page.locator('[data-testid="tree-row"][data-path="/app/bin/run.sh"]').click();
    await page.locator('[data-testid="file-viewer"][data-path="/app/bin/run.sh"]').getByTestId('file-text').waitFor();
    await page.route('**/blobs/**', (route) => route.abort('connectionreset'));
    await page.getByRole('button', { name: 'Download file' }).click();
    const error = page.getByTestId('file-download').getByTestId('download-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('File /app/bin/run.sh failed');
    expect(await error.textContent()).toContain('Nothing was saved as complete');
    await page.close();
  });
});

describe('one file whose name a browser would not keep', () => {
  beforeAll(async () => {
    // A control character, and a byte that is not UTF-8.
    const layer = pythonTarLayer('names', [['new\nline', 'a new line\n'], ['caf\udce9', 'e9\n']]);
    await pushImage(host, 'test/unkept-names', 'v1', { layers: [layer], config: imageConfig([layer.diffId]) });
  });

  it.each([
    ['/names/new\\nline', 'new_line', 'a new line'],
    ['/names/caf\\xe9', 'caf_', 'e9'],
  ])('saves %s as %s, and names the file as saved', async (shownPath, saved, content) => {
    const page = await browser.newPage();
    await page.goto(`${appUrl}/?${new URLSearchParams({ image: `${host}/test/unkept-names:v1`, layer: 'merged', path: shownPath })}`);
    await page.getByTestId('file-text').waitFor();
    const { file, name } = await download(page, page.getByRole('button', { name: 'Download file' }));
    expect(name, 'the name the browser saved the file under').toBe(saved);
    expect(readFileSync(file, 'utf8')).toContain(content);
    expect(await page.getByTestId('file-download').getByTestId('download-progress').textContent()).toContain(`File ${shownPath}: saved ${saved} (`);
    await page.close();
  });
});

describe('an OCI layout of an image with a non-distributable layer', () => {
  // The bed's registry refuses such a manifest: a front serves it, by tag and by digest, and the bed the blobs.
  const repository = 'test/foreign-layer';
  const base = entriesLayer([{ type: 'directory', path: 'etc' }, { type: 'file', path: 'etc/base.txt', content: 'the base layer\n' }]);
  const foreign = entriesLayer([{ type: 'directory', path: 'etc' }, { type: 'file', path: 'etc/foreign.txt', content: 'from the non-distributable layer\n' }]);
  const foreignDescriptor = {
    mediaType: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
    digest: foreign.digest,
    size: foreign.size,
    // Nowhere: a layout that lacks the blob cannot be read from here.
    urls: [`https://layers.example.invalid/${foreign.digest}`],
  };
  let front: RegistryFront;
  let manifestDigest: string;
  beforeAll(async () => {
    for (const layer of [base, foreign]) await uploadBlob(host, repository, layer.blob);
    const config = imageConfig([base.diffId, foreign.diffId]);
    const configDigest = await uploadBlob(host, repository, config);
    const bytes = new TextEncoder().encode(manifestJson({ digest: configDigest, size: config.length }, [descriptorJson(base), JSON.stringify(foreignDescriptor)]));
    const manifest = { mediaType: OCI_MANIFEST, bytes, digest: sha256Digest(bytes) };
    manifestDigest = manifest.digest;
    front = await startSubstitutingRegistry(host, { documents: new Map([[`${repository}:v1`, manifest], [`${repository}:${manifest.digest}`, manifest]]) });
  });
  afterAll(async () => {
    await front?.close();
  });

  /** A page on the image once each layer is verified or failed. */
  async function openSettled(): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${appUrl}/?image=${encodeURIComponent(`${front.host}/${repository}:v1`)}`);
    await page.waitForFunction(() => {
      const rows = Array.from(document.querySelectorAll('[data-testid="layer-status"]'));
      return rows.length === 2 && rows.every((r) => ['done', 'error'].includes(r.getAttribute('data-status') ?? ''));
    });
    return page;
  }

  async function unzipped(file: string): Promise<string> {
    expect(await run('unzip', ['-t', file])).toContain('No errors detected');
    await run('unzip', ['-q', file, '-d', `${file}-unzipped`]);
    return `${file}-unzipped`;
  }

  it('holds the layer the page verified: umoci unpacks it with that layer\'s files, offline', async () => {
    const page = await openSettled();
    const { file } = await download(page, page.getByTestId('download-oci'));
    expect(await page.getByTestId('downloads-panel').getByTestId('download-progress').getAttribute('data-left-out')).toBeNull();
    await page.close();
    const dir = await unzipped(file);
    expect(sha256OfFile(join(dir, 'blobs', 'sha256', foreign.digest.slice('sha256:'.length)))).toBe(foreign.digest);
    const bundle = `${dir}-bundle`;
    await run('umoci', ['unpack', '--rootless', '--image', `${dir}:v1`, bundle]);
    expect(readFileSync(join(bundle, 'rootfs', 'etc', 'foreign.txt'), 'utf8')).toBe('from the non-distributable layer\n');
    expect(readFileSync(join(bundle, 'rootfs', 'etc', 'base.txt'), 'utf8')).toBe('the base layer\n');
    // skopeo reads the manifest, byte for byte (its copy would fetch the layer from the URLs, which lead nowhere here).
    expect(sha256Digest(execFileSync('skopeo', ['inspect', '--raw', `oci:${dir}:v1`]))).toBe(manifestDigest);
  });

  it('leaves out a layer the page could not verify, and names it beside "saved"', async () => {
    const page = await browser.newPage();
    await page.route(`**/blobs/${foreign.digest}`, (route) => route.abort('connectionreset'));
    await page.goto(`${appUrl}/?image=${encodeURIComponent(`${front.host}/${repository}:v1`)}`);
    await page.locator(`[data-testid="layer-status"][data-digest="${foreign.digest}"][data-status="error"]`).waitFor();
    const { file } = await download(page, page.getByTestId('download-oci'));
    const outcome = page.getByTestId('downloads-panel').getByTestId('download-progress');
    expect(await outcome.getAttribute('data-left-out')).toBe('1');
    expect(await outcome.textContent()).toContain('without 1 entry of the image');
    expect(await page.getByTestId('download-left-out').locator('li').allTextContents()).toEqual([
      `blobs/sha256/${foreign.digest.slice('sha256:'.length)}: non-distributable layer left out, as this page has not fetched and verified it (its publisher serves it from ${foreignDescriptor.urls[0]}). umoci unpack needs it in the layout; skopeo copy fetches it from those URLs.`,
    ]);
    await page.close();
    const dir = await unzipped(file);
    expect(readdirSync(join(dir, 'blobs', 'sha256'))).not.toContain(foreign.digest.slice('sha256:'.length));
  });
});

describe('a flattened rootfs that leaves entries out', () => {
  it('names each entry left out, and why, beside "saved"; a hard link to a symlink is kept', async () => {
    const layer = entriesLayer([
      { type: 'directory', path: 'd' },
      { type: 'symlink', path: 's', target: '/etc/passwd' },
      { type: 'hardlink', path: 'hl-s', target: 's' },
      { type: 'hardlink', path: 'hl-d', target: 'd' },
      { type: 'hardlink', path: 'hl-self', target: 'hl-self' },
    ]);
    await pushImage(host, 'test/impossible-links', 'v1', { layers: [layer], config: imageConfig([layer.diffId]) });
    const page = await openImage('test/impossible-links:v1');
    await page.locator('[data-testid="download-rootfs"]:not([disabled])').waitFor();
    const { file } = await download(page, page.getByTestId('download-rootfs'));
    const outcome = page.getByTestId('downloads-panel').getByRole('status');
    expect(await outcome.textContent()).toContain('without 2 entries of the image');
    expect(await page.getByTestId('download-left-out').locator('li').allTextContents()).toEqual([
      '/hl-d: hard link left out: it links the directory /d, which no filesystem allows',
      '/hl-self: hard link left out: it links /hl-self, a chain of hard links that leads back to itself, which no filesystem allows',
    ]);
    // GNU tar lists the link to the symlink as a link, and nothing of the two left out.
    const listing = await run('tar', ['-tvf', file]);
    expect(listing).toMatch(/ hl-s link to s\n/);
    expect(listing).not.toMatch(/hl-d|hl-self/);
    await page.close();
  });
});

describe('a download started from the keyboard', () => {
  it('keeps focus on the pressed button while it runs, and says how it ended in a status region', async () => {
    const page = await openImage('test/whiteouts:v1');
    const rootfs = page.getByTestId('download-rootfs');
    await page.locator('[data-testid="download-rootfs"]:not([disabled])').waitFor();
    await rootfs.focus();
    const [offered] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    await offered.saveAs(join(mkdtempSync(join(work, 'download-')), offered.suggestedFilename()));
    await page.locator('[data-testid="download-progress"][data-status="done"]').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('download-rootfs');
    expect(await page.getByTestId('downloads-panel').getByRole('status').textContent()).toContain('Flattened rootfs: saved');
    await page.close();
  });
});

describe('downloads of test/whiteouts:v1', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openImage('test/whiteouts:v1');
  });
  afterAll(async () => {
    await page?.close();
  });

  it('saves each layer blob under its digest, and its sha256 is that digest', async () => {
    const buttons = page.getByTestId('download-layer');
    const count = await buttons.count();
    expect(count, 'layer buttons').toBeGreaterThan(1);
    for (let i = 0; i < count; i++) {
      const button = buttons.nth(i);
      const digest = (await button.getAttribute('data-digest'))!;
      const { file, name } = await download(page, button);
      expect(name).toMatch(new RegExp(`^${digest.replace(':', '-')}\\.tar(\\.gz|\\.zst)?$`));
      expect(sha256OfFile(file), `sha256 of the saved layer ${i + 1}`).toBe(digest);
    }
  });

  it('saves the flattened rootfs: GNU tar reads it, and it lists what `umoci unpack` makes of the image', async () => {
    const { file, name } = await download(page, page.getByTestId('download-rootfs'));
    expect(name).toBe('whiteouts-v1-rootfs.tar');
    await run('tar', ['-tf', file]);
    const ours = await tarListing(file);
    const want = await umociListing('test/whiteouts:v1');
    expect(want.length, 'entries umoci unpacked').toBeGreaterThan(2);
    expect(ours.filter((e) => e.path.includes('.wh.')), 'whiteout entries in the rootfs').toEqual([]);
    expect(ours).toEqual(want);
  });

  it('saves a docker-archive that skopeo reads, its layers the config\'s diff_ids, tagged with the reference', async () => {
    const { file } = await download(page, page.getByTestId('download-docker'));
    await run('tar', ['-tf', file]);
    const config = await skopeoInspect(`${host}/test/whiteouts:v1`, { config: true });
    const inspect = JSON.parse(await run('skopeo', ['inspect', `docker-archive:${file}`])) as { Layers: string[] };
    expect(inspect.Layers).toEqual(config.rootfs.diff_ids);
    const rawConfig = execFileSync('skopeo', ['inspect', '--config', '--raw', `docker-archive:${file}`]);
    const registryManifest = JSON.parse(new TextDecoder().decode(await skopeoInspect(`${host}/test/whiteouts:v1`, { raw: true }))) as { config: { digest: string } };
    expect(sha256Digest(rawConfig), 'sha256 of the archive\'s config').toBe(registryManifest.config.digest);
    const manifest = JSON.parse(await tarMember(file, 'manifest.json')) as { RepoTags: string[] }[];
    expect(manifest[0].RepoTags).toEqual([`${host}/test/whiteouts:v1`]);
    // Loading reads and checks every layer against its diff_id.
    await run('skopeo', ['copy', `docker-archive:${file}`, `dir:${file}-copy`]);
  });

  it('saves an OCI layout zip that unzip tests clean and skopeo reads with the registry\'s digest', async () => {
    const { file, name } = await download(page, page.getByTestId('download-oci'));
    expect(name).toBe('whiteouts-v1-oci.zip');
    expect(await run('unzip', ['-t', file])).toContain('No errors detected');
    const dir = `${file}-unzipped`;
    await run('unzip', ['-q', file, '-d', dir]);
    const raw = execFileSync('skopeo', ['inspect', '--raw', `oci:${dir}:v1`]);
    expect(sha256Digest(raw), 'sha256 of the layout\'s manifest').toBe(bed.images['test/whiteouts:v1'].digest);
    const inspect = JSON.parse(await run('skopeo', ['inspect', `oci:${dir}:v1`])) as { Digest: string };
    expect(inspect.Digest).toBe(bed.images['test/whiteouts:v1'].digest);
    // A copy reads and verifies every blob the manifest names.
    await run('skopeo', ['copy', `oci:${dir}:v1`, `dir:${dir}-copy`]);
  });
});

describe('the flattened rootfs of test/multi:v1', () => {
  it('is named after the platform it is of', async () => {
    const page = await openImage('test/multi:v1');
    const chosen = await page.locator('[data-testid="platform-row"][data-chosen="true"]').getAttribute('data-platform');
    const { name } = await download(page, page.getByTestId('download-rootfs'));
    await page.close();
    expect(name).toBe(`multi-v1-${chosen!.replaceAll('/', '-')}-rootfs.tar`);
  });
});

describe('OCI layouts of test/multi:v1', () => {
  it.each([
    ['all platforms of the index', 'all'],
    ['the platform on the page', 'platform'],
  ])('%s: unzip tests it clean and skopeo reads the registry\'s digests', async (_, scope) => {
    const page = await openImage('test/multi:v1');
    const chosen = await page.locator('[data-testid="platform-row"][data-chosen="true"]').getAttribute('data-platform');
    await page.getByTestId('oci-scope').selectOption(scope);
    const { file } = await download(page, page.getByTestId('download-oci'));
    await page.close();
    expect(await run('unzip', ['-t', file])).toContain('No errors detected');
    const dir = `${file}-unzipped`;
    await run('unzip', ['-q', file, '-d', dir]);

    const index = JSON.parse(new TextDecoder().decode(await skopeoInspect(`${host}/test/multi:v1`, { raw: true }))) as {
      manifests: { digest: string; platform?: { os: string; architecture: string; variant?: string } }[];
    };
    const platformManifest = index.manifests.find((m) => m.platform && [m.platform.os, m.platform.architecture, m.platform.variant].filter(Boolean).join('/') === chosen);
    const want = scope === 'all' ? bed.images['test/multi:v1'].digest : platformManifest!.digest;
    const raw = execFileSync('skopeo', ['inspect', '--raw', `oci:${dir}:v1`]);
    expect(sha256Digest(raw), 'sha256 of the layout\'s root').toBe(want);
    await run('skopeo', ['copy', ...(scope === 'all' ? ['--all'] : []), `oci:${dir}:v1`, `dir:${dir}-copy`]);
  });
});

describe('test/big:v1, thousands of files', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openImage('test/big:v1');
  });
  afterAll(async () => {
    await page?.close();
  });

  it('saves its flattened rootfs: every file, as `umoci unpack` lists them', async () => {
    const { file } = await download(page, page.getByTestId('download-rootfs'));
    await run('tar', ['-tf', file]);
    const ours = await tarListing(file);
    expect(ours.length, 'entries in the rootfs').toBeGreaterThan(4000);
    expect(ours).toEqual(await umociListing('test/big:v1'));
  });

  it('saves its layer blob whole, from the tab\'s cache: its sha256 is the layer digest', async () => {
    const button = page.getByTestId('download-layer').first();
    const digest = (await button.getAttribute('data-digest'))!;
    const { file } = await download(page, button);
    expect(sha256OfFile(file), 'sha256 of the saved layer').toBe(digest);
  });
});

describe('a layer blob downloaded while the page is still pulling it', () => {
  it('saves the blob whole and the page still verifies the layer', async () => {
    const page = await browser.newPage();
    await page.goto(`${appUrl}/?image=${encodeURIComponent(`${host}/test/big:v1`)}`);
    const button = page.getByTestId('download-layer').first();
    await button.waitFor();
    const digest = (await button.getAttribute('data-digest'))!;
    const status = page.getByTestId('layer-status').first();
    const before = await status.getAttribute('data-status');
    const { file } = await download(page, button);
    expect(sha256OfFile(file), 'sha256 of the saved layer').toBe(digest);
    await page.locator('[data-testid="layer-status"][data-status="done"]').first().waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('layer-error').count(), `layer errors (the layer was ${before} when the download started)`).toBe(0);
    expect(await page.getByTestId('layer-digest-check').first().getAttribute('data-ok')).toBe('true');
    await page.close();
  });
});

/**
 * An OCI layout download of test/whiteouts:v1 that starts (the zip's first
 * entries need no blob) and then stalls: every blob request is held, and the
 * config blob is never in the tab's cache.
 */
async function stalledDownload(): Promise<{ page: Page; offered: Download; held: Route[] }> {
  const page = await openImage('test/whiteouts:v1');
  await page.getByTestId('download-docker').and(page.locator(':enabled')).waitFor({ timeout: 120_000 });
  const held: Route[] = [];
  await page.route('**/blobs/**', (route) => void held.push(route));
  const [offered] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('download-oci').click()]);
  expect(offered.url(), 'the download\'s URL').toMatch(STREAMED_URL);
  await expect.poll(() => held.length, { message: 'blob requests held', timeout: 60_000 }).toBeGreaterThan(0);
  return { page, offered, held };
}

async function release(held: Route[]): Promise<void> {
  for (const route of held) await route.abort().catch(() => undefined);
}

describe('cancelling a streamed download', () => {
  it('on the page: the browser\'s download fails and no file is complete', async () => {
    const { page, offered, held } = await stalledDownload();
    // The total is exact: the bar tells the time left.
    await page.getByTestId('download-eta').waitFor();
    await page.getByTestId('download-cancel').click();
    await page.locator('[data-testid="download-progress"][data-status="cancelled"]').waitFor();
    expect(await offered.failure(), 'the browser\'s download failure').not.toBeNull();
    await expect(offered.path(), 'the saved file of a failed download').rejects.toThrow();
    await release(held);
    await page.close();
  });

  it('in the browser: the page stops and shows the download cancelled', async () => {
    const { page, offered, held } = await stalledDownload();
    await offered.cancel();
    await page.locator('[data-testid="download-progress"][data-status="cancelled"]').waitFor();
    expect(await offered.failure(), 'the browser\'s download failure').toBe('canceled');
    await release(held);
    await page.close();
  });
});

describe('a download whose bytes are not the ones the digest names', () => {
  it('shows the digest mismatch and leaves no complete file', async () => {
    const page = await openImage('test/corrupt:v1');
    // The download may start before the end of the blob shows the mismatch; it must then fail.
    const offered: Download[] = [];
    page.on('download', (d) => void offered.push(d));
    await page.locator(`[data-testid="download-layer"][data-digest="${bed.corruptLayerDigest}"]`).click();
    const error = page.getByTestId('download-error');
    await error.waitFor({ timeout: 120_000 });
    expect(await error.getAttribute('data-code')).toBe('DIGEST_MISMATCH');
    expect(await error.textContent()).toContain(bed.corruptLayerDigest);
    const failures = await Promise.all(offered.map((d) => d.failure()));
    expect(failures.filter((f) => f === null), 'downloads that completed').toEqual([]);
    // Why the whole-image downloads stay off is said on the page, not only in a tooltip.
    await page.locator('[data-testid="downloads-waiting"]', { hasText: 'failed' }).waitFor();
    expect(await page.getByTestId('downloads-waiting').textContent()).toContain('need every layer verified; 1 of 2 failed');
    expect(await page.getByTestId('download-rootfs').isDisabled()).toBe(true);
    await page.close();
  });
});
