/**
 * The tag list of a registry that pages it (as Docker Hub, GHCR and
 * distribution 3 do): the tag shown is listed first though its page is not
 * loaded, and a filter can search the whole list, reading on page after
 * page with its progress said, until the list ends or the user stops it.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from '../support/use-browser';
import { loadTestBed } from '../support/test-bed';
import { OCI_MANIFEST, entriesLayer, imageConfig, pushImage } from '../support/hostile-images';
import { startTagPagingRegistry, type TagPagingRegistry } from '../support/tag-paging-registry';
import { putManifest } from '../../scripts/test-bed/registry-writer';

const bed = loadTestBed();
const appUrl = inject('appUrl');
const browserOf = useBrowser();
const repository = 'test/tag-search';
// 250 tags: the panel's pages of 100 hold them in three, "v98" and "v99" (last in lexical order) in the third.
const tags = Array.from({ length: 250 }, (_, i) => `v${i}`);

let front: TagPagingRegistry;

/** The tags listed, in order. */
const listed = (page: Page) => page.getByTestId('tag-link').allTextContents();

describe('a paged tag list', () => {
  beforeAll(async () => {
    const layer = entriesLayer([{ type: 'file', path: 'x', content: 'x\n' }]);
    await pushImage(bed.anonymous.host, repository, 'v0', { layers: [layer], config: imageConfig([layer.diffId]) });
    const manifest = new Uint8Array(await (await fetch(`http://${bed.anonymous.host}/v2/${repository}/manifests/v0`, { headers: { accept: OCI_MANIFEST } })).arrayBuffer());
    for (let i = 1; i < tags.length; i += 25) {
      await Promise.all(tags.slice(i, i + 25).map((tag) => putManifest(bed.anonymous.host, repository, tag, OCI_MANIFEST, manifest)));
    }
    front = await startTagPagingRegistry(bed.anonymous.host);
  });

  afterAll(async () => {
    await front?.close();
  });

  it('lists the tag shown first, marked current, and searches every page for a filter, stoppable, its progress said', async () => {
    const page = await browserOf().newPage();
    // The tag list's requests through the proxy; the second is held until the test lets it go.
    const asked: string[] = [];
    let letGo = () => {};
    const held = new Promise<void>((resolve) => (letGo = resolve));
    await page.route(
      (url) => url.pathname.endsWith('/tags/list'),
      async (route) => {
        asked.push(new URL(route.request().url()).searchParams.get('last') ?? '');
        if (asked.length === 2) await held;
        await route.continue();
      },
    );
    await page.goto(`${appUrl}/?${new URLSearchParams({ image: `${front.host}/${repository}:v99` })}`);
    const panel = page.getByTestId('tags-panel');
    await panel.getByText('100 loaded').waitFor();
    // v99 is on the third page, not loaded: listed all the same, first, and marked.
    const first = panel.getByTestId('tag-link').first();
    expect(await first.textContent()).toBe('v99');
    expect(await first.getAttribute('aria-current')).toBe('true');
    expect(await panel.getByRole('listitem').first().textContent()).toBe('v99(current)');
    expect((await listed(page)).length).toBe(101);

    await panel.getByTestId('tags-filter').fill('v98');
    await panel.getByText('No loaded tag contains “v98”.').waitFor();
    await panel.getByRole('button', { name: 'Search all tags' }).click();
    // The search's first page is held: its progress says what is loaded, and it can be stopped.
    const progress = panel.getByTestId('tags-search-progress');
    expect(await progress.getAttribute('role')).toBe('status');
    await progress.getByText('Searching all tags: 100 loaded…').waitFor();
    await progress.getByRole('button', { name: 'Stop' }).click();
    letGo();
    // The page under way arrives; no page is asked for after it.
    await panel.getByText('Search stopped: 200 tags loaded, more follow.').waitFor();
    expect(asked.length).toBe(2);
    expect(await listed(page)).toEqual([]);

    // Searching on reads to the end of the list.
    await panel.getByRole('button', { name: 'Search on' }).click();
    await panel.getByText('250 loaded (all)').waitFor();
    expect(await listed(page)).toEqual(['v98']);
    expect(asked.length).toBe(3);
    expect(await panel.getByTestId('tags-search-all').count()).toBe(0);
    // Every tag, each once, the one shown first.
    await panel.getByTestId('tags-filter').fill('');
    expect(await listed(page)).toEqual(['v99', ...tags.filter((t) => t !== 'v99').sort()]);
    await page.close();
  });
});
