/**
 * Cross-checks mergeLayers against the image-spec's changeset algorithm
 * applied literally, layer after layer, to a map of paths (layer.md,
 * "Applying Changesets"), over many random well-formed layer stacks.
 */
import { describe, expect, it } from 'vitest';
import { mergeLayers } from '@/lib/fs/overlay';
import { layer } from './layer-fixture';
import { ancestors, applyReference, toEntry, type Op } from './overlay-model';

/** A deterministic pseudo-random generator (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random layer over a tiny namespace so that paths collide across layers, kept well-formed within itself. */
function randomLayer(rand: () => number): Op[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const randomPath = () => {
    const depth = 1 + Math.floor(rand() * 3);
    return `/${Array.from({ length: depth }, () => pick(['a', 'b', 'c'])).join('/')}`;
  };
  const byPath = new Map<string, Op>();
  const markers: Op[] = [];
  const count = 1 + Math.floor(rand() * 7);
  for (let k = 0; k < count; k++) {
    const r = rand();
    const path = randomPath();
    if (r < 0.2) markers.push({ kind: 'whiteout', path });
    else if (r < 0.3) markers.push({ kind: 'opaque', path: rand() < 0.2 ? '/' : path });
    else if (!byPath.has(path)) byPath.set(path, { kind: r < 0.55 ? 'dir' : r < 0.9 ? 'file' : 'symlink', path });
  }
  // Anything with something below it in this layer must be a directory.
  const everything = [...byPath.values(), ...markers];
  for (const op of everything) {
    const below = op.kind === 'opaque' ? [...ancestors(op.path), op.path] : ancestors(op.path);
    for (const p of below) {
      const listed = byPath.get(p);
      if (listed !== undefined) listed.kind = 'dir';
      else if (rand() < 0.5 && p !== '/') byPath.set(p, { kind: 'dir', path: p });
    }
  }
  const ops = [...byPath.values(), ...markers];
  // Tar order is arbitrary: children before parents, markers anywhere.
  for (let i = ops.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [ops[i], ops[j]] = [ops[j], ops[i]];
  }
  return ops;
}

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
