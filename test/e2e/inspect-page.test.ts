/**
 * A person at the page: paste a reference, read what the registry holds.
 * Real Chromium against a production build, the real registries behind it,
 * and skopeo as the referee.
 */
import { describe, expect, inject, it } from 'vitest';
import net from 'node:net';
import type { Page } from 'playwright-core';
import { useBrowser } from '../support/use-browser';
import { loadTestBed, skopeoInspect } from '../support/test-bed';
import { inspectThroughForm } from '../support/inspect-form';
import { entriesLayer, imageConfig, pushImage } from '../support/hostile-images';

const bed = loadTestBed();
const appUrl = inject('appUrl');
const browserOf = useBrowser();

/** A fresh page that records every request it makes to our proxy. */
async function openPage(): Promise<{ page: Page; proxied: string[] }> {
  const page = await browserOf().newPage();
  const proxied: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/registry/')) proxied.push(r.url());
  });
  await page.goto(appUrl);
  return { page, proxied };
}

const inspect = inspectThroughForm;

/** test/multi:v1 inspected with credentials on the Basic registry; `documents` counts the page loads since (a link that left the page). */
async function openPrivateMulti(): Promise<{ page: Page; documents: () => number }> {
  const { page } = await openPage();
  let documents = 0;
  page.on('request', (r) => {
    if (r.resourceType() === 'document') documents++;
  });
  await inspect(page, `${bed.basic.host}/test/multi:v1`, { username: bed.basic.username, password: bed.basic.password });
  await page.getByTestId('config-panel').waitFor();
  return { page, documents: () => documents };
}

const modes = [
  { name: 'anonymous', host: bed.anonymous.host },
  { name: 'basic', host: bed.basic.host, creds: { username: bed.basic.username, password: bed.basic.password } },
  { name: 'token', host: bed.token.host },
  { name: 'redirect', host: bed.redirect.host },
];

describe.each(modes)('the page, against the $name registry', (mode) => {
  it('shows the index, platforms, manifest, layers and env that skopeo reports', async () => {
    const { page } = await openPage();
    await inspect(page, `${mode.host}/test/multi:v1`, mode.creds);
    await page.getByTestId('config-panel').waitFor();
    const creds = mode.creds ? `${mode.creds.username}:${mode.creds.password}` : undefined;
    const skopeo = await skopeoInspect(`docker://${mode.host}/test/multi:v1`, { creds });

    expect(await page.getByTestId('resolved-digest').textContent()).toBe(skopeo.Digest);
    expect(await page.getByTestId('check-index').getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('check-manifest').getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('check-config').getAttribute('data-ok')).toBe('true');
    const platforms = await page.getByTestId('platform-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-platform')));
    expect(platforms).toEqual(['linux/amd64', 'linux/arm64/v8']);
    expect(await page.getByTestId('attestation-row').count()).toBe(1);
    const layers = await page.getByTestId('layer-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-digest')));
    expect(layers).toEqual(skopeo.Layers);
    expect(new URL(page.url()).searchParams.get('image')).toBe(`${mode.host}/test/multi:v1`);
    if (mode.creds) expect(page.url()).not.toContain(mode.creds.password);
    await page.close();
  });

  it('shows a Docker schema 2 image with its env, entrypoint and history', async () => {
    const { page } = await openPage();
    await inspect(page, `${mode.host}/test/docker:v1`, mode.creds);
    await page.getByTestId('history-panel').waitFor();
    const creds = mode.creds ? `${mode.creds.username}:${mode.creds.password}` : undefined;
    const skopeo = await skopeoInspect(`docker://${mode.host}/test/docker:v1`, { creds });
    expect(await page.getByTestId('manifest-digest').textContent()).toBe(skopeo.Digest);
    expect(await page.getByTestId('manifest-media-type').textContent()).toBe('Docker schema 2 manifest');
    const env = await page.getByTestId('env-row').evaluateAll((rows) =>
      rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent).join('=')),
    );
    expect(env).toEqual(skopeo.Env);
    expect(await page.getByTestId('layer-count').textContent()).toBe(String(skopeo.Layers.length));
    const emptySteps = await page.locator('[data-testid="history-row"][data-empty="true"]').count();
    expect(emptySteps).toBeGreaterThan(0);
    await page.close();
  });
});

