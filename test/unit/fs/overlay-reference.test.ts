/**
 * Cross-checks mergeLayers against the image-spec's changeset algorithm
 * applied literally, layer after layer, to a map of paths (layer.md,
 * "Applying Changesets"), over many random well-formed layer stacks.
 */
import { describe, expect, it } from 'vitest';
import { mergeLayers } from '@/lib/fs/overlay';
import { layer } from './layer-fixture';
import { applyReference, toEntry } from './overlay-model';
import { prng, randomLayer } from './random-layers';

describe('mergeLayers against the changeset algorithm', () => {
  it('agrees on 500 random layer stacks', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const rand = prng(seed);
      const stack = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => randomLayer(rand));
      const layers = stack.map((ops) => layer(...ops.map(toEntry)));
      const tree = mergeLayers(layers);
      const got = Array.from(tree.walk(), (e) => `${e.type[0]} ${e.path} @${e.layer}`).sort();
      expect(got, `seed ${seed}, layers ${JSON.stringify(stack)}`).toEqual(applyReference(stack));

      // Every layer entry either shows in the result (as itself, or as a directory merged into an
      // upper one) or is listed as hidden; a hidden entry is never the one shown.
      const hidden = new Set(Array.from(tree.hiddenEntries(), (e) => `${e.path} @${e.layer}`));
      layers.forEach((index, l) => {
        for (const e of index.walk()) {
          if (e.whiteout) continue;
          const merged = tree.lookup(e.path);
          const isHidden = hidden.has(`${e.path} @${l}`);
          const source = merged !== undefined && merged.layer === l;
          const mergedDir = merged !== undefined && merged.type === 'directory' && e.type === 'directory';
          const where = `seed ${seed}: ${e.path} @${l} hidden=${isHidden} merged=${JSON.stringify(merged?.layer)}`;
          if (isHidden) expect(source, where).toBe(false);
          else expect(source || mergedDir, where).toBe(true);
        }
      });
    }
  });
});
