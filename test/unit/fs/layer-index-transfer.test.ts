// A layer index posted from a worker: toTransfer + structuredClone with the
// transfer list + fromTransfer must give back the same index, and move the
// column buffers rather than copy them.
import { describe, expect, it } from 'vitest';
import { LayerIndex } from '@/lib/fs/layer-index';
import { buildLayerIndex } from '@/lib/fs/layer-index-builder';
import { packStrings, unpackStrings } from '@/lib/fs/string-table';
import { dir, file, hardlink, layer, opaque, symlink, whiteout } from './layer-fixture';

function roundTrip(index: LayerIndex): LayerIndex {
  const { data, transfer } = index.toTransfer();
  return LayerIndex.fromTransfer(structuredClone(data, { transfer }));
}

describe('LayerIndex transfer', () => {
  it('gives back every entry with every field', () => {
    const index = layer(
      dir('etc'),
      file('etc/os-release', 42, { mode: 0o640, uid: 1000, gid: 1001, uname: 'ünï', gname: '日本', mtime: 1700000000.5 }),
      symlink('usr/bin/hello', '../../bin/hello'),
      file('bin/hello', 7),
      hardlink('bin/hi', 'bin/hello'),
      { ...file('dev/null'), type: 'char', devmajor: 1, devminor: 3 },
      file('bin/ping', 3, { pax: { 'SCHILY.xattr.security.capability': 'c', 'SCHILY.xattr.user.\u65e5': 'u' } }),
      file('bin/one', 3, { pax: { 'SCHILY.xattr.trusted.x': 'c' } }),
      file('var/disk.img', 1 << 30, { sparse: { stored: 4096 } }),
      whiteout('var/cache'),
      opaque('opt'),
      file('opt/kept', 1),
    );
    const want = [...index.walk()];
    const got = [...roundTrip(index).walk()];
    expect(got).toEqual(want);
    expect(got.find((e) => e.path === '/bin/ping')?.xattrs).toEqual(['security.capability', 'user.\u65e5']);
    expect(got.find((e) => e.path === '/bin/one')?.xattrs).toEqual(['trusted.x']);
    const copy = roundTrip(layer(file('a', 10), file('var/disk.img', 1 << 30, { sparse: { stored: 4096 } })));
    expect([copy.storedFileBytes, copy.storedSizeOf(copy.indexOf('/var/disk.img')), copy.totalSize('/')]).toEqual([10 + 4096, 4096, 10 + (1 << 30)]);
    expect(got.length).toBe(want.length);
  });

  it('answers the same queries after the trip', () => {
    const index = layer(dir('a'), file('a/x', 10), file('a/y', 20), symlink('a/z', 'x'), whiteout('b'));
    const copy = roundTrip(layer(dir('a'), file('a/x', 10), file('a/y', 20), symlink('a/z', 'x'), whiteout('b')));
    expect(copy.totalSize('/a')).toBe(index.totalSize('/a'));
    expect(copy.resolveSymlink('/a/z')).toBe('/a/x');
    expect(copy.lookup('/b')?.whiteout).toBe(true);
    expect(copy.children('/a').map((e) => e.name)).toEqual(['x', 'y', 'z']);
  });

  it('moves the column buffers instead of copying them', () => {
    const index = layer(file('f', 1));
    const { data, transfer } = index.toTransfer();
    structuredClone(data, { transfer });
    // A transferred ArrayBuffer is detached on the sending side.
    expect(data.columns.size.byteLength).toBe(0);
    expect(data.strings.bytes.byteLength).toBe(0);
  });

  it('lists each buffer once, whole, even when columns are views into one shared buffer', () => {
    const { data } = layer(dir('a'), file('a/f', 1)).toTransfer();
    // Re-home the two Float64 columns as views into a single larger buffer.
    const rows = data.columns.size.length;
    const shared = new Float64Array(rows * 2 + 3);
    shared.set(data.columns.size, 1);
    shared.set(data.columns.mtime, rows + 2);
    const index = LayerIndex.fromTransfer({
      ...data,
      columns: { ...data.columns, size: shared.subarray(1, rows + 1), mtime: shared.subarray(rows + 2, 2 * rows + 2) },
    });
    const want = [...index.walk()];
    const { data: out, transfer } = index.toTransfer();
    expect(new Set(transfer).size).toBe(transfer.length);
    expect(transfer).not.toContain(shared.buffer);
    expect([...LayerIndex.fromTransfer(structuredClone(out, { transfer })).walk()]).toEqual(want);
  });

  it('survives a large index', () => {
    const entries = Array.from({ length: 20_000 }, (_, i) => file(`d${i % 100}/f${i}`, i));
    const index = buildLayerIndex(entries);
    const want = index.lookup('/d7/f19907');
    const copy = roundTrip(index);
    expect(copy.size).toBe(20_000 + 100 + 1);
    expect(copy.lookup('/d7/f19907')).toEqual(want);
  });
});

describe('packed strings', () => {
  it.each([
    ['empty list', []],
    ['empty strings', ['', '', 'a', '']],
    ['ASCII', ['usr', 'bin', 'env']],
    ['multi-byte UTF-8', ['ünïcødé.txt', '日本語', '😀 emoji']],
  ])('round-trips %s', (_name, strings) => {
    expect(unpackStrings(packStrings(strings as string[]))).toEqual(strings);
  });

  it('keeps a lone surrogate (a name that was not UTF-8 holds them), and the offsets past it', () => {
    expect(unpackStrings(packStrings(['a\ud800b', 'next']))).toEqual(['a\ud800b', 'next']);
  });
});
