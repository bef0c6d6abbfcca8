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
    expect(await row(page, '/etc/gone').getByTestId('row-change').innerText()).toBe('− removed(by a whiteout)');
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

describe('the filesystem as of a layer, from one layer to the next', () => {
  const replacedImage = `${bed.anonymous.host}/test/as-of-replaced:v1`;
  const digests: string[] = [];
  const at = (extra: Record<string, string>) => `${appUrl}/?${new URLSearchParams({ image: replacedImage, ...extra })}`;
  const tab = (page: Page, n: number) => page.getByRole('tablist', { name: 'Files of' }).getByRole('tab', { name: `Layer ${n}`, exact: true });
  const half = (page: Page, path: string, change: string) => page.locator(`[data-testid="tree-row"][data-path="${path}"][data-change="${change}"]`);

  beforeAll(async () => {
    const layers = [
      entriesLayer([
        { type: 'directory', path: 'd' },
        { type: 'file', path: 'd/f', content: 'held\n' },
        { type: 'directory', path: 'keep' },
        { type: 'file', path: 'keep/k', content: 'k\n' },
        { type: 'symlink', path: 'ln', target: 'real' },
        { type: 'directory', path: 'real' },
        { type: 'file', path: 'real/r', content: 'r\n' },
      ]),
      entriesLayer([
        { type: 'directory', path: 'ln' },
        { type: 'file', path: 'ln/a', content: 'a\n' },
      ]),
      entriesLayer([{ type: 'file', path: 'd', content: 'now a file\n' }]),
      entriesLayer([{ type: 'file', path: 'keep/later', content: 'later\n' }]),
    ];
    digests.push(...layers.map((l) => l.digest));
    await pushImage(bed.anonymous.host, 'test/as-of-replaced', 'v1', { layers, config: imageConfig(layers.map((l) => l.diffId)) });
  });

  it('opens the entry a layer replaced with one of the other shape apart from what replaced it, with its own address', async () => {
    const page = await browserOf().newPage();
    await page.goto(at({ layer: digests[1], tree: 'as-of' }));
    await half(page, '/ln', 'removed').waitFor();
    expect(await rowsShown(page)).toEqual(['/d unchanged', '/keep unchanged', '/ln modified', '/ln removed', '/real unchanged']);
    await half(page, '/ln', 'removed').click();
    await page.waitForURL((u) => u.searchParams.get('path') === '/ln' && u.searchParams.get('replaced') === '1');
    await page.getByTestId('removed-note').waitFor();
    expect(await page.getByTestId('removed-note').textContent()).toContain('Layer 2 removes /ln, which layer 1 wrote, by writing something else in its place');
    expect(await half(page, '/ln', 'removed').getAttribute('aria-selected')).toBe('true');
    expect(await half(page, '/ln', 'modified').getAttribute('aria-selected')).toBe('false');

    // The address reopens the same half; the other half is its own step, the directory that replaced it.
    const other = await browserOf().newPage();
    await other.goto(page.url());
    await other.getByTestId('removed-note').waitFor();
    expect(await half(other, '/ln', 'removed').getAttribute('aria-selected')).toBe('true');
    await other.close();
    await half(page, '/ln', 'modified').click();
    await page.waitForURL((u) => u.searchParams.get('path') === '/ln' && !u.searchParams.has('replaced'));
    await page.getByTestId('removed-note').waitFor({ state: 'detached' });
    expect(await half(page, '/ln', 'modified').getAttribute('aria-selected')).toBe('true');
    expect(await half(page, '/ln', 'removed').getAttribute('aria-selected')).toBe('false');

    // A directory layer 3 replaced with a file opens the same way.
    await page.goto(at({ layer: digests[2], tree: 'as-of', path: '/d', replaced: '1' }));
    await page.getByTestId('removed-note').waitFor();
    expect(await page.getByTestId('removed-note').textContent()).toContain('Layer 3 removes /d, which layer 1 wrote');
    expect(await half(page, '/d', 'removed').getAttribute('aria-selected')).toBe('true');
    await page.close();
  });

  it("keeps the open file and directories from one layer's tab to the next, as dive keeps its cursor; a path the layer lacks is let go", async () => {
    const page = await browserOf().newPage();
    await page.goto(at({ layer: digests[1], tree: 'as-of', path: '/real' }));
    await row(page, '/real/r').waitFor();
    await row(page, '/keep').click();
    await page.waitForURL((u) => u.searchParams.get('path') === '/keep');
    await row(page, '/keep/k').click();
    await page.waitForURL((u) => u.searchParams.get('path') === '/keep/k');
    await tab(page, 1).click();
    await page.waitForURL((u) => u.searchParams.get('layer') === digests[0]);
    expect(new URL(page.url()).searchParams.get('path')).toBe('/keep/k');
    expect(new URL(page.url()).searchParams.get('tree')).toBe('as-of');
    await page.locator('[data-testid="file-viewer"][data-path="/keep/k"]').waitFor();
    await row(page, '/real/r').waitFor();
    expect(await row(page, '/keep/k').getAttribute('aria-selected')).toBe('true');

    await tab(page, 2).click();
    await page.waitForURL((u) => u.searchParams.get('layer') === digests[1]);
    await half(page, '/ln', 'modified').click();
    await page.waitForURL((u) => u.searchParams.get('path') === '/ln');
    await row(page, '/ln/a').click();
    await page.waitForURL((u) => u.searchParams.get('path') === '/ln/a');
    await tab(page, 1).click();
    await page.waitForURL((u) => u.searchParams.get('layer') === digests[0]);
    expect(new URL(page.url()).searchParams.has('path')).toBe(false);
    await page.close();
  });

  it('strikes only the name of a removed entry: the reason reads whole, at 375 px too', async () => {
    const page = await browserOf().newPage({ viewport: { width: 375, height: 800 } });
    await page.goto(at({ layer: digests[1], tree: 'as-of' }));
    const mark = half(page, '/ln', 'removed').getByTestId('row-change');
    await mark.waitFor();
    const shown = await mark.evaluate((el) => {
      const reason = el.querySelector('[data-testid="row-removed-by"]');
      return { cut: el.scrollWidth > el.clientWidth, display: reason && getComputedStyle(reason).display, text: (el as HTMLElement).innerText };
    });
    expect(shown).toEqual({ cut: false, display: 'inline-block', text: expect.stringContaining('(replaced)') });
    await page.close();
  });

  it('names the layer that removed a path a link names, in the view as of a layer above it', async () => {
    const page = await browserOf().newPage();
    await page.goto(at({ layer: digests[3], tree: 'as-of', path: '/d/f' }));
    // Named once the merged filesystem, which knows every removal, is ready.
    await page.getByTestId('absent-path').getByText('layer 1 wrote it, and layer 3 replaced it, or a directory above it', { exact: false }).waitFor();
    expect(await page.getByTestId('absent-path').textContent()).toContain('The filesystem as of layer 4 does not hold /d/f: layer 1 wrote it');
    await page.getByTestId('absent-path').getByRole('button', { name: 'Open it in layer 1' }).click();
    await page.waitForURL((u) => u.searchParams.get('layer') === digests[0] && u.searchParams.get('path') === '/d/f');
    await page.close();
  });

  it('says the change boxes hide every entry, not that the filesystem is empty, and writes the boxes ticked in one form', async () => {
    const page = await browserOf().newPage();
    await page.goto(at({ layer: digests[1], tree: 'as-of', changes: 'Added,bogus' }));
    await page.waitForURL((u) => u.searchParams.get('changes') === 'added');
    await half(page, '/ln', 'modified').waitFor();
    expect(await page.getByRole('checkbox', { name: /Added/ }).isChecked()).toBe(true);
    await page.getByRole('checkbox', { name: /Added/ }).uncheck();
    await page.waitForURL((u) => u.searchParams.get('changes') === '');
    await page.getByText('No entries of the ticked kinds').waitFor();
    expect(await page.getByText('Empty.').count()).toBe(0);
    await page.close();
  });
});
