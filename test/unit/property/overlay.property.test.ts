/**
 * Properties of the layer index and the overlay merge over generated layer
 * stacks (fast-check; a failure prints the seed and the shrunk stack):
 * - hostile entries (`..`, absolute paths, stray whiteout names, link targets
 *   anywhere) are refused with UnsafePathError or indexed, and whatever is
 *   merged holds no whiteout entry and no path outside the root, and symlink
 *   resolution never leaves the tree;
 * - well-formed stacks merge exactly as the image-spec's changeset algorithm
 *   applied literally (overlay-model.ts) says.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EntryType, LayerEntryInput } from '@/lib/fs/entry';
import { UnsafePathError } from '@/lib/fs/errors';
import type { LayerIndex } from '@/lib/fs/layer-index';
import { LayerIndexBuilder } from '@/lib/fs/layer-index-builder';
import { mergeLayers } from '@/lib/fs/overlay';
import { layer } from '../fs/layer-fixture';
import { ancestors, applyReference, toEntry, type Op } from '../fs/overlay-model';

const hostileComponent = fc.constantFrom('a', 'b', '..', '.', '', '.wh.a', '.wh.b', '.wh..wh..opq', '.wh..wh.plnk', '.wh.', '.wh..', '.wh...', '.wh..wh.');
const rawPath = fc
  .tuple(fc.constantFrom('', '/', './', '../', '//'), fc.array(hostileComponent, { minLength: 1, maxLength: 4 }), fc.constantFrom('', '/'))
  .map(([lead, parts, trail]) => `${lead}${parts.join('/')}${trail}`);
const entryType = fc.constantFrom<EntryType>('file', 'directory', 'symlink', 'hardlink', 'fifo');

const hostileEntry: fc.Arbitrary<LayerEntryInput> = fc
  .record({ path: rawPath, type: entryType, link: rawPath })
  .map(({ path, type, link }) => ({
    path,
    type,
    mode: type === 'directory' ? 0o755 : 0o644,
    uid: 0,
    gid: 0,
    uname: '',
    gname: '',
    size: type === 'file' ? 1 : 0,
    mtime: 0,
    headerOffset: 0,
    dataOffset: 0,
    ...(type === 'symlink' || type === 'hardlink' ? { linkpath: link } : {}),
  }));

/** Indexes the entries one by one; a refused entry must be refused with UnsafePathError and leave the index as it was. */
function buildTolerant(entries: LayerEntryInput[]): LayerIndex {
  const builder = new LayerIndexBuilder();
  entries.forEach((e, k) => {
    try {
      builder.add({ ...e, headerOffset: k * 1024, dataOffset: k * 1024 + 512 });
    } catch (error) {
      if (!(error instanceof UnsafePathError)) throw new Error(`entry ${JSON.stringify(e.path)}: got ${String(error)}, want UnsafePathError`);
    }
  });
  return builder.finish();
}

function isCanonical(path: string): boolean {
  if (path === '/') return true;
  return path.startsWith('/') && path.slice(1).split('/').every((c) => c !== '' && c !== '.' && c !== '..');
}

const modelOp: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom<Op['kind']>('file', 'symlink', 'dir', 'dir', 'whiteout', 'opaque'),
  path: fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 3 }).map((parts) => `/${parts.join('/')}`),
  rootOpaque: fc.boolean(),
}).map(({ kind, path, rootOpaque }) => ({ kind, path: kind === 'opaque' && rootOpaque ? '/' : path }));

/** A layer kept well-formed within itself: one entry per path, and anything with something below it is a directory. */
const modelLayer: fc.Arbitrary<Op[]> = fc.array(modelOp, { minLength: 1, maxLength: 7 }).map((ops) => {
  const listed = new Map<string, Op>();
  const out: Op[] = [];
  for (const op of ops) {
    if (op.kind === 'whiteout' || op.kind === 'opaque') out.push({ ...op });
    else if (!listed.has(op.path)) {
      const copy = { ...op };
      listed.set(op.path, copy);
      out.push(copy);
    }
  }
  for (const op of out) {
    const below = op.kind === 'opaque' ? [...ancestors(op.path), op.path] : ancestors(op.path);
    for (const p of below) {
      const l = listed.get(p);
      if (l !== undefined) l.kind = 'dir';
    }
  }
  return out;
});

describe('overlay merge properties', () => {
  it('hostile layers: refused with UnsafePathError or merged without whiteouts or escaping paths', () => {
    fc.assert(
      fc.property(fc.array(fc.array(hostileEntry, { maxLength: 8 }), { minLength: 1, maxLength: 4 }), (stack) => {
        const layers = stack.map(buildTolerant);
        const tree = mergeLayers(layers);
        for (const e of tree.walk()) {
          expect(e.name.startsWith('.wh.'), `merged entry ${e.path} is a whiteout marker`).toBe(false);
          expect(isCanonical(e.path), `merged path ${JSON.stringify(e.path)} is not canonical`).toBe(true);
          expect(tree.lookup(e.path)?.index, `lookup(${e.path})`).toBe(e.index);
          if (e.type === 'symlink') {
            const resolved = tree.resolveSymlink(e.path);
            if (resolved !== undefined) {
              expect(isCanonical(resolved), `${e.path} resolves to ${resolved}`).toBe(true);
              expect(tree.lookup(resolved), `${e.path} resolves to ${resolved}, which is not in the tree`).toBeDefined();
            }
          }
        }
        for (const h of tree.hiddenEntries()) expect(isCanonical(h.path), `hidden path ${JSON.stringify(h.path)}`).toBe(true);
        for (const problem of tree.validateHardlinks()) expect(isCanonical(problem.target), `hardlink target ${problem.target}`).toBe(true);
        for (const l of layers) for (const e of l.walk()) expect(isCanonical(e.path), `layer path ${JSON.stringify(e.path)}`).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('well-formed layers: the merge equals the changeset algorithm applied literally', () => {
    fc.assert(
      fc.property(fc.array(modelLayer, { minLength: 1, maxLength: 5 }), (stack) => {
        const tree = mergeLayers(stack.map((ops) => layer(...ops.map(toEntry))));
        const got = Array.from(tree.walk(), (e) => `${e.type[0]} ${e.path} @${e.layer}`).sort();
        expect(got).toEqual(applyReference(stack));
      }),
      { numRuns: 400 },
    );
  });
});