describe('the page', () => {
  it('switches platform through the URL and keeps it shareable', async () => {
    const { page } = await openPage();
    await inspect(page, `${bed.anonymous.host}/test/multi:v1`);
    await page.getByTestId('config-panel').waitFor();
    await page.getByRole('button', { name: 'linux/arm64/v8' }).click();
    await page.waitForURL(/platform=linux%2Farm64%2Fv8/);
    await page.locator('[data-testid="config-platform"]', { hasText: 'linux/arm64/v8' }).waitFor();
    // The same URL, opened fresh, shows the same view.
    const shared = page.url();
    const other = await browserOf().newPage();
    await other.goto(shared);
    await other.locator('[data-testid="config-platform"]', { hasText: 'linux/arm64/v8' }).waitFor();
    const chosen = await other.locator('[data-testid="platform-row"][data-chosen="true"]').getAttribute('data-platform');
    expect(chosen).toBe('linux/arm64/v8');
    await other.close();
    await page.close();
  });

  it.each([
    ['Ubuntu:22.04', 'lowercase'],
    ['ubuntu@sha256:abc', 'digest'],
    ['ubuntu:', 'tag'],
    ['ubu ntu', 'space'],
    ['oci-archive:/tmp/app.tar', 'drop the file'],
    // Docker would ask Docker Hub for 'library/localhost' at tag 5000; no request goes anywhere.
    ['localhost:5000', "registry's address"],
    ['https://github.com/owner/repo', 'web page'],
  ])('explains the bad reference %s under the input and makes no request', async (input, word) => {
    const { page, proxied } = await openPage();
    await inspect(page, input);
    const message = await page.getByTestId('reference-error').textContent();
    expect(message?.toLowerCase()).toContain(word);
    expect(proxied).toEqual([]);
    await page.close();
  });

  it('cleans a pasted docker pull command into a reference, and says what it removed while that image is shown', async () => {
    const { page } = await openPage();
    await inspect(page, `${bed.anonymous.host}/test/multi:v1`);
    await page.getByTestId('manifest-panel').waitFor();
    await inspect(page, `docker pull ${bed.anonymous.host}/test/docker:v1`);
    await page.waitForURL((url) => url.searchParams.get('image') === `${bed.anonymous.host}/test/docker:v1`);
    await page.getByTestId('manifest-panel').waitFor();
    expect(await page.getByTestId('cleaning-note').textContent()).toBe("Removed 'docker pull'.");
    // Back shows the image before, which was typed as it is: no note.
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('image') === `${bed.anonymous.host}/test/multi:v1`);
    expect(await page.getByLabel('Image reference').inputValue()).toBe(`${bed.anonymous.host}/test/multi:v1`);
    expect(await page.getByTestId('cleaning-note').count()).toBe(0);
    await page.close();
  });

  it('cleans a command line in a link as it cleans one typed, and puts the reference alone in the URL', async () => {
    const page = await browserOf().newPage();
    const image = `docker run --rm --platform linux/arm64 ${bed.anonymous.host}/test/multi:v1 sh -c true`;
    const response = await page.goto(`${appUrl}/?${new URLSearchParams({ image })}`);
    await page.locator('[data-testid="check-config"][data-ok="true"]').waitFor();
    expect(response?.ok(), `got HTTP ${response?.status()}, want the cleaned page`).toBe(true);
    const url = new URL(page.url());
    expect(url.searchParams.get('image')).toBe(`${bed.anonymous.host}/test/multi:v1`);
    expect(url.searchParams.get('platform')).toBe('linux/arm64');
    expect(await page.getByLabel('Image reference').inputValue()).toBe(`${bed.anonymous.host}/test/multi:v1`);
    expect(await page.getByTestId('config-platform').textContent()).toContain('linux/arm64');
    expect(await page.getByTestId('cleaning-note').textContent()).toBe(
      "The link's image was a command line or a web address: only its image reference is kept; the platform is the one its command asked for.",
    );
    // The note came in the address's fragment, and left it: a link copied now is the clean one.
    expect(new URL(page.url()).hash).toBe('');
    // A link cannot put words of its own there: the page writes the note from the value it cleaned, or none.
    const forged = `${appUrl}/?${new URLSearchParams({ image: `${bed.anonymous.host}/test/docker:v1` })}#cleaned-from=${encodeURIComponent('Your session expired: enter your password')}`;
    await page.goto(forged);
    await page.getByTestId('manifest-panel').waitFor();
    await page.waitForURL((u) => u.hash === '');
    expect(await page.getByTestId('cleaning-note').count()).toBe(0);
    await page.close();
  });

  it('takes a docker run line that publishes a port (-p), which is no password, pasted from docs over several lines with quoted values', async () => {
    const { page } = await openPage();
    await inspect(page, `docker run -d \\\n  -p 8080:80 \\\n  -e "GREETING=hello world" \\\n  ${bed.anonymous.host}/test/docker:v1`);
    await page.getByTestId('manifest-panel').waitFor();
    expect(new URL(page.url()).searchParams.get('image')).toBe(`${bed.anonymous.host}/test/docker:v1`);
    expect(await page.getByTestId('reference-secret-warning').count()).toBe(0);
    await page.close();
  });

  it('wraps a digest in an error on a phone instead of widening the page', async () => {
    const page = await browserOf().newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${appUrl}/?${new URLSearchParams({ image: `sha256:${'ab'.repeat(32)}` })}`);
    await page.getByTestId('reference-error').waitFor();
    await page.goto(`${appUrl}/?${new URLSearchParams({ image: `${bed.anonymous.host}/test/docker@sha256:${'cd'.repeat(32)}` })}`);
    await page.getByTestId('error-message').waitFor();
    const extent = await page.evaluate(() => ({ page: document.scrollingElement!.scrollWidth, screen: document.documentElement.clientWidth }));
    expect(extent.page, `the page is ${extent.page} px wide on a ${extent.screen} px screen`).toBeLessThanOrEqual(extent.screen);
    await page.close();
  });

  it('keeps a pasted command in the box when what it was read as is no reference, and says what it was read as', async () => {
    const { page } = await openPage();
    const pasted = 'podman run --rm --frobnicate 0:1:2 Alpine';
    await inspect(page, pasted);
    await page.getByTestId('reference-error').waitFor();
    expect(await page.getByLabel('Image reference').inputValue()).toBe(pasted);
    expect(await page.getByTestId('reference-read-as').textContent()).toBe(
      "'Alpine' was read as the image in what was pasted (Removed 'podman run' and its flags).",
    );
    await page.close();
  });

  it("cleans a Dockerfile's FROM line, and suggests only the reference when words follow it", async () => {
    const { page } = await openPage();
    await inspect(page, `FROM ${bed.anonymous.host}/test/docker:v1 AS base`);
    await page.getByTestId('manifest-panel').waitFor();
    expect(new URL(page.url()).searchParams.get('image')).toBe(`${bed.anonymous.host}/test/docker:v1`);
    await inspect(page, `${bed.anonymous.host}/test/docker:v1 please`);
    const error = page.getByTestId('reference-error');
    await error.waitFor();
    expect(await error.textContent()).toContain(`Keep only the reference, e.g. '${bed.anonymous.host}/test/docker:v1'`);
    await page.close();
  });

  it("gives a phone one card per layer, where the digest has the card's width, and a desktop the table", async () => {
    const page = await browserOf().newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${appUrl}/?${new URLSearchParams({ image: `${bed.anonymous.host}/test/docker:v1` })}`);
    const card = page.getByTestId('layer-card').first();
    await card.waitFor();
    expect(await page.getByTestId('layers-table').isVisible()).toBe(false);
    const cardBox = (await card.boundingBox())!;
    const digestBox = (await card.locator('.digest').boundingBox())!;
    expect(digestBox.width, `digest ${digestBox.width} px in a ${cardBox.width} px card`).toBeGreaterThan(cardBox.width * 0.8);
    expect(cardBox.height, `a card ${cardBox.height} px tall`).toBeLessThan(110);
    const extent = await page.evaluate(() => ({ page: document.scrollingElement!.scrollWidth, screen: document.documentElement.clientWidth }));
    expect(extent.page, `the page is ${extent.page} px wide on a ${extent.screen} px screen`).toBeLessThanOrEqual(extent.screen);
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(await page.getByTestId('layers-table').isVisible()).toBe(true);
    expect(await card.isVisible()).toBe(false);
    await page.close();
  });

  it('reflows at 320 px, nothing scrolling sideways: the form, the config, the files with one open, and the pull trace (WCAG 1.4.10)', async () => {
    const page = await browserOf().newPage({ viewport: { width: 320, height: 700 } });
    await page.goto(`${appUrl}/?${new URLSearchParams({ image: `${bed.anonymous.host}/test/layers:v1`, layer: 'merged', path: '/app/bin/run.sh' })}`);
    await page.locator('[data-testid="file-viewer"][data-path="/app/bin/run.sh"]').waitFor();
    await page.getByTestId('config-panel').waitFor();
    await page.getByTestId('curl-command').first().waitFor();
    await page.waitForFunction(() => {
      const rows = Array.from(document.querySelectorAll('[data-testid="layer-status"]'));
      return rows.length > 0 && rows.every((r) => r.getAttribute('data-status') === 'done');
    });
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      // What sticks out past the screen's right edge, to name it when the page scrolls sideways.
      const out = Array.from(document.querySelectorAll('body *'))
        .filter((e) => e.getBoundingClientRect().right > width + 0.5 && e.closest('[class*="overflow-x-auto"], [class*="overflow-auto"], [class*="overflow-hidden"]') === null)
        .map((e) => `${e.tagName.toLowerCase()} "${(e.textContent ?? '').trim().slice(0, 30)}" to ${Math.round(e.getBoundingClientRect().right)} px`);
      return { page: document.documentElement.scrollWidth, screen: width, out: out.slice(0, 5) };
    });
    expect(overflow.page, `the page is ${overflow.page} px wide on a ${overflow.screen} px screen: ${overflow.out.join('; ')}`).toBeLessThanOrEqual(overflow.screen);
    // The Inspect button is within the screen, under the box or beside it.
    const inspect = (await page.getByRole('button', { name: 'Inspect', exact: true }).boundingBox())!;
    expect(inspect.x + inspect.width).toBeLessThanOrEqual(320);
    await page.close();
  });

  it('says so when a link asks a single-platform image for another platform, instead of ignoring it', async () => {
    const page = await browserOf().newPage();
    await page.goto(`${appUrl}/?${new URLSearchParams({ image: `${bed.anonymous.host}/test/layers:v1`, platform: 'linux/arm64' })}`);
    await page.locator('[data-testid="check-config"][data-ok="true"]').waitFor();
    const platform = (await page.getByTestId('config-platform').textContent())!.trim();
    expect(platform).not.toContain('arm64');
    expect(await page.getByTestId('manifest-panel').textContent()).toContain(
      `The link asks for linux/arm64, but this is a single-platform image for ${platform}, with no index of platforms`,
    );
    await page.close();
  });

  it("opens the platform a pasted command's --platform asks for, and keeps it in the URL", async () => {
    const { page } = await openPage();
    await inspect(page, `docker pull --platform linux/arm64 ${bed.anonymous.host}/test/multi:v1`);
    await page.waitForURL((u) => u.searchParams.get('platform') === 'linux/arm64');
    await page.locator('[data-testid="config-platform"]', { hasText: 'linux/arm64' }).waitFor();
    expect(new URL(page.url()).searchParams.get('image')).toBe(`${bed.anonymous.host}/test/multi:v1`);
    await page.close();
  });

  it('says authentication failed for the registry on a wrong password, and the page keeps working', async () => {
    const { page } = await openPage();
    await inspect(page, `${bed.token.host}/private/secret:v1`, { username: 'alice', password: 'wrong-password' });
    const error = page.getByTestId('error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('AUTH_FAILED');
    expect(await page.getByTestId('error-message').textContent()).toContain(`authentication failed for ${bed.token.host}`);
    expect(page.url()).not.toContain('wrong-password');
    // Correct the password in place: the inspection succeeds.
    await page.getByLabel('Password or token').fill(bed.token.password);
    await page.getByRole('button', { name: 'Inspect' }).click();
    await page.getByTestId('config-panel').waitFor();
    expect(await page.getByTestId('resolved-digest').textContent()).toBe(bed.images['private/secret:v1'].digest);
    await page.close();
  });

  it('brings a failure into view on a phone, where it appears below the screen’s edge', async () => {
    const page = await browserOf().newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(appUrl);
    await page.getByLabel('Image reference').fill(`${bed.anonymous.host}/test/multi:no-such-tag`);
    await page.getByRole('button', { name: 'Inspect' }).click();
    await page.getByTestId('error').waitFor();
    await page.waitForFunction(() => {
      const box = document.querySelector('[data-testid="error"]')!.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    });
    await page.close();
  });

  it('tries a changed, wrong password once: no GET after the refused HEAD, no tag listing with it', async () => {
    const { page } = await openPage();
    await inspect(page, `${bed.token.host}/private/secret:v1`, { username: bed.token.username, password: bed.token.password });
    await page.getByTestId('config-panel').waitFor();
    await page.getByTestId('tags-panel').waitFor();
    // The right password's pull is over (its layers too), so what is asked from here on is the wrong password's.
    await page.waitForFunction(() => {
      const rows = Array.from(document.querySelectorAll('[data-testid="layer-status"]'));
      return rows.length > 0 && rows.every((r) => ['done', 'error'].includes(r.getAttribute('data-status') ?? ''));
    });
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/registry/')) asked.push(`${r.method()} ${new URL(r.url()).pathname.split('/v2/')[1]}`);
    });
    await page.getByLabel('Password or token').fill(`${bed.token.password}-wrong`);
    await page.getByRole('button', { name: 'Inspect' }).click();
    const error = page.getByTestId('error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('AUTH_FAILED');
    // Time for a tag listing or a fallback GET to have gone out, were either still made.
    await page.waitForTimeout(1500);
    expect(asked).toEqual(['HEAD private/secret/manifests/v1']);
    await page.close();
  });

  it('follows digest and tag links inside the page, so a private image keeps its credentials: a platform\'s manifest, a layer\'s files, the config, a tag', async () => {
    const { page, documents } = await openPrivateMulti();

    // The index's raw JSON: a platform's manifest digest chooses that platform, pulled with the same credentials.
    const childDigest = (await page.locator('[data-testid="platform-row"][data-platform="linux/arm64/v8"]').getByTestId('index-digest-link').textContent())!;
    await page.getByTestId('index-panel').getByText('Raw JSON').click();
    await page.getByTestId('index-raw').getByTestId('raw-digest').filter({ hasText: childDigest }).click();
    await page.waitForURL((u) => u.searchParams.get('platform') === 'linux/arm64/v8');
    // The platform's manifest, its config shown.
    await page.locator('[data-testid="manifest-digest"]', { hasText: childDigest }).waitFor();
    await page.locator('[data-testid="config-platform"]', { hasText: 'linux/arm64' }).waitFor();
    expect(await page.getByTestId('error').count()).toBe(0);

    // A layer's digest opens its files.
    const layer = page.getByTestId('layer-row').first();
    const layerDigest = (await layer.getAttribute('data-digest'))!;
    await layer.locator('a').click();
    await page.waitForURL((u) => u.searchParams.get('layer') === layerDigest);
    await page.getByTestId('files-section').waitFor();
    expect(await page.getByTestId('error').count()).toBe(0);

    // The config's digest leads to the config panel.
    await page.getByTestId('manifest-panel').locator('dd a').first().click();
    await page.waitForURL((u) => u.hash === '#config');

    // A tag of the tag list, too: back to test/multi:v1, with the same credentials.
    await page.locator('[data-testid="tag-link"]', { hasText: 'v1' }).click();
    await page.waitForURL((u) => u.searchParams.get('image') === `${bed.basic.host}/test/multi:v1`);
    await page.locator('[data-testid="resolved-digest"]', { hasText: bed.images['test/multi:v1'].digest }).waitFor();
    await page.getByTestId('index-panel').waitFor();
    await page.getByTestId('config-panel').waitFor();
    expect(await page.getByTestId('error').count()).toBe(0);

    expect(documents()).toBe(0);
    expect(page.url()).not.toContain(bed.basic.password);
    await page.close();
  });

  it("links every digest of an index to its manifest's view, with the credentials kept: a platform, an attestation and what it is for, the raw JSON's reference annotation", async () => {
    const { page, documents } = await openPrivateMulti();

    const arm64 = page.locator('[data-testid="platform-row"][data-platform="linux/arm64/v8"]').getByTestId('index-digest-link');
    const arm64Digest = (await arm64.textContent())!;
    await arm64.click();
    await page.waitForURL((u) => u.searchParams.get('image') === `${bed.basic.host}/test/multi@${arm64Digest}`);
    await page.locator('[data-testid="config-platform"]', { hasText: 'linux/arm64' }).waitFor();
    expect(await page.getByTestId('error').count()).toBe(0);

    await page.goBack();
    const attestation = page.getByTestId('attestation-row').getByTestId('index-digest-link');
    await attestation.first().waitFor();
    const [attestationDigest, subjectDigest] = await attestation.allTextContents();
    expect(await page.locator('[data-testid="platform-row"][data-platform="linux/amd64"]').getByTestId('index-digest-link').textContent()).toBe(subjectDigest);

    // The raw index names the attestation's subject in an annotation, with no media type beside it: it is a manifest all the same.
    // Its own entry, a platform's, chooses that platform as the platform's button does.
    await page.getByTestId('index-panel').getByText('Raw JSON').click();
    const named = page.getByTestId('index-raw').getByTestId('raw-digest').filter({ hasText: subjectDigest });
    const targets = await named.evaluateAll((links) => links.map((a) => [a.tagName, a.getAttribute('href')]));
    expect(targets).toEqual([
      ['BUTTON', null],
      ['A', `/?${new URLSearchParams({ image: `${bed.basic.host}/test/multi@${subjectDigest}` })}`],
    ]);

    await attestation.first().click();
    await page.waitForURL((u) => u.searchParams.get('image') === `${bed.basic.host}/test/multi@${attestationDigest}`);
    expect(await page.getByTestId('manifest-notice').textContent()).toContain('An attestation manifest');
    expect(await page.getByTestId('error').count()).toBe(0);
    expect(documents()).toBe(0);
    await page.close();
  });

  it("shows an index's entries that have no platform (an artifact) and its annotations, each entry a link to its view", async () => {
    const { page } = await openPage();
    await inspect(page, `${bed.anonymous.host}/test/artifacts:v1`);
    const other = page.getByTestId('other-entry-row');
    await other.waitFor();
    expect(await other.textContent()).toContain('(application/vnd.example.signature.v1+json)');
    const annotations = await page.getByTestId('index-annotations').textContent();
    expect(annotations).toContain('org.opencontainers.image.source');
    expect(annotations).toContain('https://example.com/pullscope/test-bed');
    // A web address the publisher wrote is a link that takes nothing of this page along.
    const source = page.getByTestId('index-annotations').getByTestId('annotation-link');
    expect(await source.getAttribute('href')).toBe('https://example.com/pullscope/test-bed');
    expect(await source.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(await page.getByTestId('index-annotations').getByTestId('annotation-link').count()).toBe(1);
    expect(await page.getByTestId('platform-row').count()).toBe(1);

    const link = other.getByTestId('index-digest-link');
    const digest = (await link.textContent())!;

    // The image's manifest lists the artifact among its referrers (found through the fallback tag); the index has none.
    const manifestDigest = (await page.getByTestId('platform-row').getByTestId('index-digest-link').textContent())!;
    await page.getByTestId('find-referrers').click();
    const referrers = page.locator(`[data-testid="referrers-of"][data-subject="${manifestDigest}"]`);
    await referrers.getByTestId('referrer-row').waitFor();
    expect(await referrers.getByTestId('referrer-row').textContent()).toContain('application/vnd.example.signature.v1+json');
    expect(await referrers.getByTestId('referrers-source').textContent()).toContain(`From the fallback tag ${manifestDigest.replace(':', '-')}`);
    expect(await referrers.getByTestId('referrer-link').textContent()).toBe(digest);
    const indexDigest = (await page.getByTestId('index-digest').textContent())!;
    expect(await page.locator(`[data-testid="referrers-of"][data-subject="${indexDigest}"]`).getByTestId('referrers-source').textContent()).toContain('None');

    await link.click();
    await page.waitForURL((u) => u.searchParams.get('image') === `${bed.anonymous.host}/test/artifacts@${digest}`);
    await page.locator('[data-testid="resolved-digest"]', { hasText: digest }).waitFor();
    expect(await page.getByTestId('manifest-panel').textContent()).toContain('application/vnd.example.signature.v1+json');
    // Its empty config is checked and shown as sent, not read as an image's; its one blob is a document, verified.
    await page.locator('[data-testid="check-config"][data-ok="true"]').waitFor();
    expect(await page.getByTestId('artifact-config').textContent()).toContain('Not an image config: OCI empty descriptor (application/vnd.oci.empty.v1+json), 2 B.');
    expect(await page.getByTestId('history-panel').count()).toBe(0);
    await page.getByTestId('artifact-document').getByTestId('file-text').waitFor();
    expect(await page.getByTestId('artifact-document').getByTestId('file-text').textContent()).toContain('"by": "test-bed"');
    expect(await page.getByTestId('layer-digest-check').getAttribute('data-ok')).toBe('true');
    // Its config gives the blob no diff_id: not checked, and not marked as failed.
    expect(await page.getByTestId('layer-diffid-check').getAttribute('data-ok')).toBe('unchecked');
    expect(await page.getByTestId('manifest-artifact-type').textContent()).toBe('application/vnd.example.signature.v1+json');
    expect(await page.getByTestId('manifest-subject').textContent()).toBe(manifestDigest);
    expect(await page.getByTestId('download-docker').isDisabled()).toBe(true);
    expect(await page.getByTestId('error').count()).toBe(0);
    await page.close();
  });

  it('lists the tags of a private repository once credentials are given after an anonymous try', async () => {
    const { page } = await openPage();
    await inspect(page, `${bed.token.host}/private/secret:v1`);
    await page.getByTestId('error').waitFor();
    expect(await page.getByTestId('error').getAttribute('data-code')).toBe('AUTH_REQUIRED');
    await page.getByTestId('tags-error').waitFor();
    // The refusal opens the credentials by itself.
    await page.getByLabel('Username').fill(bed.token.username);
    await page.getByLabel('Password or token').fill(bed.token.password);
    await page.getByRole('button', { name: 'Inspect' }).click();
    await page.getByTestId('config-panel').waitFor();
    // The tag list starts over with the credentials: the anonymous refusal does not stay on the page.
    await page.locator('[data-testid="tag-link"]', { hasText: 'v1' }).waitFor();
    expect(await page.getByTestId('tags-error').count()).toBe(0);
    // Its one page came with no next link: no button offers a next page that is not there.
    await page.locator('[data-testid="tags-panel"]', { hasText: '(all)' }).waitFor();
    expect(await page.getByTestId('tags-more').count()).toBe(0);
    await page.close();
  });

  it('does not ask a host the server refuses for its tags too, so the refusal is said once', async () => {
    const { page, proxied } = await openPage();
    await inspect(page, '10.255.255.1:5000/team/app:v1');
    await page.getByTestId('error').waitFor();
    const said = await page.getByTestId('error').textContent();
    expect(await page.getByTestId('error').getAttribute('data-code'), said ?? '').toBe('HOST_NOT_ALLOWED');
    await page.waitForLoadState('networkidle');
    expect(proxied.filter((url) => url.includes('/tags/list'))).toEqual([]);
    expect(await page.getByTestId('tags-panel').count()).toBe(0);
    // The request that was refused is still a step of the pull: the trace shows it, unanswered, and why.
    await page.getByTestId('pull-trace').waitFor();
    const rows = page.getByTestId('trace-row');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-status')).toBe('0');
    expect(await rows.first().getAttribute('data-not-sent')).toBe('true');
    expect(await rows.first().getByTestId('trace-status').textContent()).toBe('not sent');
    expect(await rows.first().textContent()).toContain('request not sent: refusing to fetch from 10.255.255.1:5000: 10.255.255.1 is a private address');
    expect(await page.getByTestId('trace-count').textContent()).toBe('0 HTTP exchanges, 1 request not sent');
    await page.close();
  });

  it('lets the user stop waiting for a registry that never answers, or inspect another image meanwhile', async () => {
    // A "registry" that takes connections and never says a word.
    const connections: net.Socket[] = [];
    const silent = net.createServer((socket) => connections.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
    try {
      const { page, proxied } = await openPage();
      await inspect(page, `${host}/team/app:v1`);
      await page.getByRole('button', { name: 'Stop' }).waitFor();
      while (connections.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      // The wait is counted on the page, and says what Stop does.
      await page.locator('[data-testid="inspect-waiting"]', { hasText: 's without the image’s documents yet; Stop gives up on them.' }).waitFor();
      await page.getByRole('button', { name: 'Stop' }).click();
      await page.getByTestId('error').waitFor();
      expect(await page.getByTestId('error').getAttribute('data-code')).toBe('STOPPED');
      expect(await page.getByTestId('error-message').textContent()).toContain(`before ${host} had sent the image's documents`);
      expect(await page.getByRole('button', { name: 'Stop' }).count()).toBe(0);

      // Waiting again, the box still takes another reference, and that one is shown.
      await inspect(page, `${host}/team/app:v1`);
      await page.getByRole('button', { name: 'Stop' }).waitFor();
      await inspect(page, `${bed.anonymous.host}/test/docker:v1`);
      await page.getByTestId('config-panel').waitFor();
      expect(await page.getByTestId('error').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Stop' }).count()).toBe(0);
      // A registry the user gave up on is not asked for its tags either: only the two manifest requests went there.
      const toSilent = proxied.filter((url) => url.includes(encodeURIComponent(host)) || url.includes(host));
      expect(toSilent.map((url) => url.slice(url.indexOf('/v2/')))).toEqual(['/v2/team/app/manifests/v1', '/v2/team/app/manifests/v1']);
      await page.close();
    } finally {
      for (const socket of connections) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('names an unknown repository, not a missing tag, once: its tags are not asked for', async () => {
    const { page, proxied } = await openPage();
    await inspect(page, `${bed.anonymous.host}/nothing/here:v1`);
    await page.getByTestId('error').waitFor();
    expect(await page.getByTestId('error').getAttribute('data-code')).toBe('NAME_UNKNOWN');
    expect(await page.getByTestId('error-message').textContent()).toContain("repository 'nothing/here' not found");
    await page.waitForLoadState('networkidle');
    // One tag asked for, by the inspection, which tells an unknown repository from a missing tag; no listing after it.
    expect(proxied.filter((url) => url.includes('/tags/list')).map((url) => new URL(url).search)).toEqual(['?n=1']);
    expect(await page.getByTestId('tags-panel').count()).toBe(0);
    expect(await page.getByTestId('resolved-digest').textContent()).toBe('— (not resolved)');
    // The same from a shared link, whose first inspection the server began.
    await page.goto(`${appUrl}/?${new URLSearchParams({ image: `${bed.anonymous.host}/nothing/here:v1` })}`);
    await page.getByTestId('error').waitFor();
    expect(await page.getByTestId('error').getAttribute('data-code')).toBe('NAME_UNKNOWN');
    await page.close();
  });

  it('names an unknown tag', async () => {
    const { page } = await openPage();
    await inspect(page, `${bed.anonymous.host}/test/multi:nope`);
    await page.getByTestId('error').waitFor();
    expect(await page.getByTestId('error').getAttribute('data-code')).toBe('MANIFEST_UNKNOWN');
    expect(await page.getByTestId('error-message').textContent()).toContain('nope');
    await page.close();
  });
});

/**
 * The contrast ratio (WCAG 2) of each sample's text with the background it is drawn on: the first element the
 * selector finds (with that text, when one is given); 0 when there is none.
 */
function contrastRatios(page: Page, samples: Record<string, { selector: string; text?: string }>): Promise<{ name: string; ratio: number }[]> {
  return page.evaluate((samples) => {
    // Computed colours may be oklch(): a canvas turns any CSS colour into sRGB bytes.
    const canvas = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
    const rgba = (css: string) => {
      canvas.clearRect(0, 0, 1, 1);
      canvas.fillStyle = css;
      canvas.fillRect(0, 0, 1, 1);
      return Array.from(canvas.getImageData(0, 0, 1, 1).data);
    };
    const luminance = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (el: Element | null): number[] => {
      for (; el; el = el.parentElement) {
        const c = rgba(getComputedStyle(el).backgroundColor);
        if (c[3] === 255) return c;
      }
      return [255, 255, 255, 255];
    };
    return Object.entries(samples).map(([name, { selector, text }]) => {
      const el = Array.from(document.querySelectorAll(selector)).find((e) => text === undefined || e.textContent?.trim() === text);
      if (!el) return { name, ratio: 0 };
      const [a, b] = [luminance(rgba(getComputedStyle(el).color)), luminance(background(el))];
      return { name, ratio: Math.round(((Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)) * 100) / 100 };
    });
  }, samples);
}

describe('the page in dark mode', () => {
  it('gives its labels, explainers and table headers a contrast of at least 4.5:1 (WCAG AA)', async () => {
    const context = await browserOf().newContext({ colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(`${appUrl}/?${new URLSearchParams({ image: `${bed.anonymous.host}/test/multi:v1` })}`);
    await page.locator('[data-testid="layer-status"][data-status="done"]').first().waitFor();
    const ratios = await contrastRatios(page, {
      'index table header': { selector: '[data-testid="index-panel"] thead th' },
      'platform reason': { selector: '[data-testid="platform-reason"]' },
      'manifest table header': { selector: '[data-testid="manifest-panel"] thead th' },
      'config label': { selector: '[data-testid="config-panel"] dt' },
      'layers explainer': { selector: '[data-testid="layers-explainer"]' },
      'layer digest label': { selector: '[data-testid="layer-status"] dt' },
    });
    for (const { name, ratio } of ratios) expect(ratio, `got ${ratio}:1 for the ${name}, want at least 4.5:1`).toBeGreaterThanOrEqual(4.5);
    await context.close();
  });
});

describe('the page in light mode', () => {
  it('gives its placeholders, the file viewer\'s line numbers and the error code a contrast of at least 4.5:1 (WCAG AA)', async () => {
    // A config with no environment, no labels and no stop signal, and a text file to open.
    const layer = entriesLayer([{ type: 'file', path: 'hello.txt', content: 'hello\nworld\n' }]);
    await pushImage(bed.anonymous.host, 'test/plain-config', 'v1', { layers: [layer], config: imageConfig([layer.diffId]) });
    const context = await browserOf().newContext({ colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto(`${appUrl}/?${new URLSearchParams({ image: `${bed.anonymous.host}/test/plain-config:v1`, layer: 'merged', path: '/hello.txt' })}`);
    await page.getByTestId('file-text').waitFor();
    await page.getByTestId('config-panel').waitFor();
    const shown = await contrastRatios(page, {
      'empty config field': { selector: '[data-testid="config-panel"] dd span', text: '—' },
      'no environment or labels': { selector: '[data-testid="config-panel"] p', text: 'none' },
      'line number': { selector: '[data-testid="file-text"] span', text: '2' },
    });
    await page.goto(`${appUrl}/?${new URLSearchParams({ image: `${bed.anonymous.host}/test/nope:v1` })}`);
    await page.getByTestId('error').waitFor();
    const code = (await page.getByTestId('error').getAttribute('data-code'))!;
    const failed = await contrastRatios(page, { 'error code': { selector: '[data-testid="error"] p', text: code } });
    for (const { name, ratio } of [...shown, ...failed]) expect(ratio, `got ${ratio}:1 for the ${name}, want at least 4.5:1`).toBeGreaterThanOrEqual(4.5);
    await context.close();
  });
});
