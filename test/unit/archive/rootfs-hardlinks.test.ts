// Hard links in the flattened rootfs beyond links to regular files: a link to
// a symlink is kept as a link (Linux and docker allow it), and links no
// filesystem can hold (to a directory, to itself, a cycle) are left out and
// each named with its own reason. GNU tar extracts the result without error.
import { lstatSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { flattenRootfs } from '@/lib/archive/rootfs';
import { type TarInput, tarStream } from '@/lib/archive/tar-writer';
import { mergeLayers } from '@/lib/fs/overlay';
import { collect, indexLayerTar, run, tarHeaders } from './archive-helpers';

const text = (s: string) => new TextEncoder().encode(s);
const file = (path: string, content: string): TarInput => ({ entry: { path, type: 'file', mode: 0o644, size: text(content).length, mtime: 200 }, content: text(content) });
const dir = (path: string): TarInput => ({ entry: { path, type: 'directory', mode: 0o755, mtime: 100 } });
const symlink = (path: string, target: string): TarInput => ({ entry: { path, type: 'symlink', mode: 0o777, linkpath: target, mtime: 200 } });
const hardlink = (path: string, target: string): TarInput => ({ entry: { path, type: 'hardlink', linkpath: target, mtime: 200 } });
const whiteout = (name: string): TarInput => ({ entry: { path: `.wh.${name}`, type: 'file', mode: 0, size: 0, mtime: 200 }, content: new Uint8Array() });

const LAYERS: TarInput[][] = [
  [file('a.txt', 'AAAA\n'), dir('d'), symlink('s', '/etc/passwd'), symlink('gone', 'target-of-gone')],
  [
    hardlink('hl-s', 's'),
    hardlink('hl-gone', 'gone'),
    hardlink('hl-d', 'd'),
    hardlink('hl-self', 'hl-self'),
    hardlink('ping', 'pong'),
    hardlink('pong', 'ping'),
    hardlink('hl-none', 'nowhere'),
  ],
  [whiteout('gone')],
];

const work = mkdtempSync(join(tmpdir(), 'rootfs-hardlinks-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function flattened() {
  const tars = await Promise.all(LAYERS.map((inputs) => collect(tarStream(inputs))));
  const indexes = tars.map(indexLayerTar);
  const rootfs = flattenRootfs({ tree: mergeLayers(indexes), openLayerTar: (layer) => new Blob([tars[layer] as BlobPart]).stream() });
  return { rootfs, archive: await collect(rootfs.readable) };
}

const headers = tarHeaders;

describe('flattened rootfs hard links that do not name a regular file', () => {
  it('keeps a hard link to a symlink as a tar hard link to the symlink, which GNU tar extracts as the same inode', async () => {
    const { archive } = await flattened();
    const hs = headers(archive);
    expect(hs.find((h) => h.path === 'hl-s')).toMatchObject({ type: 'hardlink', linkpath: 's' });
    expect(hs.findIndex((h) => h.path === 's')).toBeLessThan(hs.findIndex((h) => h.path === 'hl-s'));
    // The symlink it shares was deleted above: the link itself becomes that symlink.
    expect(hs.find((h) => h.path === 'hl-gone')).toMatchObject({ type: 'symlink', linkpath: 'target-of-gone' });
    writeFileSync(join(work, 'rootfs.tar'), archive);
    const into = join(work, 'extract');
    mkdirSync(into);
    run('tar', ['-xf', join(work, 'rootfs.tar'), '-C', into]);
    expect(lstatSync(join(into, 'hl-s')).ino).toBe(lstatSync(join(into, 's')).ino);
    expect(readlinkSync(join(into, 'hl-s'))).toBe('/etc/passwd');
    expect(readlinkSync(join(into, 'hl-gone'))).toBe('target-of-gone');
  });

  it('leaves out links to a directory, to themselves and in a cycle, and says why for each', async () => {
    const { rootfs, archive } = await flattened();
    const written = new Set(headers(archive).map((h) => h.path));
    for (const path of ['hl-d', 'hl-self', 'ping', 'pong', 'hl-none']) expect(written.has(path), `${path} written`).toBe(false);
    const byPath = Object.fromEntries(rootfs.warnings.map((w) => [w.path, w]));
    expect(byPath['/hl-d']).toMatchObject({ kind: 'hardlink-to-directory', message: expect.stringContaining('directory') });
    expect(byPath['/hl-self']).toMatchObject({ kind: 'hardlink-cycle', message: expect.stringContaining('leads back to itself') });
    expect(byPath['/ping']).toMatchObject({ kind: 'hardlink-cycle' });
    expect(byPath['/pong']).toMatchObject({ kind: 'hardlink-cycle' });
    expect(byPath['/hl-none']).toMatchObject({ kind: 'hardlink-unresolved', message: expect.stringContaining('nowhere') });
    expect(rootfs.warnings).toHaveLength(5);
  });
});
