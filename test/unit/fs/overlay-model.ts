/**
 * The image-spec's changeset algorithm applied literally, layer after layer,
 * to a map of paths (layer.md, "Applying Changesets"): the naive model that
 * mergeLayers is checked against, for well-formed layers.
 */
import type { LayerEntryInput } from '@/lib/fs/entry';
import { dir, file, opaque, symlink, whiteout } from './layer-fixture';

type State = Map<string, { type: string; layer: number }>;

function deleteSubtree(state: State, path: string): void {
  state.delete(path);
  const prefix = path === '/' ? '/' : `${path}/`;
  for (const key of [...state.keys()]) if (key.startsWith(prefix)) state.delete(key);
}

/** The proper ancestors of a canonical path, root excluded, top first. */
export function ancestors(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.slice(0, -1).map((_, k) => `/${parts.slice(0, k + 1).join('/')}`);
}

/** One entry of a model layer: a path and what the layer does there. */
export interface Op {
  kind: 'file' | 'symlink' | 'dir' | 'whiteout' | 'opaque';
  path: string;
}

/** The spec's algorithm: whiteouts and opaque markers delete lower content, then entries are written. Lines "<type initial> <path> @<layer>", sorted. */
export function applyReference(layers: Op[][]): string[] {
  const state: State = new Map();
  layers.forEach((ops, l) => {
    for (const op of ops) {
      if (op.kind === 'whiteout') deleteSubtree(state, op.path);
      if (op.kind === 'opaque') for (const key of [...state.keys()]) if (key.startsWith(op.path === '/' ? '/' : `${op.path}/`)) state.delete(key);
    }
    const listed = new Set(ops.filter((o) => o.kind !== 'whiteout' && o.kind !== 'opaque').map((o) => o.path));
    const implied = new Set(ops.flatMap((o) => ancestors(o.path)).concat(ops.filter((o) => o.kind === 'opaque').map((o) => o.path)));
    for (const p of implied) {
      if (listed.has(p) || p === '/') continue;
      const existing = state.get(p);
      if (existing === undefined || existing.type !== 'directory') state.set(p, { type: 'directory', layer: l });
    }
    for (const op of ops) {
      if (op.kind === 'whiteout' || op.kind === 'opaque') continue;
      if (op.kind === 'dir') {
        state.set(op.path, { type: 'directory', layer: l });
      } else {
        deleteSubtree(state, op.path);
        state.set(op.path, { type: op.kind, layer: l });
      }
    }
  });
  return [...state].map(([path, v]) => `${v.type[0]} ${path} @${v.layer}`).sort();
}

/** The tar entry of a model op. */
export function toEntry(op: Op): LayerEntryInput {
  const rel = op.path.slice(1);
  switch (op.kind) {
    case 'dir':
      return dir(`${rel}/`);
    case 'file':
      return file(rel, 1);
    case 'symlink':
      return symlink(rel, 'target');
    case 'whiteout':
      return whiteout(rel);
    case 'opaque':
      return rel === '' ? file('.wh..wh..opq') : opaque(rel);
  }
}
