// The flattened rootfs: layers built in code (whiteouts, an opaque directory,
// hardlinks whose file a higher layer replaces or deletes), indexed and
// merged by lib/fs, flattened, then extracted by GNU tar and compared with
// the tree the layers should give.
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flattenRootfs, type FlattenedRootfs } from '@/lib/archive/rootfs';
import { type TarInput, tarStream } from '@/lib/archive/tar-writer';
import { mergeLayers } from '@/lib/fs/overlay';
import { collect, indexLayerTar, run, sha256Hex, streamOf, tarHeaders } from './archive-helpers';

const text = (s: string) => new TextEncoder().encode(s);
const LONG_DIR = `${'deep/'.repeat(25)}end`; // 128 bytes
const UTF8_NAME = 'etc/grüße-日本.conf';

const dir = (path: string, mode = 0o755, mtime = 100): TarInput => ({ entry: { path, type: 'directory', mode, mtime } });
const file = (path: string, content: string, extra: object = {}): TarInput => ({
  entry: { path, type: 'file', mode: 0o644, size: text(content).length, mtime: 200, ...extra },
  content: text(content),
});
const hardlink = (path: string, target: string): TarInput => ({ entry: { path, type: 'hardlink', linkpath: target, mtime: 200 } });
const symlink = (path: string, target: string): TarInput => ({ entry: { path, type: 'symlink', mode: 0o777, linkpath: target, mtime: 200 } });
const marker = (path: string): TarInput => file(path, '', { mode: 0 });

/** The layers, bottom first: what each adds, changes and deletes. */
const LAYERS: TarInput[][] = [
  [
    dir('bin'),
    file('bin/busybox', 'busybox binary\n', { mode: 0o4755 }),
    hardlink('bin/sh', 'bin/busybox'),
    hardlink('bin/ls', 'bin/busybox'),
    dir('dev'),
    { entry: { path: 'dev/initctl', type: 'fifo', mode: 0o600, mtime: 200 } },
    { entry: { path: 'dev/console', type: 'char', mode: 0o600, devmajor: 5, devminor: 1, mtime: 200 } },
    dir('etc'),
    file('etc/passwd', 'root:x:0:0::/root:/bin/sh\n'),
    file('etc/motd', 'old motd\n'),
    file('lib/libfoo.so.1', 'foo library\n', { uid: 1000, gid: 1000, uname: 'builder', gname: 'builder' }),
    symlink('lib/libfoo.so', 'libfoo.so.1'),
    file('usr/share/doc/README', 'to be whited out\n'),
    file('var/cache/a', 'hidden by opaque\n'),
    file('var/cache/b', 'hidden by opaque\n'),
    file('opt/data/keep.txt', 'removed with its directory\n'),
    file('hl-target', 'content of a deleted link target\n'),
    hardlink('keep-link', 'hl-target'),
    file('replaced', 'version 0\n'),
    hardlink('rl1', 'replaced'),
    hardlink('rl2', 'replaced'),
    file(`${LONG_DIR}/file.txt`, 'deep file\n'),
  ],
  [
    dir('etc', 0o700, 300),
    file('etc/motd', 'new motd\n'),
    marker('usr/share/doc/.wh.README'),
    marker('var/cache/.wh..wh..opq'),
    file('var/cache/c', 'kept: same layer as the opaque marker\n'),
    marker('.wh.hl-target'),
    marker('opt/.wh.data'),
  ],
  [file('replaced', 'version 2\n'), hardlink('bin/extra', 'bin/busybox'), file(UTF8_NAME, 'grüße\n'), hardlink('dangling', 'nowhere')],
  // Nothing of this layer survives: it must not even be opened.
  [file('tmp/scratch', 'deleted above\n')],
  [marker('tmp/.wh.scratch')],
];

interface Built {
  tars: Uint8Array[];
  opened: number[];
  flatten: () => FlattenedRootfs;
}

