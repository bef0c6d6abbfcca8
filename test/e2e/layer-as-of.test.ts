/**
 * A layer's files as dive shows them: the whole filesystem as of that layer,
 * each entry marked by what the layer did to it, removed entries in place,
 * a change filter that keeps the directories leading to what it shows, all
 * of it in the address, so a link reopens it and Back steps through it.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from '../support/use-browser';
import { loadTestBed } from '../support/test-bed';
import { entriesLayer, imageConfig, pushImage } from '../support/hostile-images';
import { opaqueWhiteout, whiteout } from '../../scripts/test-bed/images/tar-writer';

const bed = loadTestBed();
const appUrl = inject('appUrl');
const browserOf = useBrowser();

const image = `${bed.anonymous.host}/test/as-of:v1`;
let top = '';

function viewUrl(extra: Record<string, string> = {}): string {
  return `${appUrl}/?${new URLSearchParams({ image, ...extra })}`;
}

const row = (page: Page, path: string) => page.locator(`[data-testid="tree-row"][data-path="${path}"]`);
/** Every row of the tree as "<path> <change>" (no change: "-"), in order. */
const rowsShown = (page: Page) =>
  page.getByTestId('tree-row').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-path')} ${r.getAttribute('data-change') ?? '-'}`));

describe("the filesystem as of a layer", () => {
  beforeAll(async () => {
    const base = entriesLayer([
      { type: 'directory', path: 'etc' },
      { type: 'file', path: 'etc/conf', content: 'version 1\n' },
      { type: 'file', path: 'etc/gone', content: 'deleted by layer 2\n' },
      { type: 'file', path: 'etc/keep', content: 'kept\n' },
      { type: 'directory', path: 'opt' },
      { type: 'directory', path: 'opt/app' },
      { type: 'file', path: 'opt/app/a', content: 'a\n' },
      { type: 'directory', path: 'srv' },
      { type: 'file', path: 'srv/s', content: 's\n' },
      { type: 'file', path: 'target', content: 'linked\n' },
      { type: 'directory', path: 'var' },
      { type: 'file', path: 'var/x', content: 'x\n' },
    ]);
    const upper = entriesLayer([
      { type: 'directory', path: 'etc' },
      { type: 'file', path: 'etc/conf', content: 'version 2\n' },
      whiteout('etc/gone'),
      { type: 'file', path: 'etc/new', content: 'new\n' },
      { type: 'hardlink', path: 'link', target: 'target' },
      whiteout('opt/app'),
      { type: 'directory', path: 'var' },
      opaqueWhiteout('var'),
      { type: 'file', path: 'var/y', content: 'y\n' },
    ]);
    top = upper.digest;
    await pushImage(bed.anonymous.host, 'test/as-of', 'v1', { layers: [base, upper], config: imageConfig([base.diffId, upper.diffId]) });
  });

  it("switches a layer's tab to the filesystem as of it: every entry marked, removed ones struck with the layer that wrote them, counted", async () => {
    const page = await browserOf().newPage();
    await page.goto(viewUrl({ layer: top, path: '/etc' }));
    await row(page, '/etc/new').waitFor();
    await page.getByRole('radio', { name: 'Filesystem as of layer 2' }).check();
    await page.waitForURL((u) => u.searchParams.get('tree') === 'as-of');
    await row(page, '/etc/keep').waitFor();
    expect(await rowsShown(page)).toEqual([
      '/etc modified',
      '/etc/conf modified',
      '/etc/gone removed',
      '/etc/keep unchanged',
      '/etc/new added',
      '/link added',
      '/opt unchanged',
      '/srv unchanged',
      '/target unchanged',
      '/var modified',
    ]);
    // The mark is words and a symbol, in the accessible name too; a removed entry says which layer wrote it.
    expect(await page.getByRole('treeitem', { name: 'gone, removed' }).getAttribute('aria-description')).toContain('removed by a whiteout');
    expect(await row(page, '/etc/gone').getByTestId('row-change').textContent()).toBe('− removed(by a whiteout)');
    expect(await row(page, '/etc/gone').getByTestId('row-layer').textContent()).toBe('layer 1');
    expect(await row(page, '/etc/new').getByTestId('row-change').textContent()).toBe('+ added');
    expect(await page.getByRole('treeitem', { name: 'keep' }).count()).toBe(1);
    // Directories included: etc, conf, var (modified); gone, app, app/a, var/x (removed); new, link, var/y (added).
    const count = (kind: string) => page.getByTestId(`change-count-${kind}`).textContent();
    expect([await count('added'), await count('modified'), await count('removed'), await count('unchanged')]).toEqual(['3', '3', '4', '5']);

    // A removed directory opens on what it held; a removed file shows the bytes of the layer that wrote it.
    // Each click waits for the address it makes, so that each is its own step, as a person's clicks are.
    await row(page, '/opt').click();
    await page.waitForURL((u) => u.searchParams.get('path') === '/opt');
    await row(page, '/opt/app').click();
    await page.waitForURL((u) => u.searchParams.get('path') === '/opt/app');
    await page.locator('[data-testid="tree-row"][data-path="/opt/app/a"][data-change="removed"]').click();
    await page.locator('[data-testid="file-viewer"][data-path="/opt/app/a"]').waitFor();
    expect(await page.getByTestId('removed-note').textContent()).toContain('Layer 2 removes /opt/app/a, which layer 1 wrote');
    await page.getByTestId('file-text').waitFor();
    expect(await page.getByTestId('file-text').textContent()).toContain('a');
    await page.close();
  });

  it('shows only the changes asked for, keeping the directories that lead to them; a link reopens the same; Back and Forward step through', async () => {
    const page = await browserOf().newPage();
    const start = viewUrl({ layer: top, tree: 'as-of', path: '/var' });
    await page.goto(start);
    await row(page, '/var/y').waitFor();
    await page.getByRole('checkbox', { name: /Unchanged/ }).uncheck();
    await page.waitForURL((u) => u.searchParams.get('changes') === 'added,modified,removed');
    await page.locator('[data-testid="tree-row"][data-path="/srv"]').waitFor({ state: 'detached' });
    expect(await rowsShown(page)).toEqual(['/etc modified', '/link added', '/opt unchanged', '/var modified', '/var/x removed', '/var/y added']);
    await page.getByRole('checkbox', { name: /Modified/ }).uncheck();
    await page.waitForURL((u) => u.searchParams.get('changes') === 'added,removed');
    // Combined with the name filter: the matches of the kinds shown, as a flat list.
    await page.getByLabel('Filter paths').fill('n');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="tree-row"]').length === 3);
    expect(await rowsShown(page)).toEqual(['/etc/gone removed', '/etc/new added', '/link added']);
    expect(await page.getByTestId('filter-count').textContent()).toBe('3 paths match');
    await page.getByLabel('Filter paths').fill('');

    // The address reopens the same view in a new tab: mode, filter and open path.
    const shared = page.url();
    const other = await browserOf().newPage();
    await other.goto(shared);
    await other.locator('[data-testid="tree-row"][data-path="/var/y"]').waitFor();
    expect(await other.getByRole('radio', { name: 'Filesystem as of layer 2' }).isChecked()).toBe(true);
    expect(await other.getByRole('checkbox', { name: /Modified/ }).isChecked()).toBe(false);
    expect(await other.getByRole('checkbox', { name: /Added/ }).isChecked()).toBe(true);
    expect(await rowsShown(other)).toEqual(['/etc modified', '/link added', '/opt unchanged', '/var modified', '/var/x removed', '/var/y added']);
    await other.close();

    await page.goBack();
    await page.waitForURL((u) => u.searchParams.get('changes') === 'added,modified,removed');
    expect(await page.getByRole('checkbox', { name: /Modified/ }).isChecked()).toBe(true);
    await page.goBack();
    await page.waitForURL((u) => u.toString() === start);
    await row(page, '/srv').waitFor();
    await page.goForward();
    await page.waitForURL((u) => u.searchParams.get('changes') === 'added,modified,removed');
    await page.locator('[data-testid="tree-row"][data-path="/srv"]').waitFor({ state: 'detached' });
    await page.close();
  });
});
