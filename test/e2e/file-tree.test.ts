/**
 * The file tree of a large image in the browser: only the rows in view are
 * in the page, far rows are drawn when a link, a key or a filter reaches
 * them; a screen reader hears tree items named by their files; the layer
 * tabs are one Tab stop; names stay in view at every width.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from '../support/use-browser';
import { loadTestBed } from '../support/test-bed';
import { entriesLayer, imageConfig, pushImage, type LayerBlob } from '../support/hostile-images';
import { whiteout, type TarEntry } from '../../scripts/test-bed/images/tar-writer';

const bed = loadTestBed();
const appUrl = inject('appUrl');
const browserOf = useBrowser();

const DIRS = 60;
const FILES_PER_DIR = 1000;
const FLAT = 5000;
const DEEP = `/deep/${Array.from({ length: 80 }, (_, i) => `level${i}`).join('/')}/bottom.txt`;
const LONG_NAME = `${'L'.repeat(100)}-${'x'.repeat(95)}.txt`;

/** test/big-tree:v1: 65,000 files in /usr/share/d*, a directory of 5,000, a path 80 levels down, a 200-character name. */
function bigTreeLayer(): LayerBlob {
  const entries: TarEntry[] = [{ type: 'directory', path: 'usr' }, { type: 'directory', path: 'usr/share' }];
  for (let d = 0; d < DIRS; d++) {
    entries.push({ type: 'directory', path: `usr/share/d${d}` });
    for (let f = 0; f < FILES_PER_DIR; f++) entries.push({ type: 'file', path: `usr/share/d${d}/file-${f}.txt`, content: `d${d} f${f}\n` });
  }
  entries.push({ type: 'directory', path: 'flat' });
  for (let f = 0; f < FLAT; f++) entries.push({ type: 'file', path: `flat/item-${f}`, content: '' });
  const parts = DEEP.split('/').filter(Boolean);
  for (let i = 1; i < parts.length; i++) entries.push({ type: 'directory', path: parts.slice(0, i).join('/') });
  entries.push({ type: 'file', path: DEEP.slice(1), content: 'bottom\n' });
  entries.push({ type: 'directory', path: 'long' }, { type: 'file', path: `long/${LONG_NAME}`, content: 'a long name\n' });
  return entriesLayer(entries);
}

function viewUrl(image: string, extra: Record<string, string> = {}): string {
  return `${appUrl}/?${new URLSearchParams({ image, ...extra })}`;
}

const rows = (page: Page) => page.getByTestId('tree-row');
const row = (page: Page, path: string) => page.locator(`[data-testid="tree-row"][data-path="${path}"]`);
/** The path of the row the tree's aria-activedescendant names. */
const cursorPath = (page: Page) =>
  page.getByRole('tree', { name: 'Files' }).evaluate((tree) => document.getElementById(tree.getAttribute('aria-activedescendant') ?? '')?.getAttribute('data-path'));

/** The accessibility node Chromium made of the element with this id, from the full AX tree (not the ARIA attributes). */
async function axNodeOf(page: Page, id: string) {
  const cdp = await page.context().newCDPSession(page);
  const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: `[id="${id}"]` });
  const { node } = await cdp.send('DOM.describeNode', { nodeId });
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  const ax = nodes.find((n) => n.backendDOMNodeId === node.backendNodeId);
  const props = Object.fromEntries((ax?.properties ?? []).map((p) => [p.name, p.value.value]));
  return { role: ax?.role?.value, name: ax?.name?.value, description: ax?.description?.value, props, all: nodes };
}

