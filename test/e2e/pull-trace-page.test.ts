/**
 * The pull made visible: for a private image on the token registry, the page
 * lists every exchange (401 → token → 200 …), decodes the token's claims
 * without showing it, and offers curl commands that — run here, with the
 * real credentials put in for the placeholder — give the same digests.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { execFile } from 'node:child_process';
import type { Page } from 'playwright-core';
import { CREDENTIALS_PLACEHOLDER } from '@/lib/trace/curl';
import { shellQuote } from '@/lib/trace/shell-quote';
import { useBrowser } from '../support/use-browser';
import { loadTestBed } from '../support/test-bed';
import { inspectThroughForm } from '../support/inspect-form';
import { RATE_LIMIT_SOURCE, startRateLimitedRegistry, type RateLimitedRegistry } from '../support/rate-limited-registry';

const bed = loadTestBed();
const appUrl = inject('appUrl');
const browserOf = useBrowser();

function bash(script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', ['-c', `set -euo pipefail\n${script}`], { encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`command failed: ${stderr.trim()}\n${script}`, { cause: error }));
      else resolve(stdout);
    });
  });
}

/** Waits until every layer is verified; returns their digests in manifest order. */
async function settledLayerDigests(page: Page): Promise<string[]> {
  await page.getByTestId('layers-panel').waitFor();
  await page.waitForFunction(() => {
    const rows = Array.from(document.querySelectorAll('[data-testid="layer-status"]'));
    return rows.length > 0 && rows.every((r) => r.getAttribute('data-status') === 'done');
  });
  return page.getByTestId('layer-status').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-digest') ?? ''));
}

/** The pull trace's rows as shown. */
async function traceRows(page: Page) {
  await page.getByTestId('pull-trace').waitFor();
  return page.getByTestId('trace-row').evaluateAll((els) =>
    els.map((e) => ({
      kind: e.getAttribute('data-kind') ?? '',
      status: Number(e.getAttribute('data-status')),
      url: e.querySelector('[data-testid="trace-url"]')?.textContent ?? '',
      hop: e.querySelector('[data-testid="trace-hop"]')?.textContent ?? '',
      curl: e.querySelector('[data-testid="curl-command"]')?.textContent ?? '',
      text: e.textContent ?? '',
    })),
  );
}

