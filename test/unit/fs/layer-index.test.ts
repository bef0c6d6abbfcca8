import { describe, expect, it } from 'vitest';
import { UnsafePathError } from '@/lib/fs/errors';
import { LayerIndexBuilder } from '@/lib/fs/layer-index-builder';
import type { LayerIndex } from '@/lib/fs/layer-index';
import type { TarHeader } from '@/lib/stream/tar-header';
import { dir, file, hardlink, layer, opaque, symlink, whiteout } from './layer-fixture';

/** Every path of a layer in walk order, with a type letter and markers: "d /usr", "f /a (wh)". */
function listing(index: LayerIndex): string[] {
  return Array.from(index.walk(), (e) => {
    const marks = [e.implicit && 'implicit', e.whiteout && 'wh', e.opaque && 'opq'].filter(Boolean);
    return `${e.type[0]} ${e.path}${marks.length ? ` (${marks.join(',')})` : ''}`;
  });
}

describe('LayerIndex', () => {
  const cases: Array<{ name: string; index: () => LayerIndex; want: string[] }> = [
    {
      name: 'TestIndexSortsChildrenByName',
      index: () => layer(file('b'), dir('a/'), file('a/z'), file('a/B'), file('A')),
      want: ['f /A', 'd /a', 'f /a/B', 'f /a/z', 'f /b'],
    },
    {
      name: 'TestIndexCreatesImplicitParents',
      index: () => layer(file('usr/share/doc/README', 5)),
      want: ['d /usr (implicit)', 'd /usr/share (implicit)', 'd /usr/share/doc (implicit)', 'f /usr/share/doc/README'],
    },
    {
      name: 'TestIndexParentListedAfterChildIsNotImplicit',
      index: () => layer(file('etc/hosts'), dir('etc/')),
      want: ['d /etc', 'f /etc/hosts'],
    },
    {
      name: 'TestIndexRecordsWhiteoutOfFile',
      index: () => layer(dir('etc/'), whiteout('etc/motd')),
      want: ['d /etc', 'f /etc/motd (wh)'],
    },
    {
      name: 'TestIndexRecordsOpaqueDirectory',
      index: () => layer(dir('var/'), opaque('var'), file('var/new')),
      want: ['d /var (opq)', 'f /var/new'],
    },
    {
      name: 'TestIndexWhiteoutAndRecreateInOneLayerIsOpaque',
      index: () => layer(dir('opt/'), file('opt/x'), whiteout('opt')),
      want: ['d /opt (opq)', 'f /opt/x'],
    },
    {
      name: 'TestIndexSkipsAufsMetadata',
      index: () => layer(dir('.wh..wh.plnk/'), file('.wh..wh.plnk/1.2'), file('.wh..wh.orph'), file('kept')),
      want: ['f /kept'],
    },
    {
      name: 'TestIndexDuplicateFileLastWins',
      index: () => layer(file('a', 1), file('a', 7)),
      want: ['f /a'],
    },
    {
      name: 'TestIndexFileReplacingDirDropsItsChildren',
      index: () => layer(dir('a/'), file('a/x'), file('a'), file('b')),
      want: ['f /a', 'f /b'],
    },
    {
      name: 'TestIndexChildBelowFileTurnsItIntoDirectory',
      index: () => layer(file('a'), file('a/x')),
      want: ['d /a (implicit)', 'f /a/x'],
    },
    {
      name: 'TestIndexFileReplacingDirThenNewChildren',
      index: () => layer(dir('a/'), file('a/old'), file('a'), file('a/new')),
      want: ['d /a (implicit)', 'f /a/new'],
    },
    {
      // docker and containerd extract a layer into its own directory and follow its links to place what is below them.
      name: 'TestIndexChildBelowSymlinkGoesWhereTheLinkLeads',
      index: () => layer(dir('usr/'), dir('usr/lib/'), symlink('lib', 'usr/lib'), file('lib/x.so'), file('lib/.wh.old')),
      want: ['s /lib', 'd /usr', 'd /usr/lib', 'f /usr/lib/old (wh)', 'f /usr/lib/x.so'],
    },
    {
      name: 'TestIndexSymlinkTargetsResolveAsTheKernelDoes',
      index: () =>
        layer(
          symlink('out', '/tmp'),
          file('out/abs'),
          dir('a/'),
          symlink('a/up', '../b'),
          file('a/up/rel'),
          symlink('x', 'y'),
          symlink('y', 'z/deep'),
          file('x/chain'),
        ),
      want: [
        'd /a', 's /a/up', 'd /b (implicit)', 'f /b/rel', 's /out', 'd /tmp (implicit)', 'f /tmp/abs', 's /x', 's /y',
        'd /z (implicit)', 'd /z/deep (implicit)', 'f /z/deep/chain',
      ],
    },
    {
      name: 'TestIndexSymlinkReplacedByDirectoryIsNoLongerFollowed',
      index: () => layer(symlink('lib', 'usr/lib'), file('lib/a'), dir('lib/'), file('lib/b')),
      want: ['d /lib', 'f /lib/b', 'd /usr (implicit)', 'd /usr/lib (implicit)', 'f /usr/lib/a'],
    },
    {
      name: 'TestIndexDirectoryReplacedBySymlinkIsFollowed',
      index: () => layer(dir('lib/'), file('lib/a'), symlink('lib', 'usr'), file('lib/b')),
      want: ['s /lib', 'd /usr (implicit)', 'f /usr/b'],
    },
    {
      name: 'TestIndexRootEntryIsNotListed',
      index: () => layer(dir('./'), dir('./bin/')),
      want: ['d /bin'],
    },
  ];
  it.each(cases)('$name', ({ index, want }) => {
    expect(listing(index())).toEqual(want);
  });

  it('keeps the last duplicate entry metadata', () => {
    const index = layer(file('a', 1, { mode: 0o600 }), file('a', 7, { mode: 0o640 }));
    expect(index.lookup('/a')).toMatchObject({ size: 7, mode: 0o640, headerOffset: 1024, dataOffset: 1536 });
  });

  it('answers lookups, children, sizes and filters', () => {
    const index = layer(
      dir('usr/', { uid: 1, gid: 2, uname: 'u', gname: 'g', mtime: 1700000000 }),
      file('usr/bin/env', 100),
      file('usr/bin/sh', 20),
      symlink('usr/bin/bash', 'sh'),
      hardlink('usr/bin/sh2', './usr/bin/sh'),
      file('etc/os-release', 3),
    );
    expect(index.size).toBe(9);
    expect(index.entry(0).path).toBe('/');
    expect(index.lookup('/usr')).toMatchObject({ type: 'directory', uid: 1, gid: 2, uname: 'u', gname: 'g', mtime: 1700000000, implicit: false });
    expect(index.lookup('usr/bin/')?.path).toBe('/usr/bin');
    expect(index.lookup('/nope')).toBeUndefined();
    expect(index.children('/usr/bin').map((e) => e.name)).toEqual(['bash', 'env', 'sh', 'sh2']);
    expect(index.children('/usr/bin/env')).toEqual([]);
    expect(index.lookup('/usr/bin/bash')?.linkpath).toBe('sh');
    expect(index.lookup('/usr/bin/sh2')?.linkpath).toBe('/usr/bin/sh');
    expect(index.totalSize('/')).toBe(123);
    expect(index.totalSize('/usr')).toBe(120);
    expect(index.totalSize('/usr/bin/env')).toBe(100);
    expect(index.filter('bin/s').map((e) => e.path)).toEqual(['/usr/bin/sh', '/usr/bin/sh2']);
    expect(index.filter('BIN/S', { ignoreCase: true, limit: 1 }).map((e) => e.path)).toEqual(['/usr/bin/sh']);
    for (let i = 0; i < index.size; i++) {
      const e = index.entry(i);
      expect(index.indexOf(e.path), `indexOf(${e.path})`).toBe(i);
    }
  });

  it('keeps device numbers of character and block devices', () => {
    const index = layer({ ...file('dev/null'), type: 'char', mode: 0o666, devmajor: 1, devminor: 3 });
    expect(index.lookup('/dev/null')).toMatchObject({ type: 'char', devmajor: 1, devminor: 3 });
  });

  it("keeps the names of an entry's extended attributes (PAX SCHILY.xattr.*), sorted, and no other record", () => {
    const capabilities = { 'SCHILY.xattr.security.capability': '\x01\x00\x00\x02', 'SCHILY.xattr.user.comment': 'hi', mtime: '1.5', 'SCHILY.acl.access': 'user::rw-' };
    const index = layer(
      file('usr/bin/ping', 10, { pax: capabilities }),
      file('etc/plain', 1, { pax: { 'SCHILY.xattr.user.b': 'y', 'SCHILY.xattr.user.a': 'x' } }),
      file('etc/none', 1, { pax: { path: 'etc/none' } }),
      file('etc/again', 1, { pax: { 'SCHILY.xattr.user.old': '1' } }),
      file('etc/again', 2),
    );
    expect(index.lookup('/usr/bin/ping')?.xattrs).toEqual(['security.capability', 'user.comment']);
    expect(index.lookup('/etc/plain')?.xattrs).toEqual(['user.a', 'user.b']);
    // An entry without attributes has no field at all; a path listed again keeps only the last entry's.
    expect(index.lookup('/etc/none')).not.toHaveProperty('xattrs');
    expect(index.lookup('/etc/again')).not.toHaveProperty('xattrs');
  });

  it('resolves symlinks within one layer', () => {
    const index = layer(file('bin/busybox'), symlink('bin/sh', 'busybox'), symlink('sbin', 'bin'));
    expect(index.resolveSymlink('/sbin/sh')).toBe('/bin/busybox');
  });

  it('tells a symlink loop within one layer from a dangling link', () => {
    const index = layer(symlink('loop/a', 'b'), symlink('loop/b', 'a'), symlink('loop/gone', 'nowhere'));
    expect(index.followSymlinks('/loop/a')).toEqual({ nowhere: 'loop' });
    expect(index.followSymlinks('/loop/gone')).toEqual({ nowhere: 'missing' });
    expect(index.resolveSymlink('/loop/a')).toBeUndefined();
  });

  it.each([
    ['an entry climbing out', file('../escape')],
    ['a hardlink climbing out', hardlink('x', '../../etc/shadow')],
    ['a hardlink to an absolute path climbing out', hardlink('x', '/../etc/shadow')],
    ['a whiteout of the parent', file('a/.wh...')],
  ])('refuses %s with the entry offset', (_, bad) => {
    const builder = new LayerIndexBuilder();
    builder.add(dir('a/'));
    let caught: unknown;
    try {
      builder.add({ ...bad, headerOffset: 2048 });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UnsafePathError);
    expect((caught as UnsafePathError).offset).toBe(2048);
    // The refused entry leaves the index as it was.
    expect(listing(builder.finish())).toEqual(['d /a']);
  });

  it.each([
    ['a link that loops', [symlink('l', 'm'), symlink('m', 'l')], file('l/x'), 'more than 40 symlinks'],
    ['a link to a file', [file('etc/passwd'), symlink('p', '../etc/passwd')], file('p/x'), 'to "/etc/passwd", which is not a directory'],
    ['a link with an empty target', [symlink('e', '')], file('e/x'), 'has an empty target'],
    ['a link to a whiteout name', [symlink('w', '.wh.gone')], file('w/x'), 'below a whiteout marker'],
  ])('refuses an entry below %s, and keeps the index as it was', (_, before, bad, why) => {
    const builder = new LayerIndexBuilder();
    for (const entry of before) builder.add(entry);
    const want = listing(layer(...before));
    let caught: unknown;
    try {
      builder.add(bad);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UnsafePathError);
    expect((caught as UnsafePathError).message).toContain(why);
    const belowWhiteout = why.includes('whiteout');
    expect((caught as UnsafePathError).reason).toBe(belowWhiteout ? 'below-whiteout' : 'through-symlink');
    expect((caught as UnsafePathError).suggestion).toContain(belowWhiteout ? 'cannot hold entries' : 'docker and containerd fail on this layer too');
    expect(listing(builder.finish())).toEqual(want);
  });

  it('reads absolute entries and hardlink targets under the root, as docker extracts them', () => {
    const index = layer(file('/abs/absolute.txt', 3), hardlink('/abs/link', '/abs/absolute.txt'), hardlink('rel-link', '/abs/./absolute.txt'));
    expect(listing(index)).toEqual(['d /abs (implicit)', 'f /abs/absolute.txt', 'h /abs/link', 'h /rel-link']);
    expect(index.lookup('/abs/link')?.linkpath).toBe('/abs/absolute.txt');
    expect(index.lookup('/rel-link')?.linkpath).toBe('/abs/absolute.txt');
  });

  it.each([
    ['an entry climbing out', file('../escape'), 'outside its root'],
    ['a whiteout of nothing', file('etc/.wh.'), 'names no entry'],
    ['an entry below a whiteout', file('.wh.a/f'), 'cannot hold entries'],
  ])('gives %s its own hint', (_, bad, hint) => {
    let caught: unknown;
    try {
      new LayerIndexBuilder().add(bad);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UnsafePathError);
    expect((caught as UnsafePathError).suggestion).toContain(hint);
  });

  it('accepts the tar reader headers as they are', () => {
    const header: TarHeader = {
      path: './etc/hostname',
      type: 'file',
      typeflag: '0',
      mode: 0o644,
      uid: 0,
      gid: 0,
      uname: '',
      gname: '',
      size: 9,
      mtime: 0,
      headerOffset: 1536,
      recordOffset: 1024,
      dataOffset: 2048,
    };
    const builder = new LayerIndexBuilder();
    builder.add(header);
    expect(builder.finish().lookup('/etc/hostname')).toMatchObject({ size: 9, headerOffset: 1536, dataOffset: 2048 });
  });

  it('cannot be added to after finish', () => {
    const builder = new LayerIndexBuilder();
    builder.finish();
    expect(() => builder.add(file('x'))).toThrow();
  });
});