async function build(): Promise<Built> {
  const tars = await Promise.all(LAYERS.map((inputs) => collect(tarStream(inputs))));
  const indexes = tars.map(indexLayerTar);
  const tree = mergeLayers(indexes);
  const opened: number[] = [];
  // Odd chunk sizes so entries and blocks straddle chunk boundaries.
  const chunked = (bytes: Uint8Array) => streamOf(...Array.from({ length: Math.ceil(bytes.length / 777) }, (_, i) => bytes.subarray(i * 777, (i + 1) * 777)));
  const flatten = () =>
    flattenRootfs({
      tree,
      openLayerTar: (layer) => {
        opened.push(layer);
        return chunked(tars[layer]);
      },
    });
  return { tars, opened, flatten };
}

/** `path kind details` for every entry under a directory, sorted: what the extracted rootfs looks like. */
function describeTree(root: string): string[] {
  const out: string[] = [];
  const inodes = new Map<number, string>();
  const walk = (rel: string) => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(root, path));
      const mode = (st.mode & 0o7777).toString(8);
      const owner = `${st.uid}:${st.gid}`;
      if (st.isDirectory()) {
        out.push(`${path}/ dir ${mode} ${owner}`);
        walk(path);
      } else if (st.isSymbolicLink()) {
        out.push(`${path} -> ${readlinkSync(join(root, path))}`);
      } else if (st.isFIFO()) {
        out.push(`${path} fifo ${mode}`);
      } else {
        const first = inodes.get(st.ino);
        if (first === undefined) inodes.set(st.ino, path);
        const content = readFileSync(join(root, path), 'utf8');
        out.push(`${path} file ${mode} ${owner} ${JSON.stringify(content)}${first ? ` same-inode-as ${first}` : ''}`);
      }
    }
  };
  walk('');
  return out;
}

const deepDirs = LONG_DIR.split('/').map((_, i, parts) => `${parts.slice(0, i + 1).join('/')}/ dir 755 0:0`);

const EXPECTED_TREE = [
  'bin/ dir 755 0:0',
  'bin/busybox file 4755 0:0 "busybox binary\\n"',
  'bin/extra file 4755 0:0 "busybox binary\\n" same-inode-as bin/busybox',
  'bin/ls file 4755 0:0 "busybox binary\\n" same-inode-as bin/busybox',
  'bin/sh file 4755 0:0 "busybox binary\\n" same-inode-as bin/busybox',
  ...deepDirs.slice(0, -1),
  `${LONG_DIR}/ dir 755 0:0`,
  `${LONG_DIR}/file.txt file 644 0:0 "deep file\\n"`,
  'dev/ dir 755 0:0',
  'dev/initctl fifo 600',
  'etc/ dir 700 0:0',
  'etc/grüße-日本.conf file 644 0:0 "grüße\\n"',
  'etc/motd file 644 0:0 "new motd\\n"',
  'etc/passwd file 644 0:0 "root:x:0:0::/root:/bin/sh\\n"',
  'keep-link file 644 0:0 "content of a deleted link target\\n"',
  'lib/ dir 755 0:0',
  'lib/libfoo.so -> libfoo.so.1',
  'lib/libfoo.so.1 file 644 1000:1000 "foo library\\n"',
  'opt/ dir 755 0:0',
  'replaced file 644 0:0 "version 2\\n"',
  'rl1 file 644 0:0 "version 0\\n"',
  'rl2 file 644 0:0 "version 0\\n" same-inode-as rl1',
  'tmp/ dir 755 0:0',
  'usr/ dir 755 0:0',
  'usr/share/ dir 755 0:0',
  'usr/share/doc/ dir 755 0:0',
  'var/ dir 755 0:0',
  'var/cache/ dir 755 0:0',
  'var/cache/c file 644 0:0 "kept: same layer as the opaque marker\\n"',
];

let work: string;
let built: Built;
let rootfs: FlattenedRootfs;
let archive: Uint8Array;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'rootfs-'));
  built = await build();
  rootfs = built.flatten();
  archive = await collect(rootfs.readable);
  writeFileSync(join(work, 'rootfs.tar'), archive);
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const headers = tarHeaders;

