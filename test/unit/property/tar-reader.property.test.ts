/**
 * Properties of the tar reader over archives our tar writer makes from
 * generated entries (fast-check; a failure prints the seed and the shrunk
 * entries): every header and every content byte reads back as written,
 * however the bytes are cut into chunks; and damaged or random bytes end in
 * a TarFormatError, never another exception and never a hang (the reader is
 * synchronous, so a loop would stall the test itself).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tarChunks, type TarWriterEntry } from '@/lib/archive/tar-writer';
import { TarFormatError } from '@/lib/stream/errors';
import type { TarHeader } from '@/lib/stream/tar-header';
import { TarReader } from '@/lib/stream/tar-reader';

const noNul = (s: string) => !s.includes('\0');
const text = (maxLength: number) =>
  fc.oneof(fc.string({ maxLength }), fc.string({ unit: 'grapheme', maxLength }).filter(noNul), fc.string({ unit: fc.constantFrom('a', 'é', '中', '🙂', ' ', '-'), maxLength }));
const name = fc.oneof(fc.stringMatching(/^[a-z0-9._-]{1,12}$/), text(60).filter((s) => s !== '' && !s.includes('/')));
const path = fc.array(name, { minLength: 1, maxLength: 8 }).map((parts) => parts.join('/'));
const id = fc.oneof(fc.integer({ min: 0, max: 0o7777777 }), fc.integer({ min: 0, max: 2 ** 40 }));
const mtime = fc.oneof(fc.integer({ min: 0, max: 2 ** 33 }), fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: -8, max: 8 }).map((q) => 1_700_000_000 + q / 4));

const common = {
  path,
  mode: fc.integer({ min: 0, max: 0o7777 }),
  uid: id,
  gid: id,
  uname: text(40),
  gname: text(40),
  mtime,
};

interface Generated {
  entry: TarWriterEntry;
  content?: Uint8Array;
}

const generatedEntry: fc.Arbitrary<Generated> = fc.oneof(
  fc.record({ ...common, content: fc.uint8Array({ maxLength: 1500 }) }).map(({ content, ...e }) => ({ entry: { ...e, type: 'file' as const, size: content.length }, content })),
  fc.record(common).map((e) => ({ entry: { ...e, type: 'directory' as const } })),
  fc.record({ ...common, type: fc.constantFrom('symlink' as const, 'hardlink' as const), linkpath: text(150).filter((s) => s !== '') }).map((e) => ({ entry: e })),
  fc.record({ ...common, type: fc.constantFrom('char' as const, 'block' as const), devmajor: id, devminor: id }).map((e) => ({ entry: e })),
  fc.record(common).map((e) => ({ entry: { ...e, type: 'fifo' as const } })),
);

async function writeArchive(entries: Generated[]): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of tarChunks(entries.map(({ entry, content }) => (content ? { entry, content } : { entry })))) parts.push(chunk);
  return concat(parts);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Reads an archive pushed in pieces cut at `cuts` (positions modulo its length). */
function readArchive(bytes: Uint8Array, cuts: number[]): { headers: TarHeader[]; contents: Uint8Array[] } {
  const headers: TarHeader[] = [];
  const contents: Uint8Array[][] = [];
  const reader = new TarReader({
    onEntry(header) {
      headers.push(header);
      contents.push([]);
    },
    onData(chunk) {
      contents[contents.length - 1].push(chunk.slice());
    },
  });
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const p of [...points, bytes.length]) {
    reader.push(bytes.subarray(from, p));
    from = p;
  }
  reader.end();
  return { headers, contents: contents.map(concat) };
}

/** What the reader must report for a written entry. */
function expectedHeader({ entry }: Generated) {
  const isLink = entry.type === 'symlink' || entry.type === 'hardlink';
  const isDevice = entry.type === 'char' || entry.type === 'block';
  return {
    path: entry.type === 'directory' ? `${entry.path}/` : entry.path,
    type: entry.type,
    mode: entry.mode,
    uid: entry.uid,
    gid: entry.gid,
    uname: entry.uname,
    gname: entry.gname,
    size: entry.size ?? 0,
    mtime: entry.mtime,
    linkpath: isLink ? entry.linkpath : undefined,
    devmajor: isDevice ? entry.devmajor : undefined,
    devminor: isDevice ? entry.devminor : undefined,
  };
}

function actualHeader(h: TarHeader): ReturnType<typeof expectedHeader> {
  return {
    path: h.path,
    type: h.type as TarWriterEntry['type'],
    mode: h.mode,
    uid: h.uid,
    gid: h.gid,
    uname: h.uname,
    gname: h.gname,
    size: h.size,
    mtime: h.mtime,
    linkpath: h.linkpath,
    devmajor: h.devmajor,
    devminor: h.devminor,
  };
}

/** Reads the bytes and requires that anything thrown is a TarFormatError. */
function readsOrRefuses(bytes: Uint8Array, cuts: number[]): void {
  try {
    readArchive(bytes, cuts);
  } catch (error) {
    if (!(error instanceof TarFormatError)) throw new Error(`got ${String(error)}, want TarFormatError`);
  }
}

const cuts = fc.array(fc.nat(), { maxLength: 6 });

describe('tar reader properties', () => {
  it('reads back every header and content our writer wrote, whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(generatedEntry, { maxLength: 6 }), cuts, async (entries, at) => {
        const archive = await writeArchive(entries);
        const { headers, contents } = readArchive(archive, at);
        expect(headers.map(actualHeader)).toEqual(entries.map(expectedHeader));
        expect(contents).toEqual(entries.map((e) => e.content ?? new Uint8Array(0)));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses damaged archives with TarFormatError only', async () => {
    const damage = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(fc.array(generatedEntry, { minLength: 1, maxLength: 4 }), damage, fc.nat(), cuts, async (entries, edits, cut, at) => {
        const archive = await writeArchive(entries);
        for (const [where, value] of edits) archive[where % archive.length] = value;
        readsOrRefuses(archive, at);
        readsOrRefuses(archive.subarray(0, cut % (archive.length + 1)), at);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses random bytes with TarFormatError only', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), cuts, (bytes, at) => readsOrRefuses(bytes, at)),
      { numRuns: 300 },
    );
  });
});
