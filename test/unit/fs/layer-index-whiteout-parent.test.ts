/**
 * Entries below a whiteout or opaque marker name are refused: a marker names
 * a deletion, so ".wh.d/f" is malformed, and keeping it would put a
 * whiteout-named directory into the merged tree (and into a flattened rootfs,
 * where any importer reads it as a deletion). Found by the overlay property test.
 */
import { describe, expect, it } from 'vitest';
import { UnsafePathError } from '@/lib/fs/errors';
import { LayerIndexBuilder } from '@/lib/fs/layer-index-builder';
import { mergeLayers } from '@/lib/fs/overlay';
import { dir, file, layer } from './layer-fixture';

describe('LayerIndexBuilder: entries below a marker name', () => {
  it.each([
    ['a file below a whiteout name', file('.wh.b/a', 1, { headerOffset: 1536 })],
    ['a directory below a deeper whiteout name', dir('x/.wh.y/z/', { headerOffset: 1536 })],
    ['a file below the opaque marker name', file('d/.wh..wh..opq/f', 1, { headerOffset: 1536 })],
  ])('refuses %s, naming the entry and its offset', (_name, entry) => {
    const builder = new LayerIndexBuilder();
    let error: unknown;
    try {
      builder.add(entry);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnsafePathError);
    expect((error as UnsafePathError).path).toBe(entry.path);
    expect((error as UnsafePathError).offset).toBe(1536);
  });

  it('still skips AUFS bookkeeping directories and accepts markers as leaves', () => {
    const index = layer(file('.wh..wh.plnk/123.456'), file('d/.wh.gone'), file('d/kept', 1));
    expect(Array.from(index.walk(), (e) => `${e.path}${e.whiteout ? ' (whiteout)' : ''}`)).toEqual(['/d', '/d/gone (whiteout)', '/d/kept']);
    expect(Array.from(mergeLayers([index]).walk(), (e) => e.path)).toEqual(['/d', '/d/kept']);
  });
});