describe('the file tree of an image of 65,000 entries', () => {
  const image = `${bed.anonymous.host}/test/big-tree:v1`;
  let layerDigest = '';
  let topDigest = '';
  beforeAll(async () => {
    const base = bigTreeLayer();
    const top = entriesLayer([{ type: 'file', path: 'usr/share/d0/file-0.txt', content: 'changed\n' }, whiteout('usr/share/d1')]);
    layerDigest = base.digest;
    topDigest = top.digest;
    await pushImage(bed.anonymous.host, 'test/big-tree', 'v1', { layers: [base, top], config: imageConfig([base.diffId, top.diffId]) });
  });

  it('keeps a screenful of rows in the page, and draws the far row a link names, selected and in view', async () => {
    const page = await browserOf().newPage();
    await page.goto(viewUrl(image, { layer: 'merged', path: '/flat/item-999' }));
    const far = row(page, '/flat/item-999');
    await page.locator('[data-testid="tree-row"][data-path="/flat/item-999"][aria-selected="true"]').waitFor();
    expect(await rows(page).count()).toBeLessThan(200);
    // Scrolled into the tree's box, not just present.
    const inView = await far.evaluate((el) => {
      const box = el.closest('[role="tree"]')!.getBoundingClientRect();
      const r = el.getBoundingClientRect();
      return r.top >= box.top && r.bottom <= box.bottom;
    });
    expect(inView).toBe(true);
    // Names sort as `LC_ALL=C ls` does: item-0, item-1, item-10, ...
    const names = Array.from({ length: FLAT }, (_, i) => `item-${i}`).sort();
    expect(await far.getAttribute('aria-posinset')).toBe(String(names.indexOf('item-999') + 1));
    expect(await far.getAttribute('aria-setsize')).toBe(String(FLAT));

    // End reaches the last row (the root's last entry, below the 5,000 open ones), Home the first.
    await page.getByRole('tree', { name: 'Files' }).focus();
    await page.keyboard.press('End');
    await page.waitForFunction(() => document.querySelector('[data-testid="tree-row"][data-focused="true"]')?.getAttribute('data-path') === '/usr');
    expect(await cursorPath(page)).toBe('/usr');
    expect(await rows(page).count()).toBeLessThan(200);
    await page.keyboard.press('Home');
    await page.waitForFunction(() => document.querySelector('[data-testid="tree-row"][data-focused="true"]')?.getAttribute('data-path') === '/deep');
    expect(await cursorPath(page)).toBe('/deep');
    await page.close();
  });

  it('moves the cursor to the next row whose name starts with what is typed, and * opens the directories beside it, over 65,000 entries', async () => {
    const page = await browserOf().newPage();
    await page.goto(viewUrl(image, { layer: layerDigest }));
    await row(page, '/usr').waitFor();
    const tree = page.getByRole('tree', { name: 'Files' });
    const cursorAt = (want: string) =>
      page.waitForFunction((path) => document.querySelector('[data-testid="tree-row"][data-focused="true"]')?.getAttribute('data-path') === path, want);
    // The root holds deep/, flat/, long/ and usr/.
    await tree.focus();
    await page.keyboard.type('us');
    await cursorAt('/usr');
    // A navigation key ends the name typed; a capital finds a lower-case name; a second letter keeps a row that still matches.
    await page.keyboard.press('Home');
    await cursorAt('/deep');
    await page.keyboard.type('Fl');
    await cursorAt('/flat');
    // Past the last match, the search wraps to the first.
    await page.keyboard.press('End');
    await cursorAt('/usr');
    await page.keyboard.type('d');
    await cursorAt('/deep');

    // * on long/ opens deep/, flat/ and usr/ (not what they hold), and the cursor stays on long/, now 5,002 rows down.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await cursorAt('/long');
    await page.keyboard.press('*');
    await page.locator('[data-testid="tree-row"][data-path="/long"][aria-expanded="true"]').waitFor();
    await cursorAt('/long');
    await row(page, `/long/${LONG_NAME}`).waitFor();
    await page.keyboard.press('Home');
    await cursorAt('/deep');
    expect(await row(page, '/deep').getAttribute('aria-expanded')).toBe('true');
    expect(await row(page, '/flat').getAttribute('aria-expanded')).toBe('true');
    expect(await row(page, '/deep/level0').getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.type('u');
    await cursorAt('/usr');
    expect(await row(page, '/usr').getAttribute('aria-expanded')).toBe('true');
    expect(await row(page, '/usr/share').getAttribute('aria-expanded')).toBe('false');

    // In the 60 directories of /usr/share, all opened by *, typing finds a name 60,000 rows on.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await row(page, '/usr/share/d0').waitFor();
    await page.keyboard.press('ArrowDown');
    await cursorAt('/usr/share/d0');
    await page.keyboard.press('*');
    await row(page, '/usr/share/d0/file-0.txt').waitFor();
    await page.keyboard.type('d9');
    await cursorAt('/usr/share/d9');
    expect(await row(page, '/usr/share/d9').getAttribute('aria-expanded')).toBe('true');

    // Typing in the filter box filters: the tree does not take its letters.
    await page.getByLabel('Filter paths').fill('');
    await page.getByLabel('Filter paths').focus();
    await page.keyboard.type('file-999.');
    expect(await page.getByLabel('Filter paths').inputValue()).toBe('file-999.');
    await page.getByTestId('filter-count').filter({ hasText: `${DIRS} paths match` }).waitFor();
    await page.close();
  });

  it('does nothing on Right Arrow at a file, and goes into an open directory', async () => {
    const page = await browserOf().newPage();
    await page.goto(viewUrl(image, { layer: layerDigest, path: `/long/${LONG_NAME}` }));
    await page.locator(`[data-testid="tree-row"][data-path="/long/${LONG_NAME}"][aria-selected="true"]`).waitFor();
    const cursorAt = (want: string) =>
      page.waitForFunction((path) => document.querySelector('[data-testid="tree-row"][data-focused="true"]')?.getAttribute('data-path') === path, want);
    await page.getByRole('tree', { name: 'Files' }).focus();
    await cursorAt(`/long/${LONG_NAME}`);
    // Had Right Arrow moved on (to /usr), Up would come back to the file; it stays, so Up reaches the file's directory.
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowUp');
    await cursorAt('/long');
    await page.keyboard.press('ArrowRight');
    await cursorAt(`/long/${LONG_NAME}`);
    await page.close();
  });

  it('shows the filesystem as of the top layer over 65,000 entries a screenful at a time, counted, and only its changes on request', async () => {
    const page = await browserOf().newPage();
    await page.goto(viewUrl(image, { layer: topDigest, path: '/usr/share' }));
    await row(page, '/usr/share/d0').waitFor();
    // Layer 1's 65,000 entries are indexed by then, so the figure below is the view's alone.
    await page.waitForFunction(() => {
      const layers = Array.from(document.querySelectorAll('[data-testid="layer-status"]'));
      return layers.length === 2 && layers.every((l) => l.getAttribute('data-status') === 'done');
    });
    const asked = Date.now();
    await page.getByRole('radio', { name: 'Filesystem as of layer 2' }).check();
    await page.locator('[data-testid="tree-row"][data-path="/usr/share/d1"][data-change="removed"]').waitFor();
    await page.getByTestId('change-count-unchanged').filter({ hasText: /\d/ }).waitFor();
    // Read by a person, not asserted: the machine running the tests sets the figure.
    console.log(`as-of view of layer 2 over 65,000 entries, marked and counted: ${Date.now() - asked} ms`);
    expect(await rows(page).count()).toBeLessThan(200);
    // The whiteout removes d1 and its 1,000 files; one file is written again; the rest (directories too) is as layer 1 left it.
    const count = (kind: string) => page.getByTestId(`change-count-${kind}`).textContent();
    expect([await count('added'), await count('modified'), await count('removed')]).toEqual(['0', '1', '1,001']);
    await page.getByRole('checkbox', { name: /Unchanged/ }).uncheck();
    await page.locator('[data-testid="tree-row"][data-path="/usr/share/d2"]').waitFor({ state: 'detached' });
    await row(page, '/usr/share/d0').click();
    await row(page, '/usr/share/d0/file-0.txt').waitFor();
    const shown = await rows(page).evaluateAll((els) => els.map((e) => `${e.getAttribute('data-path')} ${e.getAttribute('data-change')}`));
    expect(shown).toEqual(['/usr unchanged', '/usr/share unchanged', '/usr/share/d0 unchanged', '/usr/share/d0/file-0.txt modified', '/usr/share/d1 removed']);
    // For comparison, the same navigation back to the layer's own entries, which the page had before.
    const again = Date.now();
    await page.getByRole('radio', { name: "Layer 2's entries" }).check();
    await page.locator('[data-testid="tree-row"][data-path="/usr/share/d1"][data-whiteout="true"]').waitFor();
    console.log(`back to the layer's own entries: ${Date.now() - again} ms`);
    await page.close();
  });

  it('filters 65,000 paths: counts the matches, lists them a screenful at a time, and End reaches the last', async () => {
    const page = await browserOf().newPage();
    await page.goto(viewUrl(image, { layer: layerDigest }));
    await row(page, '/usr').waitFor();
    const filter = page.getByLabel('Filter paths');
    await filter.fill('file-999.');
    const count = page.getByTestId('filter-count');
    await count.filter({ hasText: `${DIRS} paths match` }).waitFor();
    await row(page, '/usr/share/d0/file-999.txt').waitFor();
    const shown = await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-path') ?? ''));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(DIRS);
    for (const p of shown) expect(p).toMatch(/^\/usr\/share\/d\d+\/file-999\.txt$/);
    await page.getByRole('tree', { name: 'Files' }).focus();
    await page.keyboard.press('End');
    // The last match in walk order: d9 sorts after d59.
    await page.waitForFunction(() => document.querySelector('[data-testid="tree-row"][data-focused="true"]')?.getAttribute('data-path') === '/usr/share/d9/file-999.txt');
    expect(await row(page, '/usr/share/d9/file-999.txt').getAttribute('aria-posinset')).toBe(String(DIRS));

    // A filter that matches every entry lists many, draws few, and says how many matched.
    await filter.fill('/');
    await count.filter({ hasText: 'more than 20,000 paths match' }).waitFor();
    expect(await rows(page).count()).toBeLessThan(200);
    await page.getByRole('tree', { name: 'Files' }).focus();
    await page.keyboard.press('End');
    await page.waitForFunction(() => document.querySelector('[data-testid="tree-row"][data-focused="true"]')?.getAttribute('aria-posinset') === '20000');
    expect(await rows(page).count()).toBeLessThan(200);
    await page.close();
  });

  it('sorts the matches of a filter by size when asked', async () => {
    const page = await browserOf().newPage();
    await page.goto(viewUrl(image, { layer: 'merged' }));
    await row(page, '/usr').waitFor();
    await page.getByLabel('Filter paths').fill('d4');
    await page.getByTestId('filter-count').waitFor();
    await page.getByLabel('Sort by').selectOption('size');
    // The directories match too, and each holds more bytes than any file: they come first, largest first.
    await page.waitForFunction(() => document.querySelector('[data-testid="tree-row"][aria-posinset="1"]')?.getAttribute('data-type') === 'directory');
    const titles = await rows(page).evaluateAll((els) =>
      els
        .sort((a, b) => Number(a.getAttribute('aria-posinset')) - Number(b.getAttribute('aria-posinset')))
        .map((e) => Number(/^(\d+) bytes/.exec(e.querySelector('[data-testid="row-size"]')?.getAttribute('title') ?? '')?.[1])),
    );
    expect(titles.length).toBeGreaterThan(10);
    expect(titles).toEqual([...titles].sort((a, b) => b - a));
    await page.close();
  });

  it("tells a screen reader the cursor's row as a tree item named by its file, with its level and place", async () => {
    const page = await browserOf().newPage();
    await page.goto(viewUrl(image, { layer: 'merged', path: '/flat/item-1000' }));
    await page.locator('[data-testid="tree-row"][data-path="/flat/item-1000"][aria-selected="true"]').waitFor();
    const tree = page.getByRole('tree', { name: 'Files' });
    await tree.focus();
    await page.keyboard.press('ArrowDown');
    const names = Array.from({ length: FLAT }, (_, i) => `item-${i}`).sort();
    const next = names[names.indexOf('item-1000') + 1];
    await page.waitForFunction((want) => document.querySelector('[data-testid="tree-row"][data-focused="true"]')?.getAttribute('data-path') === want, `/flat/${next}`);
    const ax = await axNodeOf(page, (await tree.getAttribute('aria-activedescendant'))!);
    expect(ax.role).toBe('treeitem');
    expect(ax.name).toBe(next);
    expect(ax.description).toContain('file');
    // Its place among its siblings is in aria-setsize and aria-posinset (which this CDP view does not list).
    expect(ax.props.level).toBe(2);
    expect(await page.locator(`[id="${await tree.getAttribute('aria-activedescendant')}"]`).getAttribute('aria-setsize')).toBe(String(FLAT));
    // Every row Chromium exposes in the tree is a named tree item: none is a nameless row.
    const byId = new Map(ax.all.map((n) => [n.nodeId, n]));
    const inTree: typeof ax.all = [];
    const walk = (id: string) => {
      const n = byId.get(id);
      if (!n) return;
      inTree.push(n);
      for (const c of n.childIds ?? []) walk(c);
    };
    walk(ax.all.find((n) => n.role?.value === 'tree')!.nodeId);
    const items = inTree.filter((n) => n.role?.value === 'treeitem');
    expect(items.length).toBeGreaterThan(10);
    expect(items.filter((n) => !n.name?.value)).toEqual([]);
    expect(inTree.filter((n) => n.role?.value === 'row').map((n) => n.name?.value)).toEqual([]);
    // A directory says whether it is open.
    const dir = await axNodeOf(page, (await row(page, '/flat').getAttribute('id'))!);
    expect([dir.role, dir.name, dir.props.expanded, dir.props.level]).toEqual(['treeitem', 'flat/', true, 1]);
    await page.close();
  });

  it.each([375, 1024, 1280, 1920])('keeps names in view at %d px: a short one whole, a long one cut in its middle, one 80 levels down started', async (width) => {
    const page = await browserOf().newPage({ viewport: { width, height: 900 } });
    await page.goto(viewUrl(image, { layer: layerDigest, path: DEEP }));
    await page.locator(`[data-testid="tree-row"][data-path="${DEEP}"][aria-selected="true"]`).waitFor();
    const measure = (path: string) =>
      row(page, path).evaluate((el) => {
        const tree = el.closest('[role="tree"]')!;
        const box = tree.getBoundingClientRect();
        const name = el.querySelector('[data-testid="row-name"]')!;
        const label = el.querySelector('[data-testid="row-label"]')!;
        // A name cut in its middle is two spans: the start, which loses characters, and the end, kept whole.
        const [head, tail] = label.children.length === 2 ? Array.from(label.children) : [label, undefined];
        return {
          boxRight: box.right,
          sideways: tree.scrollWidth - tree.clientWidth,
          textLeft: label.getBoundingClientRect().left,
          nameRight: name.getBoundingClientRect().right,
          lastRight: label.getBoundingClientRect().right,
          title: name.getAttribute('title'),
          headCut: head.scrollWidth > head.clientWidth,
          tail: tail?.textContent,
        };
      });
    const deep = await measure(DEEP);
    expect(deep.sideways, 'the tree scrolls sideways').toBe(0);
    expect(deep.textLeft + 80, `80 levels down, the name starts at ${deep.textLeft} px and the tree ends at ${deep.boxRight} px`).toBeLessThan(deep.nameRight);
    expect(deep.lastRight).toBeLessThanOrEqual(deep.boxRight);

    await page.goto(viewUrl(image, { layer: layerDigest, path: `/long/${LONG_NAME}` }));
    await page.locator(`[data-testid="tree-row"][data-path="/long/${LONG_NAME}"][aria-selected="true"]`).waitFor();
    const long = await measure(`/long/${LONG_NAME}`);
    expect(long.sideways, 'the tree scrolls sideways').toBe(0);
    expect(long.title).toBe(LONG_NAME);
    // Cut in its middle: the start loses characters, the end shows whole, inside the tree's box.
    expect(long.headCut).toBe(true);
    expect(long.tail).toBe(LONG_NAME.slice(-10));
    expect(long.lastRight).toBeLessThanOrEqual(long.boxRight);
    const short = await measure('/long');
    expect(short.headCut, '"long/" is cut').toBe(false);
    await page.close();
  });
});

describe('the files tabs of an image of 65 layers', () => {
  const image = `${bed.anonymous.host}/test/many-layers:v1`;
  beforeAll(async () => {
    const layers = Array.from({ length: 65 }, (_, i) => entriesLayer([{ type: 'directory', path: 'data' }, { type: 'file', path: `data/layer-${i}.txt`, content: `layer ${i}\n` }]));
    await pushImage(bed.anonymous.host, 'test/many-layers', 'v1', { layers, config: imageConfig(layers.map((l) => l.diffId)) });
  });

  it('are one Tab stop, and the arrows, Home and End move between them and open each', async () => {
    const page = await browserOf().newPage();
    await page.goto(viewUrl(image));
    await page.locator('[data-testid="files-tab-layer"]:not([disabled])').nth(64).waitFor();
    const tabs = page.getByRole('tab');
    expect(await tabs.count()).toBe(66);
    expect(await page.locator('[role="tab"][tabindex="0"]').count()).toBe(1);
    const merged = page.getByTestId('files-tab-merged');
    await merged.focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).not.toBe('tab');
    await merged.focus();
    await page.keyboard.press('ArrowRight');
    const layerTabs = page.getByTestId('files-tab-layer');
    await page.waitForFunction(() => document.activeElement?.textContent === 'Layer 1');
    const first = await page.getByTestId('layer-status').first().getAttribute('data-digest');
    await page.waitForURL((u) => u.searchParams.get('layer') === first);
    expect(await layerTabs.first().getAttribute('aria-selected')).toBe('true');
    expect(await layerTabs.first().getAttribute('tabindex')).toBe('0');
    await page.keyboard.press('End');
    await page.waitForFunction(() => document.activeElement?.textContent === 'Layer 65');
    await page.waitForURL((u) => u.searchParams.get('layer') !== first);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.activeElement?.textContent === 'Merged filesystem');
    await page.waitForURL((u) => u.searchParams.get('layer') === 'merged');
    // The panel is named by the tab that shows it.
    const panel = page.getByRole('tabpanel');
    expect(await panel.getAttribute('aria-labelledby')).toBe(await merged.getAttribute('id'));
    await page.close();
  });

  it('replace the address as the arrows select, push it on a click, and after Back the focus follows the tab shown', async () => {
    const page = await browserOf().newPage();
    await page.goto(viewUrl(image));
    await page.locator('[data-testid="files-tab-layer"]:not([disabled])').nth(64).waitFor();
    const digests = await page.getByTestId('layer-status').evaluateAll((els) => els.map((e) => e.getAttribute('data-digest')));
    const entries = () => page.evaluate(() => history.length);
    const focused = () => page.evaluate(() => `${document.activeElement?.textContent} ${document.activeElement?.getAttribute('aria-selected')}`);
    const before = await entries();
    await page.getByTestId('files-tab-merged').focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await page.waitForURL((u) => u.searchParams.get('layer') === digests[2]);
    // The address changes first, then the page renders the view it names.
    await page.locator('[data-testid="files-tab-layer"][aria-selected="true"]', { hasText: 'Layer 3' }).waitFor();
    expect(await focused()).toBe('Layer 3 true');
    expect(await entries(), 'history entries after three arrow presses').toBe(before);

    // A click is a step of its own; Back returns to the tab the arrows reached, and the focus goes with the selection.
    await page.getByTestId('files-tab-layer').nth(5).click();
    await page.waitForURL((u) => u.searchParams.get('layer') === digests[5]);
    expect(await entries()).toBe(before + 1);
    await page.goBack();
    await page.waitForURL((u) => u.searchParams.get('layer') === digests[2]);
    await page.waitForFunction(() => document.activeElement?.textContent === 'Layer 3');
    expect(await focused()).toBe('Layer 3 true');
    await page.goForward();
    await page.waitForURL((u) => u.searchParams.get('layer') === digests[5]);
    await page.waitForFunction(() => document.activeElement?.textContent === 'Layer 6');
    expect(await focused()).toBe('Layer 6 true');
    await page.close();
  });
});