describe('flattened rootfs, extracted by GNU tar', () => {
  it('gives the merged tree: whiteouts and opaque directories applied, contents, modes, owners and links kept', () => {
    const into = join(work, 'extract');
    mkdirSync(into);
    // Device nodes need CAP_MKNOD, which a container may lack: checked from the headers below.
    run('tar', ['-xf', join(work, 'rootfs.tar'), '-C', into, '--same-owner', '--same-permissions', '--exclude=dev/console']);
    const sort = (lines: string[]) => [...lines].sort();
    expect(sort(describeTree(into))).toEqual(sort(EXPECTED_TREE));
  });

  it('is listed by `tar -tvf` without complaint', () => {
    const listing = run('tar', ['-tvf', join(work, 'rootfs.tar')]);
    expect(listing.trimEnd().split('\n')).toHaveLength(headers(archive).length);
    expect(listing).toMatch(/crw------- 0\/0 +5,1 .* dev\/console/);
  });
});

describe('flattened rootfs order and content', () => {
  it('writes no whiteout entries', () => {
    const whiteouts = headers(archive).filter((h) => h.path.split('/').some((c) => c.startsWith('.wh.')));
    expect(whiteouts.map((h) => h.path)).toEqual([]);
  });

  it('writes every directory first, parents before children, and again last, children before parents', () => {
    const types = headers(archive).map((h) => h.type);
    const firstNonDir = types.findIndex((t) => t !== 'directory');
    const lastNonDir = types.findLastIndex((t) => t !== 'directory');
    expect(types.slice(firstNonDir, lastNonDir + 1).filter((t) => t === 'directory')).toEqual([]);
    const dirs = headers(archive).slice(0, firstNonDir).map((h) => h.path);
    for (const [i, d] of dirs.entries()) {
      const parent = d.slice(0, d.slice(0, -1).lastIndexOf('/') + 1);
      if (parent) expect(dirs.indexOf(parent), `parent of ${d} comes after it`).toBeLessThan(i);
    }
    expect(headers(archive).slice(lastNonDir + 1).map((h) => h.path)).toEqual(dirs.toReversed());
  });

  it('writes no root entry when no layer listed one', () => {
    expect(headers(archive).filter((h) => h.path === './' || h.path === '/')).toEqual([]);
  });

  it('points every hardlink at a regular file written before it', () => {
    const seen = new Map<string, string>();
    for (const h of headers(archive)) {
      if (h.type === 'hardlink') expect(seen.get(h.linkpath ?? ''), `${h.path} -> ${h.linkpath}`).toBe('file');
      seen.set(h.path, h.type);
    }
  });

  it('keeps device numbers and owner names from the layer headers', () => {
    const console = headers(archive).find((h) => h.path === 'dev/console');
    expect(console).toMatchObject({ type: 'char', devmajor: 5, devminor: 1, mode: 0o600 });
    expect(headers(archive).find((h) => h.path === 'lib/libfoo.so.1')).toMatchObject({ uname: 'builder', uid: 1000 });
  });

  it('reports the hardlink whose file never existed, and leaves it out', () => {
    expect(rootfs.warnings).toEqual([expect.objectContaining({ kind: 'hardlink-unresolved', path: '/dangling' })]);
    expect(headers(archive).some((h) => h.path === 'dangling')).toBe(false);
  });

  it('opens each layer with surviving entries once, in order, and never the others', () => {
    expect(built.opened).toEqual([0, 1, 2]);
  });

  it('counts its entries and content bytes up front', () => {
    const hs = headers(archive);
    expect(rootfs.entries).toBe(hs.length);
    expect(rootfs.contentBytes).toBe(hs.reduce((n, h) => n + h.size, 0));
  });

  it('writes the same bytes every time', async () => {
    const again = await collect(built.flatten().readable);
    expect(sha256Hex(again)).toBe(sha256Hex(archive));
  });
});
