import { describe, expect, it } from 'vitest';
import { ALL_CHANGES, changeBit, changeMask, type ChangeKind } from '@/lib/fs/change-kind';
import type { LayerEntryInput } from '@/lib/fs/entry';
import { LayerAsOf, type AsOfEntry } from '@/lib/fs/layer-as-of';
import { layerChanges } from '@/lib/fs/layer-changes';
import { mergeLayers } from '@/lib/fs/overlay';
import { dir, file, hardlink, layer, opaque, symlink, whiteout } from './layer-fixture';
import { toEntry } from './overlay-model';
import { prng, randomLayer } from './random-layers';

const stack = (...layers: LayerEntryInput[][]) => layers.map((entries) => layer(...entries));

/** Every entry of the view as "<change> <path> @<layer>[ <removedBy>]", depth-first. */
function lines(view: LayerAsOf, shown = ALL_CHANGES): string[] {
  return Array.from(view.walk(shown), (e) => `${e.change} ${e.path} @${e.layer}${e.removedBy ? ` ${e.removedBy}` : ''}`);
}

describe('LayerAsOf', () => {
  it('marks a whiteout of a file and of a directory as removals of what lower layers wrote, the directory with all it held', () => {
    const layers = stack(
      [dir('etc/'), file('etc/keep', 1), file('etc/gone', 2), dir('opt/'), dir('opt/app/'), file('opt/app/a', 3)],
      [dir('etc/'), whiteout('etc/gone'), whiteout('opt/app'), file('etc/new', 4)],
    );
    expect(lines(new LayerAsOf(layers, 1))).toEqual([
      'modified /etc @1',
      'removed /etc/gone @0 whiteout',
      'unchanged /etc/keep @0',
      'added /etc/new @1',
      'unchanged /opt @0',
      'removed /opt/app @0 whiteout',
      'removed /opt/app/a @0 whiteout',
    ]);
    expect(new LayerAsOf(layers, 1).summary().counts).toEqual({ added: 1, modified: 1, removed: 3, unchanged: 2 });
  });

  it("marks a directory's lower children removed by its opaque marker, and the layer's own entries there added or modified", () => {
    const layers = stack([dir('var/'), file('var/x', 7), file('var/z', 1)], [dir('var/'), opaque('var'), file('var/x', 8), file('var/y', 2)]);
    expect(lines(new LayerAsOf(layers, 1))).toEqual(['modified /var @1', 'modified /var/x @1', 'added /var/y @1', 'removed /var/z @0 opaque']);
  });

  it('marks a file replaced by a directory, and the directory replaced by a file again, with what the directory held removed', () => {
    const layers = stack([file('x', 1)], [dir('x/'), file('x/a', 2)], [file('x', 3)]);
    expect(lines(new LayerAsOf(layers, 0))).toEqual(['added /x @0']);
    expect(lines(new LayerAsOf(layers, 1))).toEqual(['modified /x @1', 'added /x/a @1', 'removed /x @0 replaced']);
    expect(lines(new LayerAsOf(layers, 2))).toEqual(['modified /x @2', 'removed /x @1 replaced', 'removed /x/a @1 replaced']);
    expect(new LayerAsOf(layers, 2).entryAt('/x/a')).toMatchObject({ change: 'removed', layer: 1, removedBy: 'replaced' });
    expect(new LayerAsOf(layers, 2).summary().totals.get('/')).toBe(3);
  });

  it('opens the replaced one of two entries at a path on its own: the old entry, removed, apart from what replaced it', () => {
    const layers = stack([symlink('ln', 'real'), file('f', 1)], [dir('ln/'), file('ln/a', 2), file('f', 3)], [file('ln', 4)]);
    const one = new LayerAsOf(layers, 1);
    expect(one.entryAt('/ln')).toMatchObject({ change: 'modified', layer: 1 });
    expect(one.replacedAt('/ln')).toMatchObject({ path: '/ln', change: 'removed', removedBy: 'replaced', layer: 0, replacedHere: true });
    expect(one.children('/').filter((e) => e.path === '/ln').map((e) => e.replacedHere ?? false)).toEqual([false, true]);
    // Replaced by one of the same shape, or not replaced: no second entry at the path.
    expect(one.replacedAt('/f')).toBeUndefined();
    expect(one.replacedAt('/ln/a')).toBeUndefined();
    expect(new LayerAsOf(layers, 2).replacedAt('/ln')).toMatchObject({ change: 'removed', layer: 1, replacedHere: true });
    expect(new LayerAsOf(layers, 0).replacedAt('/ln')).toBeUndefined();
  });

  it('shows what a directory only implied by layer N had below, unchanged, while its new entries are added', () => {
    const layers = stack([dir('usr/', { mode: 0o700 }), file('usr/old', 1)], [file('usr/new', 2)]);
    const view = new LayerAsOf(layers, 1);
    expect(lines(view)).toEqual(['unchanged /usr @0', 'added /usr/new @1', 'unchanged /usr/old @0']);
    expect(view.changesUnder(view.entryAt('/usr')!)).toBe(changeMask(['added', 'unchanged']));
  });

  it('treats a hard link as an entry of its own layer, unchanged when a higher layer writes over its target', () => {
    const layers = stack([file('a', 10)], [hardlink('b', 'a')], [file('a', 30)]);
    expect(lines(new LayerAsOf(layers, 1))).toEqual(['unchanged /a @0', 'added /b @1']);
    expect(lines(new LayerAsOf(layers, 2))).toEqual(['modified /a @2', 'unchanged /b @1']);
  });

  it('counts in directory totals the bytes of a hard link whose file is gone from its own path, once', () => {
    const layers = stack([dir('a/'), file('a/orig', 17), hardlink('a/l1', 'a/orig'), hardlink('a/l2', 'a/orig'), file('a/x', 12)], [whiteout('a/orig')]);
    expect(new LayerAsOf(layers, 0).summary().totals.get('/a')).toBe(29);
    expect(new LayerAsOf(layers, 1).summary().totals.get('/a')).toBe(29);
    const over = stack([file('a', 10)], [hardlink('b', 'a')], [file('a', 30)]);
    expect(new LayerAsOf(over, 1).summary().totals.get('/')).toBe(10);
    expect(new LayerAsOf(over, 2).summary().totals.get('/')).toBe(40);
  });

  it('lists under a change filter only the entries of the kinds shown, and the directories that lead to them', () => {
    const layers = stack(
      [dir('etc/'), file('etc/keep', 1), file('etc/gone', 2), dir('srv/'), file('srv/s', 1)],
      [dir('etc/'), whiteout('etc/gone'), file('etc/new', 4)],
    );
    const view = new LayerAsOf(layers, 1);
    expect(lines(view, changeMask(['added']))).toEqual(['added /etc/new @1']);
    expect(view.changesUnder(view.entryAt('/etc')!)).toBe(changeMask(['modified', 'added', 'removed', 'unchanged']));
    expect(view.changesUnder(view.entryAt('/srv')!)).toBe(changeBit('unchanged'));
    expect(view.changesUnder(view.entryAt('/')!) & changeBit('removed')).not.toBe(0);
  });

  it('follows symlinks through the filesystem as of its layer, not through entries it removed', () => {
    const layers = stack([dir('lib/'), file('lib/x', 1), symlink('l', 'lib')], [whiteout('lib'), dir('lib64/'), file('lib64/x', 1)], [symlink('l', 'lib64')]);
    expect(new LayerAsOf(layers, 0).resolveSymlink('/l/x')).toBe('/lib/x');
    expect(new LayerAsOf(layers, 1).resolveSymlink('/l/x')).toBeUndefined();
    expect(new LayerAsOf(layers, 2).resolveSymlink('/l/x')).toBe('/lib64/x');
  });
});

