// readLayerFile and streamLayerFile return exactly the bytes GNU tar stored
// for a file, found by the offsets processLayer recorded, from gzip, zstd
// and plain layers; and they stop reading the blob once the file is out.
import { describe, expect, it } from 'vitest';
import { MediaType } from '@/lib/oci/media-types';
import { processLayer } from '@/lib/pipeline/process-layer';
import { readLayerFile, streamLayerFile } from '@/lib/pipeline/read-file';
import { TarFormatError } from '@/lib/stream/errors';
import type { Compression } from '@/lib/stream/inflate';
import { chunks, concat, sourceOf } from '../stream/stream-helpers';
import { buildTar, contentOf, gzip, SAMPLE_TREE, sha256, zstd } from './layer-fixtures';

const tar = buildTar(SAMPLE_TREE);
const blobs: Record<Compression, Uint8Array> = { gzip: gzip(tar), zstd: zstd(tar), none: tar };
const index = (await processLayer({ body: sourceOf([tar]), digest: sha256(tar), mediaType: MediaType.OciLayer })).index;
const files = SAMPLE_TREE.filter((e) => e.kind === 'file' && !e.path.includes('.wh.'));

function location(path: string) {
  const e = index.lookup(`/${path}`)!;
  return { headerOffset: e.headerOffset, dataOffset: e.dataOffset, size: e.size };
}

/** A blob source that counts how many chunks were pulled from it. */
function counted(blob: Uint8Array, size = 4096) {
  const parts = chunks(blob, size);
  const state = { pulled: 0, cancelled: false, total: parts.length };
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (state.pulled < parts.length) c.enqueue(parts[state.pulled++]);
      else c.close();
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe.each(['gzip', 'zstd', 'none'] as const)('reading files back from a %s layer', (compression) => {
  it.each(files.map((f) => [f.path, f] as const))('returns the exact bytes of %s', async (path, entry) => {
    const bytes = await readLayerFile({ blob: sourceOf(chunks(blobs[compression], 3000)), compression, ...location(path) });
    expect(sha256(bytes)).toBe(sha256(contentOf(entry)));
    expect(bytes.length).toBe(contentOf(entry).length);
  });

  it('returns only the first maxBytes of a file', async () => {
    const notes = files.find((f) => f.path === 'usr/share/doc/notes.txt')!;
    const bytes = await readLayerFile({ blob: sourceOf([blobs[compression]]), compression, ...location(notes.path), maxBytes: 1000 });
    expect(bytes).toEqual(contentOf(notes).subarray(0, 1000));
  });

  it('streams a whole file for a download', async () => {
    const notes = files.find((f) => f.path === 'usr/share/doc/notes.txt')!;
    const parts: Uint8Array[] = [];
    const reader = streamLayerFile({ blob: sourceOf(chunks(blobs[compression], 5000)), compression, ...location(notes.path) }).getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
    expect(sha256(concat(parts))).toBe(sha256(contentOf(notes)));
  });
});

describe('readLayerFile', () => {
  it('stops reading and cancels the blob once the file is out', async () => {
    const { stream, state } = counted(blobs.gzip, 1024);
    await readLayerFile({ blob: stream, compression: 'gzip', ...location('etc/os-release') });
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(state.total);
  });

  it('reads the blob to its end when asked to (for a verifying stage upstream)', async () => {
    const { stream, state } = counted(blobs.gzip, 1024);
    await readLayerFile({ blob: stream, compression: 'gzip', ...location('etc/os-release'), readToEnd: true });
    expect(state.cancelled).toBe(false);
    expect(state.pulled).toBe(state.total);
  });

  it('refuses offsets that do not point at a tar header', async () => {
    const wrong = { ...location('bin/tool'), headerOffset: location('bin/tool').headerOffset + 512 };
    await expect(readLayerFile({ blob: sourceOf([tar]), compression: 'none', ...wrong })).rejects.toBeInstanceOf(TarFormatError);
  });

  it('fails with a TarFormatError when the layer ends before the file', async () => {
    const at = location('usr/share/doc/notes.txt');
    const err = await readLayerFile({ blob: sourceOf([tar.subarray(0, at.dataOffset + 10)]), compression: 'none', ...at }).catch((e) => e);
    expect(err).toBeInstanceOf(TarFormatError);
    expect((err as TarFormatError).offset).toBe(at.dataOffset + 10);
  });

  it('reads an empty file', async () => {
    const bytes = await readLayerFile({ blob: sourceOf([blobs.zstd]), compression: 'zstd', ...location('usr/share/empty') });
    expect(bytes.length).toBe(0);
  });
});
