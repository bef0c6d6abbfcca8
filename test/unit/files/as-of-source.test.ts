import { describe, expect, it } from 'vitest';
import { ALL_CHANGES, changeMask } from '@/lib/fs/change-kind';
import { LayerAsOf } from '@/lib/fs/layer-as-of';
import { asOfSource, inodeOf } from '@/components/files/tree-source';
import { treeRows, type TreeSort } from '@/components/files/tree-rows';
import { canonicalChangesParam, changesParam, parseChangesParam } from '@/components/files/as-of-params';
import { dir, file, hardlink, layer, whiteout } from '../fs/layer-fixture';

const layers = [
  layer(dir('etc/'), file('etc/keep', 10), file('etc/gone', 20), file('etc/conf', 30), dir('srv/'), file('srv/s', 1), file('target', 7, { mode: 0o755, mtime: 1 })),
  layer(dir('etc/'), whiteout('etc/gone'), file('etc/conf', 31), file('etc/new', 400), hardlink('link', 'target')),
  layer(file('target', 9, { mode: 0o600, mtime: 3 })),
];

/** The tree's rows as "<path> <change>", with these directories open. */
function rows(source: ReturnType<typeof asOfSource>, expanded: string[], filter = '', sort: TreeSort = 'name'): string[] {
  return treeRows(source, { filter, sort, showHidden: false, expanded: new Set(expanded), matchLimit: 100 }).rows.map((v) => `${v.row.path} ${v.row.change}`);
}

describe('the filesystem as of a layer, as the tree shows it', () => {
  const view = new LayerAsOf(layers, 1);

  it('lists every entry with its change, removed ones in place', () => {
    expect(rows(asOfSource(view), ['/etc'])).toEqual([
      '/etc modified',
      '/etc/conf modified',
      '/etc/gone removed',
      '/etc/keep unchanged',
      '/etc/new added',
      '/link added',
      '/srv unchanged',
      '/target unchanged',
    ]);
  });

  it('shows under a change filter only the kinds asked for, and the directories that lead to them', () => {
    const source = asOfSource(view, changeMask(['added', 'removed']));
    expect(rows(source, ['/etc'])).toEqual(['/etc modified', '/etc/gone removed', '/etc/new added', '/link added']);
    // Combined with the name filter and the size sort: a flat list of the matches of those kinds.
    expect(rows(source, [], 'e', 'size')).toEqual(['/etc/new added', '/etc/gone removed']);
    expect(rows(asOfSource(view, 0), ['/etc'])).toEqual([]);
  });

  it("sizes a directory by what it holds as of the layer, and a removed one by what it held", () => {
    const source = asOfSource(view);
    expect(source.totalSize('/etc')).toBe(10 + 31 + 400);
    expect(source.totalSize('/')).toBe(10 + 31 + 400 + 1 + 7);
    const gone = new LayerAsOf([layer(dir('d/'), file('d/a', 5)), layer(whiteout('d'))], 1);
    expect(asOfSource(gone).totalSize('/d')).toBe(5);
    expect(asOfSource(gone).lookup('/d/a')).toMatchObject({ change: 'removed', removedBy: 'whiteout', layer: 0 });
  });

  it("shows a hard link with its target as of the link's layer, after a higher layer wrote over the target", () => {
    const source = asOfSource(new LayerAsOf(layers, 2));
    const link = source.lookup('/link')!;
    expect(link.change).toBe('unchanged');
    expect(inodeOf(link)).toMatchObject({ mode: 0o755, mtime: 1, size: 7 });
    expect(source.contentOf('/link')).toEqual({ layer: 0, ...layers[0].offsetsOf(layers[0].indexOf('/target')), size: 7 });
    expect(source.contentOf('/target')).toEqual({ layer: 2, ...layers[2].offsetsOf(layers[2].indexOf('/target')), size: 9 });
  });

  it('looks up and reads the replaced one of two entries at a path apart from its replacement', () => {
    const stacked = [layer(dir('x/'), file('x/a', 5)), layer(file('x', 7))];
    const source = asOfSource(new LayerAsOf(stacked, 1));
    expect(source.lookup('/x')).toMatchObject({ type: 'file', change: 'modified', layer: 1 });
    expect(source.lookup('/x', true)).toMatchObject({ type: 'directory', change: 'removed', removedBy: 'replaced', replacedHere: true, layer: 0 });
    expect(source.contentOf('/x')).toMatchObject({ layer: 1, size: 7 });
    expect(source.contentOf('/x', true)).toBeUndefined();
    expect(source.children('/', false).map((r) => `${r.path} ${r.change} ${r.replacedHere ?? false}`)).toEqual(['/x modified false', '/x removed true']);
  });

  it("reads a removed file's bytes from the layer that wrote it", () => {
    expect(asOfSource(view).contentOf('/etc/gone')).toEqual({ layer: 0, ...layers[0].offsetsOf(layers[0].indexOf('/etc/gone')), size: 20 });
  });
});

describe('the as-of view in the URL', () => {
  it.each([
    [undefined, ALL_CHANGES, undefined],
    ['added,removed', changeMask(['added', 'removed']), 'added,removed'],
    ['removed,added,bogus', changeMask(['added', 'removed']), 'added,removed'],
    ['', 0, ''],
    ['added,modified,removed,unchanged', ALL_CHANGES, undefined],
  ] as const)('reads changes=%j as the kinds it names, and writes them back in one form', (param, mask, written) => {
    expect(parseChangesParam(param)).toBe(mask);
    expect(changesParam(mask)).toBe(written);
  });

  it.each([
    ['Added', 'added'],
    ['REMOVED, Added,bogus', 'added,removed'],
    ['bogus', ''],
    ['', ''],
    ['Unchanged,modified,removed,added', undefined],
    [undefined, undefined],
  ] as const)('writes changes=%j back as %j: any case, unknown words dropped', (param, canonical) => {
    expect(canonicalChangesParam(param)).toBe(canonical);
  });
});
