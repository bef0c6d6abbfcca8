/**
 * How a file tree's row shares its width on an image of more than a hundred
 * layers: a removed entry's name reads whole, its mark and reason giving way
 * first, and the layer column is as wide as "layer 101", at a phone's width
 * and a desktop's.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { useBrowser } from '../support/use-browser';
import { loadTestBed } from '../support/test-bed';
import { entriesLayer, imageConfig, pushImage } from '../support/hostile-images';
import { whiteout, type TarEntry } from '../../scripts/test-bed/images/tar-writer';

const bed = loadTestBed();
const appUrl = inject('appUrl');
const browserOf = useBrowser();
const image = `${bed.anonymous.host}/test/tree-row-room:v1`;
// Layer 100 writes these; layer 101, the top, deletes the even ones.
const files = Array.from({ length: 10 }, (_, i) => `wide/file-4999${i}`);
let top = '';

describe('a row of the filesystem as of the 101st layer', () => {
  beforeAll(async () => {
    const layers = Array.from({ length: 99 }, (_, i) => entriesLayer([{ type: 'file', path: `l/${i + 1}`, content: `layer ${i + 1}\n` }]));
    const written: TarEntry[] = [{ type: 'directory', path: 'wide' }, ...files.map((path): TarEntry => ({ type: 'file', path, content: `${path}\n` }))];
    layers.push(entriesLayer(written));
    layers.push(entriesLayer(files.filter((_, i) => i % 2 === 0).map((path) => whiteout(path))));
    top = layers[100].digest;
    await pushImage(bed.anonymous.host, 'test/tree-row-room', 'v1', { layers, config: imageConfig(layers.map((l) => l.diffId)) });
  });

  it('reads a removed name whole beside its mark, its layer named whole, at a desktop\'s width and a phone\'s', async () => {
    const page = await browserOf().newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${appUrl}/?${new URLSearchParams({ image, layer: top, tree: 'as-of' })}`);
    // A filter's flat list shows each match by its whole path, as long a name as a row holds.
    await page.getByLabel('Filter paths').fill('file-4999');
    // The filesystem as of layer 101 is shown once the hundred layers below it are in (until then, its own entries).
    await page.locator('[data-testid="tree-row"][data-path="/wide/file-49990"][data-change="removed"]').waitFor({ timeout: 0 });
    await page.getByText('10 paths match').waitFor();
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      const rows = await page.locator('[data-testid="tree-row"][data-change="removed"]').evaluateAll((els) =>
        els.map((row) => {
          const label = row.querySelector('[data-testid="row-label"]')!;
          const mark = row.querySelector('[data-testid="row-change"]')!.getBoundingClientRect();
          const room = row.querySelector('[data-testid="row-name"]')!.getBoundingClientRect();
          const layer = row.querySelector('[data-testid="row-layer"]') as HTMLElement;
          // A name cut in its middle is two spans, the start losing characters: each must hold its text whole.
          const cut = [label, ...Array.from(label.children)].some((part) => part.scrollWidth > part.clientWidth);
          return {
            path: row.getAttribute('data-path'),
            nameCut: cut,
            overlap: label.getBoundingClientRect().right > mark.left,
            // The mark may be cut at its end, never out of sight: its padding and its "−" at least.
            markShown: room.right - mark.left >= 12,
            layer: layer.offsetWidth > 0 ? { text: layer.textContent, cut: layer.scrollWidth > layer.clientWidth } : 'hidden',
          };
        }),
      );
      // A phone's tree has no room for the layer column.
      const layer = width === 375 ? 'hidden' : { text: 'layer 100', cut: false };
      expect(rows, `at ${width} px`).toEqual(
        files.filter((_, i) => i % 2 === 0).map((path) => ({ path: `/${path}`, nameCut: false, overlap: false, markShown: true, layer })),
      );
    }
    await page.close();
  });
});
