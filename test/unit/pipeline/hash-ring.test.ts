// The hash ring: a sha256 whose bytes cross to another thread through shared
// memory. Both sides run here in one thread (ring-helpers.ts), with rings
// small enough that every hash wraps around them many times.
import { describe, expect, it } from 'vitest';
import { DigestMismatchError } from '@/lib/digest';
import { MediaType } from '@/lib/oci/media-types';
import { createHashRingMemory } from '@/lib/pipeline/hash-ring';
import { processLayer } from '@/lib/pipeline/process-layer';
import { chunks, pseudoRandom, sourceOf } from '../stream/stream-helpers';
import { buildTar, gzip, SAMPLE_TREE, sha256, zstd } from './layer-fixtures';
import { ringInOneThread } from './ring-helpers';

describe('HashRingWriter and HashRingReader', () => {
  it.each([
    [0, 7],
    [1, 1],
    [63, 64],
    [64, 64],
    [65, 13],
    [10_000, 1000],
    [10_000, 37],
    [100_003, 4096],
  ])('hash %i bytes written %i at a time through a 64-byte ring as Node does', (length, chunkSize) => {
    const { writer, counts } = ringInOneThread(64);
    const bytes = pseudoRandom(length, length + 1);
    const hash = writer.begin()!;
    for (const chunk of chunks(bytes, chunkSize)) hash.update(chunk);
    expect(hash.digest()).toBe(sha256(bytes));
    expect(counts.hashed).toBe(length);
  });

  it('lends the ring to one hash at a time, and again once its digest is read', () => {
    const { writer } = ringInOneThread();
    const first = writer.begin()!;
    expect(writer.begin(), 'a second hash while the first holds the ring').toBeUndefined();
    first.update(new Uint8Array([1, 2, 3]));
    expect(first.digest()).toBe(sha256(new Uint8Array([1, 2, 3])));
    const second = writer.begin();
    expect(second).toBeDefined();
    expect(second!.digest()).toBe(sha256(new Uint8Array(0)));
  });

  it('forgets a released hash: the next one hashes only its own bytes', () => {
    const { writer, reader, counts } = ringInOneThread(64);
    const dropped = writer.begin()!;
    dropped.update(pseudoRandom(1000, 1));
    dropped.release();
    dropped.release();
    expect(() => dropped.update(new Uint8Array(1))).toThrow(/after digest or release/);
    // The reader lets go of it on its next step; the writer's begin waits for that.
    const bytes = pseudoRandom(500, 2);
    const next = writer.begin()!;
    next.update(bytes);
    expect(next.digest()).toBe(sha256(bytes));
    expect(counts.hashes).toBe(2);
    expect(reader.step(), 'nothing left to do').toBe(false);
  });

  it('refuses a digest read twice and a ring whose size is not a power of two', () => {
    const { writer } = ringInOneThread();
    const hash = writer.begin()!;
    hash.digest();
    expect(() => hash.digest()).toThrow(/digest read twice/);
    expect(() => createHashRingMemory(100)).toThrow(/not a power of two/);
  });
});

describe('processLayer with its larger hash on the ring', () => {
  const tar = buildTar(SAMPLE_TREE);
  it.each([
    ['gzip', 'tar', gzip(tar), MediaType.OciLayerGzip],
    ['zstd', 'tar', zstd(tar), MediaType.OciLayerZstd],
    ['plain tar', 'blob', tar, MediaType.OciLayer],
  ] as const)('verifies a %s layer as in one thread, the %s hash on the ring', async (_name, ringHashes, blob, mediaType) => {
    const input = { digest: sha256(blob), size: blob.length, diffId: sha256(tar), mediaType };
    const local = await processLayer({ ...input, body: sourceOf(chunks(blob, 1000)) });
    const { writer, counts } = ringInOneThread(4096);
    const ringed = await processLayer({ ...input, body: sourceOf(chunks(blob, 1000)), otherThreadHash: () => writer.begin() });
    expect(ringed.digest).toEqual(local.digest);
    expect(ringed.diffId).toEqual(local.diffId);
    expect(ringed.entries).toBe(local.entries);
    expect(counts.hashed, 'bytes hashed on the ring').toBe(ringHashes === 'tar' ? tar.length : blob.length);
    expect(writer.begin(), 'the ring is free again').toBeDefined();
  });

  it('reports a tar that is not what its diff_id names, with the digest the ring computed', async () => {
    const blob = gzip(tar);
    const wrongDiffId = sha256(new TextEncoder().encode('another tar'));
    const { writer } = ringInOneThread(4096);
    const err = await processLayer({
      digest: sha256(blob),
      size: blob.length,
      diffId: wrongDiffId,
      mediaType: MediaType.OciLayerGzip,
      body: sourceOf(chunks(blob, 1000)),
      otherThreadHash: () => writer.begin(),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DigestMismatchError);
    expect((err as DigestMismatchError).want).toBe(wrongDiffId);
    expect((err as DigestMismatchError).got).toBe(sha256(tar));
    expect(writer.begin(), 'the ring is free again').toBeDefined();
  });

  it('reports a plain tar that is not what its digest names, and frees the ring', async () => {
    const wrong = sha256(new TextEncoder().encode('another blob'));
    const { writer } = ringInOneThread(4096);
    const err = await processLayer({
      digest: wrong,
      size: tar.length,
      mediaType: MediaType.OciLayer,
      body: sourceOf(chunks(tar, 1000)),
      otherThreadHash: () => writer.begin(),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DigestMismatchError);
    expect((err as DigestMismatchError).got).toBe(sha256(tar));
    expect(writer.begin()).toBeDefined();
  });

  it('checks a plain tar sent as gzip in full, and frees the ring it did not use', async () => {
    const { writer, counts } = ringInOneThread(4096);
    const result = await processLayer({
      digest: sha256(tar),
      size: tar.length,
      diffId: sha256(tar),
      mediaType: MediaType.OciLayerGzip,
      body: sourceOf(chunks(tar, 1000)),
      otherThreadHash: () => writer.begin(),
    });
    expect(result.compression).toBe('none');
    expect(result.diffId.ok).toBe(true);
    expect(counts.hashed).toBe(0);
    expect(writer.begin()).toBeDefined();
  });

  it('frees the ring when the layer is cancelled part way', async () => {
    const blob = gzip(tar);
    const { writer } = ringInOneThread(4096);
    const controller = new AbortController();
    const parts = chunks(blob, 1000);
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        const next = parts.shift();
        if (parts.length === Math.floor(blob.length / 2000)) controller.abort(new Error('the user left'));
        if (next) c.enqueue(next);
        else c.close();
      },
    });
    const err = await processLayer({
      digest: sha256(blob),
      size: blob.length,
      diffId: sha256(tar),
      mediaType: MediaType.OciLayerGzip,
      body,
      signal: controller.signal,
      otherThreadHash: () => writer.begin(),
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('the user left');
    expect(writer.begin()).toBeDefined();
  });
});
