import { describe, expect, it } from 'vitest';
import { mergeLayers } from '@/lib/fs/overlay';
import { inodeOf, layerSource, mergedSource } from '@/components/files/tree-source';
import { dir, file, hardlink, layer } from '../fs/layer-fixture';

/** The metadata a row shows, as "mode uid:gid mtime size". */
function shown(row: Parameters<typeof inodeOf>[0] | undefined): string {
  if (!row) return 'no row';
  const inode = inodeOf(row);
  return `${inode.mode.toString(8)} ${inode.uid}:${inode.gid} ${inode.mtime} ${inode.size}`;
}

// The link header's own fields, which extraction ignores: another name of the target's inode has the target's.
const linkHeader = { mode: 0o644, uid: 0, gid: 0, mtime: 99 };

describe("a hard link's row", () => {
  it("shows its target's mode, owner, mtime and size in a layer's view", () => {
    const index = layer(dir('bin/'), file('bin/tool', 12, { mode: 0o755, uid: 1000, gid: 1000, mtime: 0 }), { ...hardlink('bin/tool-link', 'bin/tool'), ...linkHeader });
    const source = layerSource(index);
    expect(shown(source.lookup('/bin/tool-link'))).toBe('755 1000:1000 0 12');
    expect(shown(source.children('/bin', false).find((r) => r.name === 'tool-link'))).toBe('755 1000:1000 0 12');
    expect(shown(source.filter('tool-link', 10, false)[0])).toBe('755 1000:1000 0 12');
  });

  it("shows, in the merged view, its target as of the link's own layer, hidden or not", () => {
    const tree = mergeLayers([
      layer(file('a', 10, { mode: 0o755, uid: 7, gid: 8, mtime: 1 })),
      layer({ ...hardlink('b', 'a'), ...linkHeader }, { ...hardlink('gone', 'a'), ...linkHeader }),
      layer(file('a', 30, { mode: 0o600, mtime: 3 }), file('.wh.gone')),
    ]);
    const source = mergedSource(tree);
    expect(shown(source.lookup('/b'))).toBe('755 7:8 1 10');
    expect(shown(source.lookup('/a'))).toBe('600 0:0 3 30');
    const hidden = source.children('/', true).find((r) => r.name === 'gone' && r.hidden);
    expect(shown(hidden)).toBe('755 7:8 1 10');
  });

  it('keeps its own header when its target is nowhere', () => {
    const source = layerSource(layer({ ...hardlink('orphan', 'missing'), ...linkHeader }));
    expect(source.lookup('/orphan')?.linked).toBeUndefined();
    expect(shown(source.lookup('/orphan'))).toBe('644 0:0 99 0');
  });
});

describe('a hard link no filesystem can hold', () => {
  it('is flagged, in the layer and the merged view, when it links a directory or itself; a missing target is not', () => {
    const index = layer(dir('d/'), hardlink('hl-d', 'd'), hardlink('hl-self', 'hl-self'), hardlink('ping', 'pong'), hardlink('pong', 'ping'), hardlink('orphan', 'missing'));
    for (const source of [layerSource(index), mergedSource(mergeLayers([index]))]) {
      const flags = Object.fromEntries(['hl-d', 'hl-self', 'ping', 'orphan'].map((name) => [name, source.lookup(`/${name}`)?.impossibleLink]));
      expect(flags).toEqual({ 'hl-d': 'directory', 'hl-self': 'cycle', ping: 'cycle', orphan: undefined });
    }
  });
});

describe("a layer's contentOf", () => {
  const base = layer(dir('bin/'), file('bin/tool', 12));
  const upper = layer(dir('bin/'), hardlink('bin/tool-link', 'bin/tool'), file('bin/own', 5), file('bin/.wh.gone'));
  const at = (index: typeof base, path: string) => index.offsetsOf(index.indexOf(path));

  it("finds a file's bytes in its own layer, and a hard link's in the lower layer that holds its target", () => {
    const source = layerSource(upper, 1, [base]);
    expect(source.contentOf('/bin/own')).toEqual({ layer: 1, ...at(upper, '/bin/own'), size: 5 });
    expect(source.contentOf('/bin/tool-link')).toEqual({ layer: 0, ...at(base, '/bin/tool'), size: 12 });
  });

  it('has none for a whiteout, a directory, or a link whose target is in a layer not yet indexed', () => {
    expect(layerSource(upper, 1, [base]).contentOf('/bin/gone')).toBeUndefined();
    expect(layerSource(upper, 1, [base]).contentOf('/bin')).toBeUndefined();
    expect(layerSource(upper, 1).contentOf('/bin/tool-link')).toBeUndefined();
    expect(layerSource(upper, 1).contentOf('/bin/own')).toMatchObject({ layer: 1, size: 5 });
  });
});
