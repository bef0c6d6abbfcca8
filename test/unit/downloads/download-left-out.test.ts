// A download that saves less than the whole image says so after the save:
// the flattened rootfs hands its left-out entries to the panel, and the
// panel lists each one with its reason beside "saved".
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DownloadProgress } from '@/components/downloads/download-progress';
import { rootfsDownload, type ArchiveContext } from '@/components/downloads/image-archives';
import type { DownloadStatus } from '@/components/downloads/use-download';
import { tarStream, type TarInput } from '@/lib/archive/tar-writer';
import { mergeLayers } from '@/lib/fs/overlay';
import { collect, indexLayerTar } from '../archive/archive-helpers';

async function contextOf(inputs: TarInput[]): Promise<ArchiveContext> {
  const tar = await collect(tarStream(inputs));
  const merged = mergeLayers([indexLayerTar(tar)]);
  return { layers: { merged } } as unknown as ArchiveContext;
}

const render = (status: DownloadStatus) => renderToStaticMarkup(createElement(DownloadProgress, { status, onCancel: () => undefined }));

describe('a download that leaves entries out', () => {
  it('hands the flattened rootfs its left-out entries, each with its reason', async () => {
    const ctx = await contextOf([
      { entry: { path: 'd', type: 'directory', mode: 0o755 } },
      { entry: { path: 'hl-d', type: 'hardlink', linkpath: 'd' } },
      { entry: { path: 'hl-self', type: 'hardlink', linkpath: 'hl-self' } },
    ]);
    const prepared = rootfsDownload(ctx);
    await prepared.stream.cancel();
    expect(prepared.leftOut?.map((e) => e.path)).toEqual(['/hl-d', '/hl-self']);
    expect(prepared.leftOut?.[0].message).toMatch(/^\/hl-d: hard link left out: it links the directory \/d, which no filesystem allows$/);
  });

  it('lists them after the save instead of a plain "saved"', () => {
    const html = render({
      kind: 'done',
      label: 'Flattened rootfs',
      name: 'app-rootfs.tar',
      bytes: 3072,
      leftOut: [
        { path: '/hl-d', message: '/hl-d: hard link left out: it links the directory /d, which no filesystem allows' },
        { path: '/hl-self', message: '/hl-self: hard link left out: it links /hl-self, a chain of hard links that leads back to itself, which no filesystem allows' },
      ],
    });
    expect(html).toContain('saved app-rootfs.tar (3 KiB) without 2 entries of the image');
    expect(html).not.toContain('✓');
    expect(html).toContain('data-testid="download-left-out"');
    expect(html).toContain("/hl-d: hard link left out: it links the directory /d");
    expect(html).toContain('/hl-self: hard link left out');
  });

  it('says plainly "saved" when nothing was left out', () => {
    const html = render({ kind: 'done', label: 'Flattened rootfs', name: 'app-rootfs.tar', bytes: 3072, leftOut: [] });
    expect(html).toContain('✓ Flattened rootfs: saved app-rootfs.tar');
    expect(html).not.toContain('download-left-out');
  });
});