describe('the cursor and the selection of a tree', () => {
  const image = () => `${bed.anonymous.host}/test/whiteouts:v1`;

  it('outlines the keyboard cursor only while the tree has focus, and never looks like the selection', async () => {
    const page = await browserOf().newPage();
    await page.goto(viewUrl(image(), { layer: 'merged' }));
    const first = page.locator('[data-testid="tree-row"][aria-posinset="1"][aria-level="1"]');
    await first.waitFor();
    const look = () => first.evaluate((el) => ({ outline: getComputedStyle(el).outlineStyle, background: getComputedStyle(el).backgroundColor }));
    const idle = await look();
    expect(idle.outline).toBe('none');
    await page.getByRole('tree', { name: 'Files' }).focus();
    const focused = await look();
    expect(focused.outline).toBe('solid');
    // The cursor does not tint the row: a tinted row is a selected one.
    expect(focused.background).toBe(idle.background);
    await page.close();
  });

  it.each(['light', 'dark'] as const)("keeps the selected row's secondary text at 4.5:1 or more (%s)", async (colorScheme) => {
    const context = await browserOf().newContext({ colorScheme, viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.goto(viewUrl(image(), { layer: 'merged', path: '/etc/config/keep.conf' }));
    const selected = page.locator('[data-testid="tree-row"][data-path="/etc/config/keep.conf"][aria-selected="true"]');
    await selected.waitFor();
    const ratios = await selected.evaluate((el) => {
      const rgb = (c: string) => {
        const canvas = document.createElement('canvas');
        canvas.width = canvas.height = 1;
        const g = canvas.getContext('2d')!;
        g.fillStyle = c;
        g.fillRect(0, 0, 1, 1);
        return Array.from(g.getImageData(0, 0, 1, 1).data.slice(0, 3));
      };
      const lum = (c: number[]) => {
        const [r, g, b] = c.map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const bg = lum(rgb(getComputedStyle(el).backgroundColor));
      return Object.fromEntries(
        ['row-layer', 'row-mode', 'row-mtime', 'row-owner'].map((id) => {
          const fg = lum(rgb(getComputedStyle(el.querySelector(`[data-testid="${id}"]`)!).color));
          return [id, Math.round(((Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05)) * 100) / 100];
        }),
      );
    });
    for (const [id, ratio] of Object.entries(ratios)) expect(ratio, `${id} on the selected row: ${ratio}:1`).toBeGreaterThanOrEqual(4.5);
    await context.close();
  });
});
