// The blob stores' contract: a blob is visible under its digest only after
// commit, an aborted write leaves nothing behind, and what is read back is
// byte for byte what was written.
import { describe, expect, it } from 'vitest';
import { bestEffortCopy, writeThrough, type BlobStore, isCacheable, MAX_CACHED_BLOB_BYTES } from '@/lib/pipeline/blob-store';
import { FallbackBlobStore } from '@/lib/pipeline/fallback-blob-store';
import { MemoryBlobStore } from '@/lib/pipeline/memory-blob-store';
import { OpfsBlobStore, STALE_TEMPORARY_MS } from '@/lib/pipeline/opfs-blob-store';
import { createChunkReader } from '@/lib/stream/chunk-reader';
import { byteSourceOf, chunks, concat, pseudoRandom, sourceOf } from '../stream/stream-helpers';
import { FakeDirectory } from './fake-opfs';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const OTHER = `sha256:${'cd'.repeat(32)}`;
const BYTES = pseudoRandom(5000, 3);

async function readAll(stream: ReadableStream<Uint8Array> | undefined): Promise<Uint8Array> {
  if (!stream) throw new Error('got no stream, want the stored blob');
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
  return concat(parts);
}

interface Subject {
  name: string;
  make(): { store: BlobStore; leftovers(): string[] };
}

const memory: Subject = {
  name: 'MemoryBlobStore',
  make: () => ({ store: new MemoryBlobStore(), leftovers: () => [] }),
};
const opfs = (name: string, options: { sync?: boolean }): Subject => ({
  name,
  make() {
    const dir = new FakeDirectory(options);
    return { store: new OpfsBlobStore(async () => dir.asHandle()), leftovers: () => [...dir.files.keys()].filter((f) => f.startsWith('tmp-')) };
  },
});

describe.each([memory, opfs('OpfsBlobStore (writable stream)', {}), opfs('OpfsBlobStore (sync access handle)', { sync: true })])(
  '$name',
  ({ make }) => {
    it('shows nothing under the digest until commit', async () => {
      const { store } = make();
      const writer = await store.writer(DIGEST);
      for (const c of chunks(BYTES, 1500)) await writer.write(c);
      expect(await store.has(DIGEST)).toBe(false);
      expect(await store.open(DIGEST)).toBeUndefined();
      await writer.commit();
      expect(await store.has(DIGEST)).toBe(true);
      expect(await readAll(await store.open(DIGEST))).toEqual(BYTES);
    });

    it('leaves nothing behind after abort', async () => {
      const { store, leftovers } = make();
      const writer = await store.writer(DIGEST);
      await writer.write(BYTES);
      await writer.abort();
      await writer.abort();
      expect(await store.has(DIGEST)).toBe(false);
      expect(leftovers()).toEqual([]);
    });

    it('refuses writes and commits after the writer finished', async () => {
      const { store } = make();
      const writer = await store.writer(DIGEST);
      await writer.commit();
      await expect(writer.write(BYTES)).rejects.toThrow(/after committed/);
      const aborted = await store.writer(OTHER);
      await aborted.abort();
      await expect(aborted.commit()).rejects.toThrow(/after aborted/);
      expect(await store.has(OTHER)).toBe(false);
    });

    it('keeps concurrent writers of one digest apart', async () => {
      const { store, leftovers } = make();
      const a = await store.writer(DIGEST);
      const b = await store.writer(DIGEST);
      await a.write(BYTES.subarray(0, 10));
      await b.write(BYTES);
      await a.abort();
      await b.commit();
      expect(await readAll(await store.open(DIGEST))).toEqual(BYTES);
      expect(leftovers()).toEqual([]);
    });

    it("stores a copy, not the caller's buffer", async () => {
      const { store } = make();
      const chunk = BYTES.slice(0, 100);
      const writer = await store.writer(DIGEST);
      await writer.write(chunk);
      chunk.fill(0);
      await writer.commit();
      expect(await readAll(await store.open(DIGEST))).toEqual(BYTES.subarray(0, 100));
    });

    it('deletes a blob, and deleting a missing one is no error', async () => {
      const { store } = make();
      const writer = await store.writer(DIGEST);
      await writer.write(BYTES);
      await writer.commit();
      await store.delete(DIGEST);
      await store.delete(DIGEST);
      expect(await store.has(DIGEST)).toBe(false);
    });
  },
);

