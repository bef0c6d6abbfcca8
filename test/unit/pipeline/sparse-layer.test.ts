// A layer holding a GNU sparse file (written by GNU tar from a file with
// holes made here): indexed under its real name and size, read back for a
// preview or a download with zeros in its holes, and flattened into the
// rootfs as the file it is, as docker unpacks it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flattenRootfs } from '@/lib/archive/rootfs';
import { buildLayerIndex } from '@/lib/fs/layer-index-builder';
import { mergeLayers } from '@/lib/fs/overlay';
import { shadowedSpace } from '@/lib/fs/shadowed-space';
import { MediaType } from '@/lib/oci/media-types';
import { processLayer } from '@/lib/pipeline/process-layer';
import { readLayerFile, streamLayerFile } from '@/lib/pipeline/read-file';
import { TarReader } from '@/lib/stream/tar-reader';
import { chunks, pseudoRandom, sourceOf } from '../stream/stream-helpers';
import { gzip, sha256 } from './layer-fixtures';

const FORMATS = [
  ['old GNU', ['--format=gnu']],
  ['PAX 0.0', ['--format=posix', '--sparse-version=0.0']],
  ['PAX 1.0', ['--format=posix', '--sparse-version=1.0']],
] as const;
const REAL_SIZE = 2 * 1024 * 1024;

let dir: string;
let want: Uint8Array;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sparse-layer-'));
  execFileSync('mkdir', ['-p', join(dir, 'src', 'data')]);
  const file = join(dir, 'src', 'data', 'sparse.img');
  execFileSync('truncate', ['-s', String(REAL_SIZE), file]);
  for (const [i, seek] of [100_000, 1_500_000].entries()) {
    writeFileSync(join(dir, 'run'), pseudoRandom(10_000, i + 7));
    execFileSync('dd', [`if=${join(dir, 'run')}`, `of=${file}`, 'bs=1', `seek=${seek}`, 'conv=notrunc'], { stdio: 'ignore' });
  }
  writeFileSync(join(dir, 'src', 'data', 'after.txt'), 'after\n');
  want = new Uint8Array(readFileSync(file));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function layerTar(flags: readonly string[]): Uint8Array {
  const out = join(dir, 'layer.tar');
  execFileSync('tar', [...flags, '--sparse', '--owner=0', '--group=0', '--numeric-owner', '-C', join(dir, 'src'), '-cf', out, 'data']);
  return new Uint8Array(readFileSync(out));
}

/** The bytes of fragments a sparse member stores, as Python's tarfile reads its map (an implementation independent of ours). */
function storedByTarfile(tar: Uint8Array, name: string): number {
  const script = 'import sys, tarfile\nm = tarfile.open(sys.argv[1]).getmember(sys.argv[2])\nprint(sum(size for _, size in m.sparse))';
  const file = join(dir, 'stored.tar');
  writeFileSync(file, tar);
  return Number(execFileSync('python3', ['-c', script, file, name], { encoding: 'utf8' }).trim());
}

async function indexed(tar: Uint8Array) {
  const blob = gzip(tar);
  const result = await processLayer({ body: sourceOf(chunks(blob, 8192)), digest: sha256(blob), size: blob.length, mediaType: MediaType.OciLayerGzip, diffId: sha256(tar) });
  return { blob, result };
}

describe.each(FORMATS)('a layer with a %s sparse file', (_, flags) => {
  it('indexes it as a regular file of its real size, under its own name', async () => {
    const { result } = await indexed(layerTar(flags));
    const entry = result.index.lookup('/data/sparse.img');
    expect(entry).toMatchObject({ type: 'file', size: REAL_SIZE });
    expect(result.index.lookup('/data/after.txt')).toMatchObject({ type: 'file', size: 6 });
    expect([...result.index.children('/data')].map((e) => e.name).sort()).toEqual(['after.txt', 'sparse.img']);
  });

  it('counts what the tar stores of it, its fragments, as the bytes the layer ships', async () => {
    const tar = layerTar(flags);
    const { result } = await indexed(tar);
    const row = result.index.indexOf('/data/sparse.img');
    const stored = storedByTarfile(tar, 'data/sparse.img');
    expect(result.index.storedSizeOf(row)).toBe(stored);
    expect(stored).toBeLessThan(REAL_SIZE / 10);
    expect(result.index.storedFileBytes).toBe(stored + 6);
    // A higher layer deleting it hides what its layer shipped: the fragments, not the holes.
    const deleting = buildLayerIndex([{ path: 'data/.wh.sparse.img', type: 'file', mode: 0, uid: 0, gid: 0, uname: '', gname: '', size: 0, mtime: 0, headerOffset: 0, dataOffset: 512 }]);
    expect(shadowedSpace(mergeLayers([result.index, deleting]))).toMatchObject({ layerBytes: stored + 6, shadowedBytes: stored, shadowedFiles: 1 });
  });

  it('reads its content back with zeros in the holes: whole, as a preview, and as a stream', async () => {
    const { blob, result } = await indexed(layerTar(flags));
    const row = result.index.indexOf('/data/sparse.img');
    const location = { ...result.index.offsetsOf(row), size: result.index.sizeOf(row) };
    expect(location.sparse).toBe(true);
    const whole = await readLayerFile({ blob: sourceOf(chunks(blob, 8192)), compression: 'gzip', ...location });
    expect(sha256(whole)).toBe(sha256(want));
    const preview = await readLayerFile({ blob: sourceOf(chunks(blob, 8192)), compression: 'gzip', ...location, maxBytes: 100_005 });
    expect(sha256(preview)).toBe(sha256(want.subarray(0, 100_005)));
    const hash = createHash('sha256');
    let bytes = 0;
    const reader = streamLayerFile({ blob: sourceOf(chunks(blob, 8192)), compression: 'gzip', ...location, readToEnd: true }).getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      hash.update(next.value);
      bytes += next.value.byteLength;
    }
    expect([bytes, `sha256:${hash.digest('hex')}`]).toEqual([REAL_SIZE, sha256(want)]);
    const after = result.index.indexOf('/data/after.txt');
    const plain = await readLayerFile({ blob: sourceOf(chunks(blob, 8192)), compression: 'gzip', ...result.index.offsetsOf(after), size: 6 });
    expect(new TextDecoder().decode(plain)).toBe('after\n');
  });

  it('flattens into the rootfs as the file it is: its name, its real size, its expanded content', async () => {
    const tar = layerTar(flags);
    const { result } = await indexed(tar);
    const flat = flattenRootfs({ tree: mergeLayers([result.index]), openLayerTar: () => sourceOf(chunks(tar, 4096)) });
    const files = new Map<string, { size: number; hash: ReturnType<typeof createHash> }>();
    const out = new TarReader({
      onEntry: (h) => files.set(h.path, { size: h.size, hash: createHash('sha256') }),
      onData: (chunk, h) => files.get(h.path)!.hash.update(chunk),
    });
    const reader = flat.readable.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) out.push(next.value);
    out.end();
    const sparse = files.get('data/sparse.img');
    expect(sparse?.size).toBe(REAL_SIZE);
    expect(`sha256:${sparse!.hash.digest('hex')}`).toBe(sha256(want));
  });
});
