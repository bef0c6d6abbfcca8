/**
 * A layer of a million entries must fit in a browser tab: the index keeps
 * its rows in typed-array columns, not one object per entry. This is a size
 * assertion (bytes retained), never a timing one.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { LayerIndexBuilder } from '@/lib/fs/layer-index-builder';

// A full collection before each reading, so garbage left by the build does not count as retained.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

async function bytesInUse(): Promise<number> {
  // ArrayBuffer storage is released after the collection, off the main thread: let it settle.
  for (let k = 0; k < 3; k++) {
    collect();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const m = process.memoryUsage();
  // Typed-array storage lives outside the JS heap; count it too.
  return m.heapUsed + m.arrayBuffers;
}

const PACKAGES = 10_000;
const FILES_PER_PACKAGE = 100;
const MB = 1024 * 1024;

describe('LayerIndex memory', () => {
  it('indexes 1,000,000 entries within a bounded memory footprint', { timeout: 300_000 }, async () => {
    const before = await bytesInUse();
    const builder = new LayerIndexBuilder();
    let offset = 0;
    for (let p = 0; p < PACKAGES; p++) {
      for (let f = 0; f < FILES_PER_PACKAGE; f++) {
        builder.add({
          path: `usr/share/pkg${p}/file${f}`,
          type: 'file',
          mode: 0o644,
          uid: 0,
          gid: 0,
          uname: 'root',
          gname: 'root',
          size: f,
          mtime: 1_700_000_000,
          headerOffset: offset,
          dataOffset: offset + 512,
        });
        offset += 1024;
      }
    }
    const peak = process.memoryUsage();
    const index = builder.finish();
    const retained = (await bytesInUse()) - before;

    const entries = PACKAGES * FILES_PER_PACKAGE;
    // Root, /usr, /usr/share and one directory per package besides the files.
    expect(index.size).toBe(entries + PACKAGES + 3);
    expect(index.lookup(`/usr/share/pkg${PACKAGES - 1}/file${FILES_PER_PACKAGE - 1}`)?.size).toBe(FILES_PER_PACKAGE - 1);
    expect(index.totalSize('/usr/share/pkg0')).toBe((FILES_PER_PACKAGE * (FILES_PER_PACKAGE - 1)) / 2);

    const peakGrowth = peak.heapUsed + peak.arrayBuffers - before;
    expect(peakGrowth, `peak growth while building: got ${(peakGrowth / MB).toFixed(0)} MB, want < 400 MB`).toBeLessThan(400 * MB);
    const perEntry = retained / index.size;
    expect(perEntry, `retained per entry: got ${perEntry.toFixed(1)} bytes, want < 120`).toBeLessThan(120);
  });
});