describe('the pull trace in the page', () => {
  it('shows the token dance for a private image, its claims, and curl commands that reproduce the digests', async () => {
    const page = await browserOf().newPage();
    await page.goto(appUrl);
    await inspectThroughForm(page, `${bed.token.host}/private/secret:v1`, { username: bed.token.username, password: bed.token.password });
    await page.getByTestId('config-panel').waitFor();
    await page.getByTestId('pull-trace').waitFor();

    const rows = await page.getByTestId('trace-row').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-kind')}:${e.getAttribute('data-status')}`));
    // The challenge → token → retry, whether made now or earlier in this run (the proxy caches tokens per registry,
    // scope and credential, and then shows how it got the token it reuses).
    expect(rows.slice(0, 3)).toEqual(['registry:401', 'token:200', 'registry:200']);

    const earlier = await page.locator('[data-testid="trace-row"][data-earlier="true"]').count();
    expect(await page.getByTestId('trace-count').textContent()).toBe(`${rows.length} HTTP exchanges${earlier > 0 ? ` (${earlier} made earlier)` : ''}`);

    await page.getByTestId('token-claims').waitFor();
    expect(await page.getByTestId('claim-sub').textContent()).toContain(bed.token.username);
    expect(await page.getByTestId('token-access').textContent()).toContain('private/secret');

    // The password field holds the password, as it must; nothing else on the page may.
    const html = await page.evaluate(() => {
      const copy = document.documentElement.cloneNode(true) as HTMLElement;
      copy.querySelector('#password')?.remove();
      return copy.outerHTML;
    });
    expect(page.url()).not.toContain(bed.token.password);
    expect(html).not.toContain(bed.token.password);
    expect(html).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./);

    // Every manifest and config step ends in "| sha256sum  # want <hex>": run it and compare.
    const commands = await page.getByTestId('curl-command').allTextContents();
    const checked = commands.filter((c) => c.includes('sha256sum'));
    expect(checked.length).toBeGreaterThanOrEqual(2);
    const creds = shellQuote(`${bed.token.username}:${bed.token.password}`);
    for (const command of checked) {
      expect(command).toContain(`-u ${CREDENTIALS_PLACEHOLDER}`);
      const want = /# want ([a-f0-9]{64})/.exec(command)?.[1];
      expect(want, `no digest in ${command}`).toBeDefined();
      const out = await bash(command.replaceAll(CREDENTIALS_PLACEHOLDER, creds));
      expect(out.trim().split(/\s+/)[0]).toBe(want);
    }
    await page.close();
  });

  it('shows how a cached token was got: a second visit lists the challenge and the token request, marked earlier', async () => {
    const url = `${appUrl}/?${new URLSearchParams({ image: `${bed.token.host}/test/whiteouts:v1` })}`;
    const visit = async () => {
      const page = await browserOf().newPage();
      await page.goto(url);
      await settledLayerDigests(page);
      const rows = await page.getByTestId('trace-row').evaluateAll((els) =>
        els.map((e) => `${e.getAttribute('data-kind')}:${e.getAttribute('data-status')}${e.getAttribute('data-earlier') ? ' earlier' : ''}`),
      );
      return { page, rows };
    };
    const first = await visit();
    await first.page.close();
    const second = await visit();
    const { page, rows } = second;
    // The token of the first visit is reused: nothing is asked of the token server again, and the trace still
    // begins with the challenge and the token request, once, however many requests carried the token.
    expect(rows.slice(0, 3)).toEqual(['registry:401 earlier', 'token:200 earlier', 'registry:200']);
    expect(rows.filter((r) => r.endsWith('earlier'))).toHaveLength(2);
    expect(await page.getByTestId('trace-count').textContent()).toBe(`${rows.length} HTTP exchanges (2 made earlier)`);
    const challenge = page.getByTestId('trace-row').first();
    expect(await challenge.getByTestId('trace-earlier').textContent()).toBe('earlier');
    expect(await challenge.textContent()).toContain('Bearer realm=');
    expect(await challenge.textContent()).toContain('Not sent again for this pull');
    expect(await page.getByTestId('trace-row').nth(2).textContent()).toContain('cached token for repository:test/whiteouts:pull');
    await page.getByTestId('token-claims').waitFor();
    expect(await page.getByTestId('token-access').textContent()).toContain('test/whiteouts');
    await page.close();
  });

  it("shows an anonymous token's subject as the token server wrote it, saying what that means", async () => {
    const page = await browserOf().newPage();
    await page.goto(`${appUrl}/?image=${encodeURIComponent(`${bed.token.host}/test/multi:v1`)}`);
    await page.getByTestId('token-claims').waitFor();
    expect(await page.getByTestId('claim-sub').textContent()).toMatch(/^(?:"" \(empty|— \(no subject): an anonymous token\)$/);
    await page.close();
  });

  it("gives a header's value the row's width on a phone, under its name", async () => {
    const page = await browserOf().newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${appUrl}/?${new URLSearchParams({ image: `${bed.token.host}/test/docker:v1` })}`);
    await page.getByTestId('trace-header-value').first().waitFor();
    const widths = await page.getByTestId('trace-header-value').evaluateAll((values) => values.map((v) => v.getBoundingClientRect().width));
    const row = await page.getByTestId('trace-row').first().evaluate((r) => r.getBoundingClientRect().width);
    // Each value spans its row, less the indent under its name; beside a name it would get what the name leaves.
    for (const width of widths) expect(width, `a header value ${width} px wide in a ${row} px row`).toBeGreaterThan(row - 60);
    const extent = await page.evaluate(() => ({ page: document.scrollingElement!.scrollWidth, screen: document.documentElement.clientWidth }));
    expect(extent.page).toBeLessThanOrEqual(extent.screen);
    await page.close();
  });

  it('says to a screen reader that a curl command was copied, or that copying failed', async () => {
    const context = await browserOf().newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: appUrl });
    const page = await context.newPage();
    await page.goto(`${appUrl}/?${new URLSearchParams({ image: `${bed.anonymous.host}/test/docker:v1` })}`);
    const button = page.getByTestId('copy-button').first();
    await button.waitFor();
    const status = page.getByTestId('trace-row').first().getByRole('status');
    await button.focus();
    await page.keyboard.press('Enter');
    await status.filter({ hasText: 'Copied to the clipboard' }).waitFor();
    expect(await status.getAttribute('aria-live')).toBe('polite');
    expect(await button.textContent()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await page.getByTestId('curl-command').first().textContent());
    await context.close();

    // Where the page may not write to the clipboard, it says so, and how to copy instead.
    const denied = await browserOf().newPage();
    await denied.goto(`${appUrl}/?${new URLSearchParams({ image: `${bed.anonymous.host}/test/docker:v1` })}`);
    await denied.getByTestId('copy-button').first().waitFor();
    await denied.evaluate(() => {
      Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) } });
    });
    await denied.getByTestId('copy-button').first().click();
    await denied.getByTestId('trace-row').first().getByRole('status').filter({ hasText: 'Could not copy' }).waitFor();
    await denied.close();
  });

  it('lists each layer blob request with its redirect to the CDN, and curl commands that give the layer digests', async () => {
    // A context of its own: an empty blob cache, so every layer goes to the network.
    const context = await browserOf().newContext();
    const page = await context.newPage();
    await page.goto(`${appUrl}/?${new URLSearchParams({ image: `${bed.redirect.host}/test/layers:v1` })}`);
    const digests = await settledLayerDigests(page);
    expect(digests.length).toBeGreaterThan(1);

    const rows = await traceRows(page);
    const cdnHost = new URL(bed.redirect.cdnOrigin).host;
    for (const [k, digest] of digests.entries()) {
      const layerRows = rows.filter((r) => r.url.includes(digest.replace('sha256:', '')));
      const label = `layer ${k + 1} of ${digests.length}`;
      // The registry's 307, then the hop to the CDN, which served the bytes: both with the layer they belong to.
      // No 401 first: the token the server got for the first view (rendered by the page) serves the registry route too.
      expect(layerRows.map((r) => `${r.kind}:${r.status}`), `trace rows of ${label}`).toEqual(['registry:307', 'redirect:200']);
      expect(layerRows[0].url).toBe(`http://${bed.redirect.host}/v2/test/layers/blobs/${digest}`);
      expect(layerRows[0].hop).toContain(cdnHost);
      expect(new URL(layerRows[1].url).host).toBe(cdnHost);
      for (const r of layerRows) expect(r.text).toContain(label);
      // By hand: the registry's request, followed to the CDN with -L, hashes to the layer's digest.
      expect(layerRows[0].curl).toContain(' -L ');
      const out = await bash(layerRows[0].curl);
      expect(`sha256:${out.trim().split(/\s+/)[0]}`).toBe(digest);
    }

    // Again in the same tab's context: the layers come from its cache, and the trace says so instead of listing requests.
    await page.reload();
    await settledLayerDigests(page);
    const again = await traceRows(page);
    const hexes = digests.map((d) => d.replace('sha256:', ''));
    expect(again.filter((r) => hexes.some((hex) => r.url.includes(hex)))).toEqual([]);
    expect(await page.getByTestId('trace-cached-layers').textContent()).toContain(`${digests.length} layers were read from this tab’s cache`);
    await context.close();
  });

  it('lists the requests a download makes: blobs the tab never pulled, labelled, and none for the layers in its cache', async () => {
    const context = await browserOf().newContext();
    const page = await context.newPage();
    await page.goto(`${appUrl}/?${new URLSearchParams({ image: `${bed.redirect.host}/test/multi:v1` })}`);
    const pulled = (await settledLayerDigests(page)).map((d) => d.replace('sha256:', ''));
    expect((await traceRows(page)).filter((r) => r.text.includes('download'))).toEqual([]);

    // Every platform's layout: the other platforms' blobs were never pulled, so the workers fetch them.
    await page.getByTestId('oci-scope').selectOption('all');
    await Promise.all([page.waitForEvent('download'), page.getByTestId('download-oci').click()]);
    await page.locator('[data-testid="download-progress"][data-status="done"]').waitFor();

    const rows = (await traceRows(page)).filter((r) => r.text.includes('download, '));
    const blobRows = rows.filter((r) => r.text.includes('download, blob sha256:'));
    const blobs = new Set(blobRows.map((r) => /[0-9a-f]{64}/.exec(r.url)![0]));
    expect(blobs.size).toBeGreaterThan(1);
    for (const hex of blobs) {
      const its = blobRows.filter((r) => r.url.includes(hex));
      expect(its.map((r) => `${r.kind}:${r.status}`), `trace rows of blob ${hex}`).toEqual(['registry:307', 'redirect:200']);
      for (const r of its) expect(r.text).toContain(`download, blob sha256:${hex}`);
    }
    // The layers this page pulled came from the tab's cache: no request.
    for (const hex of pulled) expect(blobs.has(hex), `layer ${hex} fetched again`).toBe(false);
    // The index and manifests, fetched again for their exact bytes.
    const documents = rows.filter((r) => r.text.includes('download, image documents'));
    expect(documents.length).toBeGreaterThan(0);
    for (const r of documents) expect(r.url).toMatch(/\/v2\/test\/multi\/manifests\//);
    await context.close();
  });

  it('lists the repository tags, each a link that inspects it', async () => {
    const page = await browserOf().newPage();
    await page.goto(`${appUrl}/?image=${encodeURIComponent(`${bed.anonymous.host}/test/multi:v1`)}`);
    await page.getByTestId('tags-panel').waitFor();
    const link = page.getByTestId('tag-link').first();
    await link.waitFor();
    expect(await link.getAttribute('href')).toContain(encodeURIComponent(`${bed.anonymous.host}/test/multi:v1`));
    await page.close();
  });
});

