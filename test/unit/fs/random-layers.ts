/**
 * Random well-formed layer stacks over a tiny namespace, so that paths
 * collide across layers: the inputs of the overlay's model-checked tests.
 */
import { ancestors, type Op } from './overlay-model';

/** A deterministic pseudo-random generator (mulberry32). */
export function prng(seed: number): () => number {
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
export function randomLayer(rand: () => number): Op[] {
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
