import { describe, expect, it } from 'vitest';
import type { LayerEntryInput } from '@/lib/fs/entry';
import { entryAsOf } from '@/lib/fs/entry-as-of';
import { layerChanges } from '@/lib/fs/layer-changes';
import { mergeLayers } from '@/lib/fs/overlay';
import { dir, file, layer, opaque, symlink, whiteout } from './layer-fixture';

const layers = [
  [dir('etc/'), file('etc/conf', 40), file('etc/gone', 5), dir('opt/'), dir('opt/app/'), file('opt/app/a', 100), file('opt/app/b', 200), dir('var/'), file('var/x', 7), file('was-file', 3), dir('was-dir/'), file('was-dir/inner', 9)],
  [dir('etc/'), file('etc/conf', 41), file('etc/new', 6), whiteout('etc/gone'), whiteout('opt/app'), dir('var/'), opaque('var'), file('var/y', 2), dir('was-file/'), file('was-dir', 1), symlink('etc/link', 'conf'), whiteout('etc/never-was')],
].map((entries: LayerEntryInput[]) => layer(...entries));
const tree = mergeLayers(layers);

describe('layerChanges', () => {
  it("counts what a layer adds, writes over and removes of the layers below, in entries and bytes, directories aside", () => {
    expect(layerChanges(tree, 1)).toEqual({
      // etc/new, var/y, etc/link; a whiteout of a path that never was adds nothing.
      added: { entries: 3, bytes: 6 + 2 },
      // etc/conf over a file; was-dir, a file now, over a directory.
      changed: { entries: 2, bytes: 41 + 1 },
      // etc/gone, opt/app/a and b, var/x under the opaque directory, was-file (a directory now), was-dir/inner.
      removed: { entries: 6, bytes: 5 + 100 + 200 + 7 + 3 + 9 },
    });
  });

  it('counts a file written again under an opaque directory, or after its own whiteout, as a change', () => {
    const opaqueTree = mergeLayers([
      layer(dir('var/'), file('var/x', 7), file('var/z', 1), file('a', 2)),
      layer(dir('var/'), opaque('var'), file('var/x', 8), whiteout('a'), file('a', 3)),
    ]);
    expect(layerChanges(opaqueTree, 1)).toEqual({ added: { entries: 0, bytes: 0 }, changed: { entries: 2, bytes: 11 }, removed: { entries: 1, bytes: 1 } });
  });

  it('counts every entry of the base layer as added', () => {
    expect(layerChanges(tree, 0)).toEqual({ added: { entries: 7, bytes: 40 + 5 + 100 + 200 + 7 + 3 + 9 }, changed: { entries: 0, bytes: 0 }, removed: { entries: 0, bytes: 0 } });
  });
});

describe('entryAsOf', () => {
  it('finds the entry a path names once the layers up to one are applied', () => {
    expect(entryAsOf(layers, 0, '/etc/conf')).toEqual({ layer: 0, row: layers[0].indexOf('/etc/conf') });
    expect(entryAsOf(layers, 1, '/etc/conf')).toEqual({ layer: 1, row: layers[1].indexOf('/etc/conf') });
    // Deleted by a whiteout, hidden by an opaque directory, or under a directory a file replaced.
    expect(entryAsOf(layers, 1, '/etc/gone')).toBeUndefined();
    expect(entryAsOf(layers, 1, '/opt/app/a')).toBeUndefined();
    expect(entryAsOf(layers, 1, '/var/x')).toBeUndefined();
    expect(entryAsOf(layers, 1, '/was-dir/inner')).toBeUndefined();
    expect(entryAsOf(layers, 0, '/was-dir/inner')).toEqual({ layer: 0, row: layers[0].indexOf('/was-dir/inner') });
    expect(entryAsOf(layers, 1, '/etc/never-was')).toBeUndefined();
  });
});
