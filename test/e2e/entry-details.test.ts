/**
 * What the page says of an entry beyond its mode, size and time, as
 * `tar -tvv` and `getfattr` tell it: a device's major and minor numbers,
 * the owner's names beside the numbers, and the names of its extended
 * attributes, file capabilities called so. The layer is written by the
 * app's own tar encoder (devices, names and PAX xattr records).
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { encodeTarHeader, paddingLength, tarEndMarker, type TarWriterEntry } from '@/lib/archive/tar-encode';
import { useBrowser } from '../support/use-browser';
import { loadTestBed } from '../support/test-bed';
import { gzipLayer, imageConfig, pushImage } from '../support/hostile-images';

const bed = loadTestBed();
const appUrl = inject('appUrl');
const browserOf = useBrowser();
const image = `${bed.anonymous.host}/test/entry-details:v1`;
const MTIME = Date.UTC(2024, 0, 1) / 1000;

/** A tar of these entries, each file holding `content`. */
function tarOf(entries: ReadonlyArray<TarWriterEntry & { content?: string }>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const { content, ...entry } of entries) {
    const bytes = new TextEncoder().encode(content ?? '');
    parts.push(encodeTarHeader({ mtime: MTIME, ...entry, size: bytes.length }), bytes, new Uint8Array(paddingLength(bytes.length)));
  }
  parts.push(tarEndMarker());
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

const root = { uid: 0, gid: 0, uname: 'root', gname: 'root' };

beforeAll(async () => {
  const layer = gzipLayer(
    tarOf([
      { path: 'dev/', type: 'directory', ...root },
      { path: 'dev/null', type: 'char', mode: 0o666, devmajor: 1, devminor: 3, ...root },
      { path: 'dev/sda', type: 'block', mode: 0o660, devmajor: 8, devminor: 0, uid: 0, gid: 6, uname: 'root', gname: 'disk' },
      { path: 'home/', type: 'directory', ...root },
      { path: 'home/notes.txt', type: 'file', mode: 0o644, uid: 65534, gid: 65534, uname: 'nobody', gname: 'nogroup', content: 'notes\n' },
      { path: 'home/numbers.txt', type: 'file', mode: 0o644, uid: 1000, gid: 1000, content: 'no names\n' },
      {
        path: 'home/ping',
        type: 'file',
        mode: 0o755,
        ...root,
        content: '#!/bin/sh\n',
        pax: { 'SCHILY.xattr.security.capability': '\u0001\u0000\u0000\u0002\u0000\u0020', 'SCHILY.xattr.user.origin': 'build' },
      },
    ]),
  );
  await pushImage(bed.anonymous.host, 'test/entry-details', 'v1', { layers: [layer], config: imageConfig([layer.diffId]) });
});

/** A new page on `at` of the merged filesystem, its viewer open. */
async function openAt(at: string): Promise<Page> {
  const page = await browserOf().newPage();
  await page.goto(`${appUrl}/?${new URLSearchParams({ image, layer: 'merged', path: at })}`);
  await page.locator(`[data-testid="file-viewer"][data-path="${at}"]`).getByTestId('file-metadata').waitFor();
  return page;
}

const rowOf = (page: Page, at: string) => page.locator(`[data-testid="tree-row"][data-path="${at}"]`);

describe("an entry's details", () => {
  it("shows a device's major and minor numbers and its owner's names, as tar -tvv lists them", async () => {
    const page = await openAt('/dev/null');
    expect(await page.getByTestId('file-metadata').textContent()).toContain('crw-rw-rw- root/root (0:0) character device 1,3 2024-01-01 00:00:00');
    // In the tree the numbers sit where a size would, as in `tar -tv`; the row's description says them too.
    expect(await rowOf(page, '/dev/null').getByTestId('row-size').textContent()).toBe('1,3');
    expect(await rowOf(page, '/dev/null').getAttribute('aria-description')).toContain('character device 1,3');
    expect(await rowOf(page, '/dev/sda').getByTestId('row-size').textContent()).toBe('8,0');
    await rowOf(page, '/dev/sda').click();
    await page.locator('[data-testid="file-viewer"][data-path="/dev/sda"]').waitFor();
    expect(await page.getByTestId('file-metadata').textContent()).toContain('brw-rw---- root/disk (0:6) block device 8,0');
    await page.close();
  });

  it("shows the owner's names beside the numbers, and the numbers alone when the tar names no one", async () => {
    const page = await openAt('/home/notes.txt');
    expect(await page.getByTestId('file-metadata').textContent()).toContain('-rw-r--r-- nobody/nogroup (65534:65534) 6 bytes');
    const owner = rowOf(page, '/home/notes.txt').getByTestId('row-owner');
    expect([await owner.textContent(), await owner.getAttribute('title')]).toEqual(['65534:65534', 'nobody/nogroup (65534:65534)']);
    expect(await rowOf(page, '/home/notes.txt').getAttribute('aria-description')).toContain('nobody/nogroup (65534:65534)');
    await rowOf(page, '/home/numbers.txt').click();
    await page.locator('[data-testid="file-viewer"][data-path="/home/numbers.txt"]').waitFor();
    expect(await page.getByTestId('file-metadata').textContent()).toContain('-rw-r--r-- 1000:1000 9 bytes');
    expect(await page.getByTestId('file-xattrs').count()).toBe(0);
    await page.close();
  });

  it('names the extended attributes a file has, file capabilities called so', async () => {
    const page = await openAt('/home/ping');
    expect(await page.getByTestId('file-xattrs').textContent()).toBe('Extended attributes security.capability (file capabilities), user.origin');
    expect(await rowOf(page, '/home/ping').getAttribute('aria-description')).toContain('extended attributes security.capability (file capabilities), user.origin');
    await page.close();
  });
});