describe('OpfsBlobStore specifics', () => {
  it('writes under a temporary name and renames to sha256-<hex> on commit', async () => {
    const dir = new FakeDirectory();
    const store = new OpfsBlobStore(async () => dir.asHandle());
    const writer = await store.writer(DIGEST);
    await writer.write(BYTES);
    const names = [...dir.files.keys()];
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^tmp-sha256-(ab){32}-[0-9a-f]{16}$/);
    await writer.commit();
    expect([...dir.files.keys()]).toEqual([`sha256-${'ab'.repeat(32)}`]);
  });

  it('does not cache on an engine without an atomic rename', async () => {
    const dir = new FakeDirectory({ move: false });
    const store = new OpfsBlobStore(async () => dir.asHandle());
    const writer = await store.writer(DIGEST);
    await writer.write(BYTES);
    await writer.commit();
    expect(await store.has(DIGEST)).toBe(false);
    expect([...dir.files.keys()]).toEqual([]);
  });
});

describe('OpfsBlobStore leftovers of writers that never ended', () => {
  const LEFT = `tmp-sha256-${'cd'.repeat(32)}-00112233aabbccdd`;

  /** A folder holding a temporary file written `age` ms ago by a writer that is gone, or still holds it (`held`). */
  async function folderWith(age: number, options: { held?: boolean; sync?: boolean } = {}) {
    let clock = 1_000_000;
    const dir = new FakeDirectory({ sync: options.sync ?? true, now: () => clock });
    const handle = await dir.getFileHandle(LEFT, { create: true });
    const writing = await handle.createWritable();
    await writing.write(BYTES.slice(0, 800));
    if (!options.held) await writing.close();
    clock += age;
    return { dir, store: new OpfsBlobStore(async () => dir.asHandle(), { now: () => clock }) };
  }

  const cases = [
    { name: 'removes an old copy no writer holds', age: STALE_TEMPORARY_MS + 1, held: false, sync: true, kept: false },
    { name: 'keeps an old copy a writer still holds open', age: STALE_TEMPORARY_MS + 1, held: true, sync: true, kept: true },
    { name: 'keeps a young copy whose writer may not have opened it yet', age: STALE_TEMPORARY_MS - 1_000, held: false, sync: true, kept: true },
    { name: 'keeps every copy where the lock cannot be tested (the page)', age: STALE_TEMPORARY_MS + 1, held: false, sync: false, kept: true },
  ];

  it.each(cases)('$name', async ({ age, held, sync, kept }) => {
    const { dir, store } = await folderWith(age, { held, sync });
    await store.writer(DIGEST).then((w) => w.abort());
    const removed = await store.sweepStaleTemporaries();
    const left = dir.files.has(LEFT);
    expect(left, `${LEFT} left in the folder: got ${left}, want ${kept}`).toBe(kept);
    expect(removed).toEqual(kept ? [] : [LEFT]);
  });

  it('leaves verified blobs alone', async () => {
    const { dir, store } = await folderWith(STALE_TEMPORARY_MS + 1);
    const writer = await store.writer(DIGEST);
    await writer.write(BYTES);
    await writer.commit();
    await store.sweepStaleTemporaries();
    expect([...dir.files.keys()]).toEqual([`sha256-${'ab'.repeat(32)}`]);
  });
});

describe('writeThrough', () => {
  it('passes every chunk on and into the writer', async () => {
    const store = new MemoryBlobStore();
    const writer = await store.writer(DIGEST);
    const out = await readAll(writeThrough(sourceOf(chunks(BYTES, 777)), writer));
    await writer.commit();
    expect(out).toEqual(BYTES);
    expect(await readAll(await store.open(DIGEST))).toEqual(BYTES);
  });
});