describe('the rate limit in the page', () => {
  // Docker Hub's headers, in front of the anonymous registry and of the Basic-auth one.
  let anonymous: RateLimitedRegistry;
  let basic: RateLimitedRegistry;
  beforeAll(async () => {
    anonymous = await startRateLimitedRegistry(bed.anonymous.host);
    basic = await startRateLimitedRegistry(bed.basic.host);
  });
  afterAll(async () => {
    await anonymous?.close();
    await basic?.close();
  });

  it("says an anonymous pull counts against this server's address, shared by everyone who uses it, as the registry names it", async () => {
    const page = await browserOf().newPage();
    await page.goto(appUrl);
    await inspectThroughForm(page, `${anonymous.host}/test/layers:v1`);
    await page.getByTestId('rate-limit').waitFor();
    expect(await page.getByTestId('rate-limit-text').textContent()).toBe('42 of 100 pulls left in this 6 h window');
    const owner = (await page.getByTestId('rate-limit-owner').textContent()) ?? '';
    expect(owner).toContain('from this Pullscope server');
    expect(owner).toContain(`(${RATE_LIMIT_SOURCE}, as the registry reports it), not yours`);
    expect(owner).toContain('everyone who uses this server without credentials shares it');
    await page.close();
  });

  it("says a pull with credentials counts against the account's quota", async () => {
    const page = await browserOf().newPage();
    await page.goto(appUrl);
    await inspectThroughForm(page, `${basic.host}/test/layers:v1`, { username: bed.basic.username, password: bed.basic.password });
    await page.getByTestId('rate-limit').waitFor();
    const owner = (await page.getByTestId('rate-limit-owner').textContent()) ?? '';
    expect(owner).toContain("made with your credentials, so they count against your account's quota");
    expect(owner).not.toContain('Pullscope server');
    await page.close();
  });

  it('stops at once on a spent pull quota, asking the registry once, and says whose quota it is', async () => {
    const page = await browserOf().newPage();
    await page.goto(appUrl);
    await inspectThroughForm(page, `${anonymous.host}/limited/app:v1`);
    const error = page.getByTestId('error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('TOOMANYREQUESTS');
    expect(await page.getByTestId('error-message').textContent()).toBe(`rate limited by ${anonymous.host}: 0 of 100 pulls left in this 6 h window`);
    const text = (await error.textContent()) ?? '';
    expect(text).toContain(`the quota of the server's address (${RATE_LIMIT_SOURCE}, as the registry reports it)`);
    expect(text).not.toContain('per IP address');
    // Each request went out once: a retry would only have spent more of the quota.
    const sent = anonymous.limitedRequests.map((r) => `${r.method} ${r.path}`);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent, `got ${sent.join(', ')}, want each once`).toEqual([...new Set(sent)]);
    const limited = (await traceRows(page)).filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    for (const row of limited) expect(row.text).not.toContain('retry');
    await page.close();
  });
});
