// Metadata through the flattened rootfs that extraction alone shows: the
// exact nanosecond mtimes of PAX headers, as Python's tarfile reads the
// records and as GNU tar sets them on the files it extracts, and the
// mtimes and attributes of directories that files of every layer are
// written into, the root's included.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flattenRootfs } from '@/lib/archive/rootfs';
import { type TarInput, tarStream } from '@/lib/archive/tar-writer';
import { mergeLayers } from '@/lib/fs/overlay';
import { collect, indexLayerTar, run, streamOf } from './archive-helpers';

const text = (s: string) => new TextEncoder().encode(s);

const NANOSECONDS = '1700000000.123456789';

/** A file whose layer header holds a PAX mtime record with this exact text (its ustar field the whole seconds). */
const timedFile = (path: string, mtime: string): TarInput => ({
  entry: { path, type: 'file', size: 2, mtime: Math.floor(Number(mtime)), pax: { mtime } },
  content: text('x\n'),
});

const dir = (path: string, mtime: number, pax?: Record<string, string>): TarInput => ({
  entry: { path, type: 'directory', mode: 0o755, mtime, ...(pax ? { pax } : {}) },
});

const LAYERS: TarInput[][] = [
  [
    dir('etc', 1000, { mtime: '1000.000000007', 'SCHILY.xattr.user.origin': 'base' }),
    timedFile('etc/nanos', NANOSECONDS),
    timedFile('etc/linked', '1600000000.000000001'),
    { entry: { path: 'etc/link', type: 'hardlink', linkpath: 'etc/linked' } },
    dir('usr', 2000),
    dir('usr/lib', 2100),
    timedFile('usr/lib/a.so', '1'),
  ],
  // Files of an upper layer written into the lower layer's directories; a directory listed here only; the root.
  [
    { entry: { path: './', type: 'directory', mode: 0o750, uid: 7, gid: 8, mtime: 4000 } },
    timedFile('etc/hosts', '1'),
    timedFile('usr/lib/b.so', '1'),
    dir('var', 3000),
    timedFile('var/log', '1'),
  ],
  // A root-level file written after the layer that listed the root.
  [timedFile('top', '1')],
];

/** Each member's PAX mtime record, as Python's tarfile reads it. */
const PYTHON_MTIMES = `
import json, sys, tarfile
with tarfile.open(sys.argv[1]) as tar:
    print(json.dumps({m.name: m.pax_headers.get('mtime') for m in tar}))
`;

/** st_mtime_ns of paths under a directory. */
const PYTHON_STAT = `
import json, os, sys
print(json.dumps({p: str(os.lstat(os.path.join(sys.argv[1], p)).st_mtime_ns) for p in sys.argv[2:]}))
`;

let work: string;
let tarFile: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'rootfs-metadata-'));
  const tars = await Promise.all(LAYERS.map((inputs) => collect(tarStream(inputs))));
  const rootfs = flattenRootfs({ tree: mergeLayers(tars.map(indexLayerTar)), openLayerTar: (l) => streamOf(tars[l]) });
  tarFile = join(work, 'rootfs.tar');
  writeFileSync(tarFile, await collect(rootfs.readable));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('flattened rootfs mtimes', () => {
  it('copies a PAX mtime with the very digits of its layer header', () => {
    const mtimes = JSON.parse(run('python3', ['-c', PYTHON_MTIMES, tarFile])) as Record<string, string | null>;
    expect(mtimes['etc/nanos']).toBe(NANOSECONDS);
    expect(mtimes['etc/linked']).toBe('1600000000.000000001');
  });

  it('gives the extracted files the nanoseconds of their layer', () => {
    const into = join(work, 'extract');
    mkdirSync(into);
    run('tar', ['-xpf', tarFile, '-C', into]);
    const stat = JSON.parse(run('python3', ['-c', PYTHON_STAT, into, 'etc/nanos', 'etc/linked'])) as Record<string, string>;
    expect(stat).toEqual({ 'etc/nanos': '1700000000123456789', 'etc/linked': '1600000000000000001' });
  });
});

describe('flattened rootfs directories', () => {
  it('keep their layer\'s mtime through GNU tar, whichever layers wrote files into them', () => {
    const into = join(work, 'directories');
    mkdirSync(into);
    run('tar', ['-xpf', tarFile, '-C', into]);
    const stat = JSON.parse(run('python3', ['-c', PYTHON_STAT, into, 'etc', 'usr', 'usr/lib', 'var'])) as Record<string, string>;
    expect(stat).toEqual({ etc: '1000000000007', usr: '2000000000000', 'usr/lib': '2100000000000', var: '3000000000000' });
  });

  it('give the root the mode, owner and mtime a layer listed for `./`', () => {
    const into = join(work, 'root');
    mkdirSync(into);
    run('tar', ['-xpf', tarFile, '-C', into]);
    const root = run('python3', ['-c', 'import os, sys; s = os.lstat(sys.argv[1]); print(oct(s.st_mode & 0o7777), s.st_uid, s.st_gid, s.st_mtime_ns)', into]);
    expect(root.trim()).toBe('0o750 7 8 4000000000000');
  });

  it('keep their extended attributes', () => {
    const into = join(work, 'attributes');
    mkdirSync(into);
    run('tar', ['--xattrs', '--xattrs-include=*', '-xpf', tarFile, '-C', into]);
    const value = run('python3', ['-c', 'import os, sys; print(os.getxattr(sys.argv[1], "user.origin").decode())', join(into, 'etc')]);
    expect(value.trim()).toBe('base');
  });
});
