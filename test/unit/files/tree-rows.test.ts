import { describe, expect, it } from 'vitest';
import { treeRows, type TreeSort } from '@/components/files/tree-rows';
import { scrollToReveal, visibleRange } from '@/components/files/row-window';
import { layerSource } from '@/components/files/tree-source';
import { dir, file, layer } from '../fs/layer-fixture';

// Sizes chosen so name order and size order differ at every level.
const source = layerSource(
  layer(
    dir('etc/'),
    file('etc/a.conf', 10),
    file('etc/b.conf', 300),
    file('etc/c.conf', 20),
    dir('srv/'),
    file('srv/big.conf', 5000),
    file('srv/small.txt', 1),
    file('z.conf', 40),
  ),
);

const rowsOf = (filter: string, sort: TreeSort, expanded: string[] = []) =>
  treeRows(source, { filter, sort, showHidden: false, expanded: new Set(expanded), matchLimit: 100 }).rows;
const paths = (filter: string, sort: TreeSort, expanded?: string[]) => rowsOf(filter, sort, expanded).map((v) => v.row.path);

describe('the rows of a file tree', () => {
  it.each([
    ['name', '', ['/etc', '/etc/a.conf', '/etc/b.conf', '/etc/c.conf', '/srv', '/z.conf']],
    ['size', '', ['/srv', '/etc', '/etc/b.conf', '/etc/c.conf', '/etc/a.conf', '/z.conf']],
    ['name', 'conf', ['/etc/a.conf', '/etc/b.conf', '/etc/c.conf', '/srv/big.conf', '/z.conf']],
    ['size', 'conf', ['/srv/big.conf', '/etc/b.conf', '/z.conf', '/etc/c.conf', '/etc/a.conf']],
  ] as const)('sorts by %s with filter %j', (sort, filter, want) => {
    expect(paths(filter, sort, ['/etc'])).toEqual(want);
  });

  it('places each row among its siblings for aria-setsize and aria-posinset, and a match among all matches', () => {
    const rows = rowsOf('', 'name', ['/etc']);
    expect(rows.map((v) => `${v.row.path} ${v.depth} ${v.position}/${v.setSize}`)).toEqual([
      '/etc 0 1/3',
      '/etc/a.conf 1 1/3',
      '/etc/b.conf 1 2/3',
      '/etc/c.conf 1 3/3',
      '/srv 0 2/3',
      '/z.conf 0 3/3',
    ]);
    expect(rowsOf('small', 'name').map((v) => `${v.row.path} ${v.depth} ${v.position}/${v.setSize}`)).toEqual(['/srv/small.txt 0 1/1']);
  });

  it('lists at most the match limit, and says there were more', () => {
    const result = treeRows(source, { filter: 'conf', sort: 'name', showHidden: false, expanded: new Set(), matchLimit: 2 });
    expect(result.rows.map((v) => v.row.path)).toEqual(['/etc/a.conf', '/etc/b.conf']);
    expect(result.moreMatches).toBe(true);
    expect(treeRows(source, { filter: 'conf', sort: 'name', showHidden: false, expanded: new Set(), matchLimit: 5 }).moreMatches).toBe(false);
  });
});

describe('a window of fixed-height rows', () => {
  it.each([
    // scrollTop, view, count -> start, end (rows of 20 px, overscan 2)
    [0, 100, 1000, 0, 7],
    [400, 100, 1000, 18, 27],
    [19_900, 100, 1000, 993, 1000],
    [0, 100, 3, 0, 3],
  ])('at scrollTop %d in %d px of %d rows draws [%d, %d)', (scrollTop, view, count, start, end) => {
    expect(visibleRange(scrollTop, view, 20, count, 2)).toEqual({ start, end });
  });

  it.each([
    // index, scrollTop, view -> new scrollTop (rows of 20 px)
    [2, 0, 100, undefined],
    [5, 0, 100, 20],
    [5, 200, 100, 100],
    [20, 0, 100, 320],
    [4, 0, 100, undefined],
  ])('reveals row %d from scrollTop %d in %d px by scrolling to %s', (index, scrollTop, view, want) => {
    expect(scrollToReveal(index, scrollTop, view, 20)).toBe(want);
  });
});
