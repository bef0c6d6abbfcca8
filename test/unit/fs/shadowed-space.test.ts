import { describe, expect, it } from 'vitest';
import type { LayerEntryInput } from '@/lib/fs/entry';
import { mergeLayers } from '@/lib/fs/overlay';
import { shadowedSpace } from '@/lib/fs/shadowed-space';
import { dir, file, hardlink, layer, opaque, whiteout } from './layer-fixture';

const merge = (...layers: LayerEntryInput[][]) => mergeLayers(layers.map((entries) => layer(...entries)));

describe('shadowedSpace', () => {
  it('counts the lower-layer files a higher layer replaced, deleted or hid under an opaque directory, largest first', () => {
    const tree = merge(
      [dir('opt/'), file('opt/big', 5000), file('opt/keep', 7), dir('var/'), file('var/a', 300), dir('etc/'), file('etc/conf', 40)],
      [whiteout('opt/big'), dir('var/'), opaque('var'), file('var/b', 2), dir('etc/'), file('etc/conf', 41)],
      [dir('etc/'), file('etc/conf', 42)],
    );
    const space = shadowedSpace(tree);
    expect(space.layerBytes).toBe(5000 + 7 + 300 + 40 + 2 + 41 + 42);
    expect(space.shadowedBytes).toBe(5000 + 300 + 40 + 41);
    expect(space.shadowedFiles).toBe(4);
    expect(space.largest).toEqual([
      { path: '/opt/big', layer: 0, size: 5000, hiddenBy: 1, reason: 'whiteout' },
      { path: '/var/a', layer: 0, size: 300, hiddenBy: 1, reason: 'opaque' },
      { path: '/etc/conf', layer: 1, size: 41, hiddenBy: 2, reason: 'replaced' },
      { path: '/etc/conf', layer: 0, size: 40, hiddenBy: 1, reason: 'replaced' },
    ]);
    // What the layers ship is what the container sees plus what was hidden.
    expect(space.layerBytes - space.shadowedBytes).toBe(tree.totalSize('/'));
  });

  it('lists only the largest, but counts them all', () => {
    const tree = merge([dir('d/'), file('d/a', 1), file('d/b', 3), file('d/c', 2)], [whiteout('d')]);
    const space = shadowedSpace(tree, 2);
    expect(space.largest.map((f) => f.path)).toEqual(['/d/b', '/d/c']);
    expect(space).toMatchObject({ shadowedBytes: 6, shadowedFiles: 3 });
  });

  it('does not count a deleted file whose bytes a hard link still shares', () => {
    const tree = merge([dir('bin/'), file('bin/tool', 900)], [dir('usr/'), hardlink('usr/tool', 'bin/tool')], [dir('bin/'), whiteout('bin/tool')]);
    expect(Array.from(tree.hiddenEntries(), (e) => e.path)).toEqual(['/bin/tool']);
    expect(shadowedSpace(tree)).toMatchObject({ shadowedBytes: 0, shadowedFiles: 0, largest: [] });
  });

  it('counts a sparse file at the bytes its layer stores, not at its size with the holes', () => {
    // A 12 MiB disk image of which the tar stores 128 KiB, replaced by a small file; a plain file beside it.
    const image = file('var/disk.img', 12 * 1024 * 1024, { sparse: { stored: 128 * 1024 } });
    const tree = merge([dir('var/'), image, file('var/log', 35)], [dir('var/'), file('var/disk.img', 5), whiteout('var/log')]);
    const space = shadowedSpace(tree);
    expect(space.layerBytes).toBe(128 * 1024 + 35 + 5);
    expect(space.shadowedBytes).toBe(128 * 1024 + 35);
    expect(space.largest).toEqual([
      { path: '/var/disk.img', layer: 0, size: 128 * 1024, apparentSize: 12 * 1024 * 1024, hiddenBy: 1, reason: 'replaced' },
      { path: '/var/log', layer: 0, size: 35, hiddenBy: 1, reason: 'whiteout' },
    ]);
  });

  it('finds nothing to count in an image whose layers only add', () => {
    const tree = merge([dir('a/'), file('a/x', 10)], [dir('b/'), file('b/y', 20)]);
    expect(shadowedSpace(tree)).toEqual({ layerBytes: 30, shadowedBytes: 0, shadowedFiles: 0, largest: [] });
  });
});
