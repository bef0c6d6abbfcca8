import { describe, expect, it } from 'vitest';
import { treeRows } from '@/components/files/tree-rows';
import { layerSource } from '@/components/files/tree-source';
import { closedSiblingDirectories, nextRowStartingWith } from '@/components/files/type-ahead';
import { dir, file, layer } from '../fs/layer-fixture';

const source = layerSource(
  layer(
    dir('bin/'),
    file('bin/sh', 1),
    dir('etc/'),
    file('etc/Passwd', 1),
    file('etc/profile', 1),
    dir('etc/ssl/'),
    file('etc/ssl/cert.pem', 1),
    dir('sbin/'),
    dir('srv/'),
    file('srv/site', 1),
    file('start.sh', 1),
    dir('usr/'),
  ),
);

const rowsOf = (expanded: string[] = []) => treeRows(source, { filter: '', sort: 'name', showHidden: false, expanded: new Set(expanded), matchLimit: 100 }).rows;
const pathAt = (rows: ReturnType<typeof rowsOf>, i: number) => (i < 0 ? 'none' : rows[i].row.path);

describe('type-ahead in a file tree', () => {
  // Open /etc: bin, etc, etc/Passwd, etc/profile, etc/ssl, sbin, srv, start.sh, usr.
  const rows = rowsOf(['/etc']);
  const at = (path: string) => rows.findIndex((v) => v.row.path === path);

  it.each([
    ['/bin', 'e', '/etc'],
    ['/bin', 'E', '/etc'],
    ['/etc', 'p', '/etc/Passwd'],
    ['/etc/Passwd', 'p', '/etc/profile'],
    ['/etc/Passwd', 'pr', '/etc/profile'],
    ['/etc/profile', 'P', '/etc/Passwd'],
    ['/sbin', 's', '/srv'],
    ['/srv', 's', '/start.sh'],
    ['/start.sh', 's', '/etc/ssl'],
    ['/bin', 'st', '/start.sh'],
    ['/srv', 'sr', '/srv'],
    ['/srv', 'sss', '/start.sh'],
    ['/usr', 'b', '/bin'],
    ['/usr', 'u', '/usr'],
    ['/bin', 'x', 'none'],
    ['/bin', 'binx', 'none'],
  ])('from %s, typing %j moves to %s', (from, typed, want) => {
    expect(pathAt(rows, nextRowStartingWith(rows, at(from), typed))).toBe(want);
  });

  it('finds nothing in an empty tree', () => {
    expect(nextRowStartingWith([], 0, 'a')).toBe(-1);
  });

  it('reaches the last of 65,000 rows from the first', () => {
    const many = Array.from({ length: 65_000 }, (_, i) => ({ ...rows[0], row: { ...rows[0].row, name: `file-${i}`, path: `/file-${i}` } }));
    expect(nextRowStartingWith(many, 0, 'file-64999')).toBe(64_999);
  });
});

describe('"*" in a file tree', () => {
  it('opens the closed directories beside the row, not deeper ones, nor files', () => {
    const rows = rowsOf(['/etc']);
    const open = new Set(['/', '/etc']);
    const at = rows.findIndex((v) => v.row.path === '/srv');
    expect(closedSiblingDirectories(rows, at, (p) => open.has(p))).toEqual(['/bin', '/sbin', '/srv', '/usr']);
  });

  it('opens the directories beside a row inside an open one', () => {
    const rows = rowsOf(['/etc']);
    const at = rows.findIndex((v) => v.row.path === '/etc/profile');
    expect(closedSiblingDirectories(rows, at, () => false)).toEqual(['/etc/ssl']);
  });
});