describe('LayerAsOf against the overlay merge of layers 0 … N', () => {
  const sorted = (xs: string[]) => [...xs].sort();
  it('agrees on 150 random layer stacks: what is there, what was removed, the marks, the counts', { timeout: 30_000 }, () => {
    for (let seed = 1; seed <= 150; seed++) {
      const rand = prng(seed);
      const ops = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => randomLayer(rand));
      const layers = ops.map((o) => layer(...o.map(toEntry)));
      const full = mergeLayers(layers);
      for (let n = 0; n < layers.length; n++) {
        const where = `seed ${seed}, layer ${n}, layers ${JSON.stringify(ops)}`;
        const view = new LayerAsOf(layers, n);
        const entries: AsOfEntry[] = Array.from(view.walk(ALL_CHANGES));
        const now = mergeLayers(layers.slice(0, n + 1));
        const before = n > 0 ? mergeLayers(layers.slice(0, n)) : undefined;
        const kept = entries.filter((e) => e.change !== 'removed');
        expect(sorted(kept.map((e) => `${e.path} ${layers[e.layer].typeOf(e.row)}`)), where).toEqual(sorted(Array.from(now.walk(), (e) => `${e.path} ${e.type}`)));
        // An entry replaced by one of the other shape (directory or not) is listed removed beside what replaced it.
        const replaced = entries.filter((e) => e.change === 'removed' && now.indexOf(e.path) >= 0);
        for (const e of replaced) expect(view.isDirectory(e) !== (now.lookup(e.path)?.type === 'directory'), `${where}: ${e.path}`).toBe(true);
        const removed = entries.filter((e) => e.change === 'removed' && !replaced.includes(e)).map((e) => e.path);
        const wasThere = before ? Array.from(before.walk(), (e) => e.path) : [];
        expect(sorted(removed), where).toEqual(sorted(wasThere.filter((p) => now.indexOf(p) < 0)));
        for (const e of kept) {
          expect(e.change === 'added', `${where}: ${e.path} ${e.change}`).toBe(before === undefined || before.indexOf(e.path) < 0);
          expect(view.entryAt(e.path), where).toEqual(e);
        }
        // A directory's mask is exactly the kinds found at or under its path (a removed one's, under itself).
        for (const e of entries) {
          if (!view.isDirectory(e)) continue;
          const under = entries.filter((d) => d === e || (e.change !== 'removed' && d.path === e.path) || d.path.startsWith(`${e.path}/`)).reduce((m, d) => m | changeBit(d.change), 0);
          expect(view.changesUnder(e), `${where}: mask of ${e.path}`).toBe(under);
        }
        const counts = view.summary().counts;
        for (const kind of ['added', 'modified', 'removed', 'unchanged'] as ChangeKind[]) {
          expect(counts[kind], `${where}: ${kind}`).toBe(entries.filter((e) => e.change === kind).length);
        }
        // Files, links and other entries: the same figures as the merge's own count of the layer's changes.
        const changes = layerChanges(full, n);
        const nonDirs = (kind: ChangeKind) => entries.filter((e) => e.change === kind && !view.isDirectory(e)).length;
        expect([nonDirs('added'), nonDirs('modified'), nonDirs('removed')], where).toEqual([changes.added.entries, changes.changed.entries, changes.removed.entries]);
      }
    }
  });
});
