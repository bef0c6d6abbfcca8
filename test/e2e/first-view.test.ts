/**
 * The first view in the document: a page load of `/?image=…` arrives with the
 * image's index, manifest and config already rendered, every digest marked
 * as not yet checked; the tab then hashes the bytes that came with the page
 * and marks them verified, without asking the proxy for those documents again.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { holdChunk } from '../support/held-chunk';
import { useBrowser } from '../support/use-browser';
import { loadTestBed, skopeoInspect } from '../support/test-bed';

const bed = loadTestBed();
const appUrl = inject('appUrl');
const browserOf = useBrowser();
const multi = `${bed.token.host}/test/multi:v1`;
const pageUrl = (image: string, platform?: string) => `${appUrl}/?${new URLSearchParams({ image, ...(platform ? { platform } : {}) })}`;

/** A page that records its proxy requests and every console error or warning (hydration mismatches among them). */
async function watchedPage(): Promise<{ page: Page; proxied: string[]; complaints: string[] }> {
  const page = await browserOf().newPage();
  const proxied: string[] = [];
  const complaints: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/registry/')) proxied.push(`${r.method()} ${new URL(r.url()).pathname}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') complaints.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => complaints.push(`pageerror: ${e.message}`));
  return { page, proxied, complaints };
}