describe('bestEffortCopy', () => {
  it('lets the read go on when storage fills part way: every byte passes, the copy is discarded, commit stores nothing', async () => {
    const dir = new FakeDirectory({ sync: true });
    const store = new OpfsBlobStore(async () => dir.asHandle());
    const writer = await store.writer(DIGEST);
    let writes = 0;
    // The quota runs out at the third chunk, as QuotaExceededError would.
    const full: typeof writer = {
      write: (chunk) => (++writes >= 3 ? Promise.reject(new DOMException('quota', 'QuotaExceededError')) : writer.write(chunk)),
      commit: () => writer.commit(),
      abort: () => writer.abort(),
    };
    const copy = bestEffortCopy(full);
    const out = await readAll(writeThrough(sourceOf(chunks(BYTES, 777)), copy));
    expect(out).toEqual(BYTES);
    expect(writes, 'no write after the failed one').toBe(3);
    await copy.commit();
    expect(await store.has(DIGEST)).toBe(false);
    expect([...dir.files.keys()], 'the partial copy is deleted').toEqual([]);
  });
});

describe('writeThrough into a reader that brings its own buffer', () => {
  it.each([
    ['a byte stream', () => byteSourceOf(chunks(BYTES, 777))],
    ['a default stream', () => sourceOf(chunks(BYTES, 777))],
  ])('passes %s on and into the writer', async (_name, source) => {
    const store = new MemoryBlobStore();
    const writer = await store.writer(DIGEST);
    const reader = createChunkReader(writeThrough(source(), writer), 1000);
    const seen: Uint8Array[] = [];
    for (let chunk = await reader.read(); chunk !== undefined; chunk = await reader.read()) seen.push(chunk.slice());
    await writer.commit();
    expect(concat(seen)).toEqual(BYTES);
    expect(await readAll(await store.open(DIGEST))).toEqual(BYTES);
  });

  it("leaves a default stream's own chunks intact", async () => {
    const parts = chunks(BYTES, 777);
    const writer = await new MemoryBlobStore().writer(DIGEST);
    await readAll(writeThrough(sourceOf(parts), writer));
    expect(concat(parts)).toEqual(BYTES);
  });

  it("errors with the signal's reason and cancels the source when aborted", async () => {
    let cancelled: unknown;
    const source = new ReadableStream<Uint8Array>({ type: 'bytes', cancel: (r) => void (cancelled = r) });
    const controller = new AbortController();
    const writer = await new MemoryBlobStore().writer(DIGEST);
    const reading = readAll(writeThrough(source, writer, controller.signal));
    controller.abort(new Error('stop'));
    await expect(reading).rejects.toThrow('stop');
    expect(cancelled).toBeInstanceOf(Error);
  });
});

describe('isCacheable', () => {
  it.each([
    [undefined, false],
    [0, true],
    [MAX_CACHED_BLOB_BYTES, true],
    [MAX_CACHED_BLOB_BYTES + 1, false],
  ])('size %s → %s', (size, want) => {
    expect(isCacheable(size)).toBe(want);
  });
});

describe('FallbackBlobStore', () => {
  it('uses the primary store when it opens', async () => {
    const primary = new MemoryBlobStore();
    const store = new FallbackBlobStore(primary, new MemoryBlobStore());
    const writer = await store.writer(DIGEST);
    await writer.commit();
    expect(await primary.has(DIGEST)).toBe(true);
  });

  it('falls back for good when the primary store refuses to open', async () => {
    const broken = new OpfsBlobStore(async () => {
      throw new DOMException('no OPFS in this mode', 'SecurityError');
    });
    const fallback = new MemoryBlobStore();
    const store = new FallbackBlobStore(broken, fallback);
    const writer = await store.writer(DIGEST);
    await writer.write(BYTES);
    await writer.commit();
    expect(await store.has(DIGEST)).toBe(true);
    expect(fallback.digests()).toEqual([DIGEST]);
  });
});