describe('the first view, in the document', () => {
  it('is in the HTML with every digest still to be checked, for a client without JavaScript', async () => {
    const response = await fetch(pageUrl(multi), { headers: { 'sec-fetch-dest': 'document' } });
    const html = await response.text();
    expect(response.status).toBe(200);
    for (const panel of ['reference-summary', 'index-panel', 'manifest-panel', 'config-panel', 'history-panel']) {
      expect(html, `the HTML has no ${panel}`).toContain(`data-testid="${panel}"`);
    }
    for (const subject of ['index', 'manifest', 'config']) {
      const badge = new RegExp(`<span[^>]*data-testid="check-${subject}"[^>]*>`).exec(html)?.[0];
      expect(badge, `got no check-${subject} badge`).toBeDefined();
      expect(badge).toContain('data-pending="true"');
      expect(badge).not.toContain('data-ok');
    }
    expect(html).not.toContain('✓ verified');

    // A browser without JavaScript parses <noscript> as markup and runs no script. Chromium's switch for tests only
    // stops scripts (its parser still skips <noscript>), so the page is served to it as such a browser reads it.
    const context = await browserOf().newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      const url = pageUrl(multi, 'linux/arm64/v8');
      const withoutScripts = (await (await fetch(url, { headers: { 'sec-fetch-dest': 'document' } })).text())
        .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '')
        .replace(/<\/?noscript>/g, '');
      await page.route(url, (route) => route.fulfill({ body: withoutScripts, contentType: 'text/html' }));
      await page.goto(url);
      expect(await page.getByTestId('config-panel').isVisible()).toBe(true);
      expect(await page.getByTestId('config-platform').textContent()).toBe('linux/arm64/v8');
      expect(await page.getByTestId('check-config').getAttribute('data-ok')).toBeNull();
      expect(await page.getByTestId('check-config').textContent()).toContain('checking in this tab');
      expect(await page.getByText('JavaScript is off').isVisible()).toBe(true);
      expect(await page.getByText('Loading…').isVisible()).toBe(false);
    } finally {
      await context.close();
    }
  });

  it('is where the form leads without JavaScript: the reference typed is inspected, and no Stop is offered that cannot work', async () => {
    const context = await browserOf().newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      // Every page served as a browser without JavaScript reads it (the test above says why).
      await page.route(
        (url) => url.pathname === '/',
        async (route) => {
          const response = await route.fetch();
          const body = (await response.text()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '').replace(/<\/?noscript>/g, '');
          await route.fulfill({ response, body });
        },
      );
      await page.goto(appUrl);
      await page.getByLabel('Image reference').fill(multi);
      await Promise.all([page.waitForURL((u) => u.search !== ''), page.getByLabel('Image reference').press('Enter')]);
      expect(new URL(page.url()).searchParams.get('image')).toBe(multi);
      expect(await page.getByTestId('config-panel').isVisible()).toBe(true);
      expect(await page.getByLabel('Image reference').inputValue()).toBe(multi);
      expect(await page.getByRole('button', { name: 'Stop' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it("names the image and the open file in the page's title, from the server and as the view changes in the tab", async () => {
    const html = await (await fetch(`${pageUrl(multi)}&layer=merged&path=%2Fetc%2Fplatform`, { headers: { 'sec-fetch-dest': 'document' } })).text();
    expect(/<title>([^<]*)<\/title>/.exec(html)?.[1]).toBe(`/etc/platform · ${multi} — Pullscope`);
    const page = await browserOf().newPage();
    await page.goto(`${pageUrl(multi)}&layer=merged&path=%2Fetc`);
    await page.locator('[data-testid="tree-row"][data-path="/etc/platform"]').click();
    await page.waitForURL((u) => u.searchParams.get('path') === '/etc/platform');
    await expect.poll(() => page.title()).toBe(`/etc/platform · ${multi} — Pullscope`);
    await page.close();
  });

  it("keeps a credential the link's image carried out of the title", async () => {
    const page = await browserOf().newPage();
    const token = `ghp_${'A1b2C3d4E5'.repeat(4).slice(0, 36)}`;
    const response = await fetch(`${appUrl}/?${new URLSearchParams({ image: `someone:${token}@${multi}` })}`, { headers: { 'sec-fetch-dest': 'document' } });
    expect(await response.text()).not.toContain(token);
    await page.goto(response.url);
    await page.getByLabel('Image reference').waitFor();
    expect(await page.title()).not.toContain(token);
    await page.close();
  });

  it('is checked by the tab over the bytes that came with the page: no second request for any document', async () => {
    const { page, proxied, complaints } = await watchedPage();
    // Which badges turned ✓ before React hydrated them (the early inspection's doing: no React fiber on the element yet).
    await page.addInitScript(() => {
      const turned: Record<string, boolean> = {};
      (window as unknown as { __turnedBeforeReact: Record<string, boolean> }).__turnedBeforeReact = turned;
      new MutationObserver((records) => {
        for (const r of records) {
          const el = r.target as Element;
          const subject = el.getAttribute('data-check');
          if (subject && el.getAttribute('data-ok') === 'true' && !(subject in turned)) {
            turned[subject] = !Object.keys(el).some((k) => k.startsWith('__reactFiber$'));
          }
        }
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ok'] });
    });
    // Hold back the inspector's code (the config panel's chunk): until it arrives React cannot hydrate the panels, so the
    // badges can turn only by the early inspection's hand. Without holding, which comes first is a race the machine's load decides.
    const chunk = await holdChunk(page, 'diff_id (uncompressed layer)');
    await page.goto(pageUrl(multi));
    await page.locator('[data-testid="check-config"][data-ok="true"]').waitFor();
    // Released once the config's badge turned.
    chunk.release();
    expect(chunk.held, "no chunk held the inspector's code").toBeGreaterThan(0);
    // React then takes the page over: the tab's own view, interactive.
    await page.getByTestId('pull-trace').waitFor();
    const skopeo = await skopeoInspect(`docker://${multi}`);
    expect(await page.getByTestId('check-index').getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('check-manifest').getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('resolved-digest').textContent()).toBe(skopeo.Digest);
    const layers = await page.getByTestId('layer-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-digest')));
    expect(layers).toEqual(skopeo.Layers);
    // One of each panel: the tab's view replaced the document's, it did not add to it.
    for (const panel of ['index-panel', 'manifest-panel', 'config-panel']) expect(await page.getByTestId(panel).count()).toBe(1);

    const configDigest = await page.getByTestId('manifest-panel').locator('dl a.digest').first().textContent();
    const documents = proxied.filter((r) => r.includes('/manifests/') || r.endsWith(`/blobs/${configDigest}`));
    expect(documents, `got proxy requests for documents ${documents.join(', ')}, want none`).toEqual([]);

    // The trace still shows the exchanges the server made for the page: each manifest GET once (besides the challenge
    // that got a cached token, made earlier and marked so).
    await page.getByTestId('pull-trace').waitFor();
    const urls = await page.locator('[data-testid="trace-row"]:not([data-earlier]) [data-testid="trace-url"]').allTextContents();
    const manifestGets = urls.filter((u) => u.includes('/manifests/'));
    expect(manifestGets.length, `got manifest exchanges ${manifestGets.join(', ')}`).toBe(2);
    expect(new Set(manifestGets).size).toBe(2);
    expect(complaints, 'console errors or warnings').toEqual([]);

    // A badge turned before hydration was taken over by React as it was: one badge each, saying what React says.
    const turned = await page.evaluate(() => (window as unknown as { __turnedBeforeReact: Record<string, boolean> }).__turnedBeforeReact);
    expect(Object.keys(turned).sort()).toEqual(['config', 'index', 'manifest']);
    // The page's answers are in hand: the early inspection turns the config's badge without React.
    expect(turned.config, `got ${JSON.stringify(turned)}: the config's badge waited for React`).toBe(true);
    for (const subject of Object.keys(turned)) {
      expect(await page.locator(`[data-check="${subject}"]`).count()).toBe(1);
      expect(await page.getByTestId(`check-${subject}`).textContent()).toMatch(/^✓ verified against .+ · \d+ bytes hashed$/);
    }
    await page.close();
  });

  it('is not reused by a navigation in the tab, which fetches what it shows', async () => {
    const { page, proxied } = await watchedPage();
    await page.goto(pageUrl(multi));
    await page.locator('[data-testid="check-config"][data-ok="true"]').waitFor();
    await page.locator('[data-testid="platform-row"][data-platform="linux/arm64/v8"] button').click();
    await page.locator('[data-testid="config-platform"]', { hasText: 'linux/arm64/v8' }).waitFor();
    await page.locator('[data-testid="check-config"][data-ok="true"]').waitFor();
    // The index came with the page and stays in the tab's verified cache; the arm64 manifest was not in the page.
    const gets = proxied.filter((r) => r.startsWith('GET') && r.includes('/manifests/'));
    expect(gets.length, `got manifest GETs ${gets.join(', ')}, want the arm64 manifest's only`).toBe(1);
    await page.close();
  });

  it('leaves the page as it was when a shared link is followed by a click: what was typed, the trace, the inspection', async () => {
    const { page, proxied } = await watchedPage();
    await page.goto(pageUrl(`${bed.anonymous.host}/test/layers:v1`));
    await page.getByTestId('layers-panel').waitFor();
    await page.waitForFunction(() => {
      const rows = Array.from(document.querySelectorAll('[data-testid="layer-status"]'));
      return rows.length > 0 && rows.every((r) => r.getAttribute('data-status') === 'done');
    });
    await page.getByTestId('pull-trace').waitFor();
    const traceBefore = await page.getByTestId('trace-row').count();
    await page.getByText('Private repository').click();
    await page.getByLabel('Username').fill('someone');
    const requestsBefore = proxied.length;

    await page.getByRole('button', { name: /Browse files/ }).first().click();
    await page.waitForURL((u) => u.searchParams.has('layer'));
    await page.getByTestId('tree-row').first().waitFor();
    // The page rendered again, without the first view, and kept its Inspector: nothing typed is lost, nothing fetched again.
    expect(await page.getByLabel('Username').inputValue()).toBe('someone');
    expect(await page.getByTestId('trace-row').count()).toBe(traceBefore);
    expect(proxied.slice(requestsBefore), 'requests after the click').toEqual([]);
    await page.close();
  });
});
