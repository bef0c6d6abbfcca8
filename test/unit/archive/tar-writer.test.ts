// The tar writer, checked by three readers: GNU tar (listing and extraction),
// Python's tarfile (every header field) and our own TarReader; plus the
// format details a reader cannot show (ustar prefix split, PAX records) and
// byte-for-byte determinism.
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TarWriteError } from '@/lib/archive/errors';
import { encodeTarHeader, encodePaxRecords, tarLength } from '@/lib/archive/tar-encode';
import { type TarInput, tarStream } from '@/lib/archive/tar-writer';
import type { TarHeader } from '@/lib/stream/tar-header';
import { parsePaxRecords } from '@/lib/stream/tar-pax';
import { TarReader } from '@/lib/stream/tar-reader';
import { pseudoRandom } from '../stream/stream-helpers';
import { collect, pythonList, run, sha256Hex, streamError, streamOf } from './archive-helpers';

const PREFIX_PATH = `${'a'.repeat(60)}/${'b'.repeat(60)}/${'c'.repeat(28)}`; // 150 bytes: fits prefix + name
const PAX_PATH = `${`${'d'.repeat(50)}/`.repeat(6)}file.txt`; // 314 bytes: needs a PAX path
const LONG_COMPONENT = `long/${'n'.repeat(120)}`; // a 120-byte name cannot be split
const LONG_TARGET = 'x/'.repeat(60) + 'end'; // 123 bytes: needs a PAX linkpath
const UTF8_PATH = 'unicode/ünï-日本.txt';
const BIG = pseudoRandom(200_013, 7);
const text = (s: string) => new TextEncoder().encode(s);

/** Content of each fixture file, by path. */
const CONTENTS = new Map<string, Uint8Array>();

/** The fixture: one of every entry type and every header overflow the writer handles. */
function fixture(): TarInput[] {
  const who = { uid: 1001, gid: 1002, uname: 'alice', gname: 'staff', mtime: 1_700_000_000 };
  const file = (path: string, content: Uint8Array, extra: object = {}): TarInput => (CONTENTS.set(path, content), {
    entry: { path, type: 'file', mode: 0o644, ...who, size: content.length, ...extra },
    content: streamOf(content.subarray(0, 100), content.subarray(100)),
  });
  return [
    { entry: { path: 'dir', type: 'directory', mode: 0o755, ...who } },
    file('dir/hello.txt', text('hello\n')),
    file('dir/setuid', text('s\n'), { mode: 0o4755 }),
    file('dir/sticky-setgid', text('g\n'), { mode: 0o3775 }),
    file('dir/big-uid', text('big\n'), { uid: 3_000_000, gid: 4_000_000 }),
    file('dir/long-owner', text('o\n'), { uname: 'u'.repeat(40), gname: 'g'.repeat(33) }),
    file('dir/fraction', text('f\n'), { mtime: 1_700_000_000.5 }),
    file('dir/empty', new Uint8Array(0)),
    file('dir/big.bin', BIG),
    { entry: { path: 'unicode', type: 'directory', ...who } },
    file(UTF8_PATH, text('ü\n')),
    { entry: { path: `${'a'.repeat(60)}/${'b'.repeat(60)}/`, type: 'directory', ...who } },
    file(PREFIX_PATH, text('prefix\n')),
    { entry: { path: PAX_PATH.slice(0, PAX_PATH.lastIndexOf('/')), type: 'directory', ...who } },
    file(PAX_PATH, text('pax\n')),
    { entry: { path: LONG_COMPONENT, type: 'directory', ...who } },
    { entry: { path: 'dir/sym', type: 'symlink', mode: 0o777, linkpath: 'hello.txt', ...who } },
    { entry: { path: 'dir/longsym', type: 'symlink', mode: 0o777, linkpath: LONG_TARGET, ...who } },
    { entry: { path: 'dir/hard', type: 'hardlink', mode: 0o644, linkpath: 'dir/hello.txt', ...who } },
    { entry: { path: 'dir/longhard', type: 'hardlink', mode: 0o644, linkpath: PAX_PATH, ...who } },
    { entry: { path: 'dir/fifo', type: 'fifo', mode: 0o600, ...who } },
    { entry: { path: 'dev-null', type: 'char', mode: 0o666, devmajor: 1, devminor: 3, ...who } },
    { entry: { path: 'dev-loop0', type: 'block', mode: 0o660, devmajor: 7, devminor: 0, ...who } },
  ];
}

const PY_TYPE: Record<string, string> = { file: '0', hardlink: '1', symlink: '2', char: '3', block: '4', directory: '5', fifo: '6' };

/** The Python listing the fixture must produce. */
function expectedListing() {
  return fixture().map(({ entry: e }) => {
    const bytes = CONTENTS.get(e.path);
    return {
      path: e.path.replace(/\/$/, ''),
      type: PY_TYPE[e.type],
      size: e.type === 'file' ? e.size : 0,
      mode: e.mode ?? (e.type === 'directory' ? 0o755 : 0o644),
      uid: e.uid,
      gid: e.gid,
      uname: e.uname,
      gname: e.gname,
      mtime: e.mtime,
      linkname: e.linkpath ?? '',
      devmajor: e.devmajor ?? 0,
      devminor: e.devminor ?? 0,
      ...(bytes ? { sha256: sha256Hex(bytes) } : {}),
    };
  });
}

let work: string;
let archive: Uint8Array;
let archivePath: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'tar-writer-'));
  archive = await collect(tarStream(fixture()));
  archivePath = join(work, 'fixture.tar');
  writeFileSync(archivePath, archive);
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('tar writer, read by Python tarfile', () => {
  it('lists every entry with the header fields it was given', () => {
    const got = pythonList(archivePath);
    const want = expectedListing();
    expect(got).toEqual(want);
  });
});

describe('tar writer, read by GNU tar', () => {
  it('lists every path with `tar -tvf` and no warning', () => {
    const listing = run('tar', ['-tvf', archivePath, '--quoting-style=literal', '--numeric-owner']);
    const lines = listing.trimEnd().split('\n');
    expect(lines).toHaveLength(fixture().length);
    for (const { entry } of fixture()) {
      const path = entry.type === 'directory' && !entry.path.endsWith('/') ? `${entry.path}/` : entry.path;
      expect(lines.some((l) => l.includes(` ${path}`)), `listing lacks ${path}:\n${listing}`).toBe(true);
    }
    expect(listing).toContain('-rwsr-xr-x 1001/1002');
    expect(listing).toContain('3000000/4000000');
    expect(listing).toContain(`dir/longsym -> ${LONG_TARGET}`);
    expect(listing).toContain(`dir/longhard link to ${PAX_PATH}`);
  });

  it('extracts files, links and owners as written', () => {
    const into = join(work, 'extract');
    run('mkdir', ['-p', into]);
    // Device nodes need CAP_MKNOD, which a container may lack: listed above, not extracted.
    run('tar', ['-xf', archivePath, '-C', into, '--same-owner', '--same-permissions', '--exclude=dev-*']);
    expect(readFileSync(join(into, 'dir/hello.txt'), 'utf8')).toBe('hello\n');
    expect(sha256Hex(readFileSync(join(into, 'dir/big.bin')))).toBe(sha256Hex(BIG));
    expect(readFileSync(join(into, UTF8_PATH), 'utf8')).toBe('ü\n');
    expect(readFileSync(join(into, PREFIX_PATH), 'utf8')).toBe('prefix\n');
    expect(readFileSync(join(into, PAX_PATH), 'utf8')).toBe('pax\n');
    expect(readlinkSync(join(into, 'dir/longsym'))).toBe(LONG_TARGET);
    expect(lstatSync(join(into, 'dir/hard')).ino).toBe(lstatSync(join(into, 'dir/hello.txt')).ino);
    expect(lstatSync(join(into, 'dir/longhard')).ino).toBe(lstatSync(join(into, PAX_PATH)).ino);
    expect(lstatSync(join(into, 'dir/setuid')).mode & 0o7777).toBe(0o4755);
    expect(lstatSync(join(into, 'dir/fifo')).isFIFO()).toBe(true);
    const big = lstatSync(join(into, 'dir/big-uid'));
    expect([big.uid, big.gid]).toEqual([3_000_000, 4_000_000]);
    expect(lstatSync(join(into, LONG_COMPONENT)).isDirectory()).toBe(true);
  });
});

describe('tar writer, names that were not UTF-8 in their layer', () => {
  // As decodeTarText reads Latin-1 names: 'café' with its é as the byte 0xe9, and the byte 0xe8 beside it.
  const E9 = 'latin1/caf\udce9';
  const E8 = 'latin1/caf\udce8';
  const entries = (): TarInput[] => [
    { entry: { path: 'latin1/', type: 'directory' } },
    { entry: { path: E9, type: 'file' }, content: text('e9\n') },
    { entry: { path: E8, type: 'file' }, content: text('e8\n') },
    { entry: { path: 'latin1/link', type: 'symlink', linkpath: 'caf\udce9' } },
    { entry: { path: 'latin1/hard', type: 'hardlink', linkpath: E9 } },
  ];

  it('writes the very bytes, two names apart, as GNU tar extracts them', async () => {
    const file = join(work, 'latin1.tar');
    writeFileSync(file, await collect(tarStream(entries())));
    const into = join(work, 'latin1-extract');
    run('mkdir', ['-p', into]);
    run('tar', ['-xf', file, '-C', into]);
    const names = readdirSync(join(into, 'latin1'), { encoding: 'buffer' }).map((n) => Array.from(n));
    const caf = [0x63, 0x61, 0x66];
    expect(names).toContainEqual([...caf, 0xe9]);
    expect(names).toContainEqual([...caf, 0xe8]);
    expect(readFileSync(Buffer.from([...Buffer.from(`${into}/latin1/`), ...caf, 0xe9])).toString()).toBe('e9\n');
    expect(readFileSync(Buffer.from([...Buffer.from(`${into}/latin1/`), ...caf, 0xe8])).toString()).toBe('e8\n');
    expect(Array.from(readlinkSync(join(into, 'latin1/link'), { encoding: 'buffer' }))).toEqual([...caf, 0xe9]);
    expect(readFileSync(join(into, 'latin1/hard')).toString()).toBe('e9\n');
  });

  it('says so in a pax hdrcharset record, and reads back through our TarReader as the same names', async () => {
    const bytes = await collect(tarStream(entries()));
    const headers: TarHeader[] = [];
    const reader = new TarReader({ onEntry: (h) => headers.push(h) });
    reader.push(bytes);
    reader.end();
    expect(headers.map((h) => [h.path, h.linkpath])).toEqual(entries().map(({ entry: e }) => [e.path, e.linkpath]));
    const paxOfE9 = parsePaxRecords(bytes.subarray(1024, 1536), 512);
    expect(paxOfE9.get('hdrcharset')).toBe('BINARY');
  });
});

describe('tar writer, read by our TarReader', () => {
  it('round-trips every header field', () => {
    const headers: TarHeader[] = [];
    const reader = new TarReader({ onEntry: (h) => headers.push(h) });
    reader.push(archive);
    reader.end();
    const got = headers.map((h) => ({ path: h.path, type: h.type, uid: h.uid, mtime: h.mtime, linkpath: h.linkpath }));
    const want = fixture().map(({ entry: e }) => ({
      path: e.type === 'directory' && !e.path.endsWith('/') ? `${e.path}/` : e.path,
      type: e.type === 'directory' ? 'directory' : e.type,
      uid: e.uid,
      mtime: e.mtime,
      linkpath: e.linkpath,
    }));
    expect(got).toEqual(want);
  });

  it('has exactly the length tarLength predicts', () => {
    expect(archive.length).toBe(tarLength(fixture().map((i) => i.entry)));
  });
});

describe('tar writer determinism', () => {
  it('writes the same bytes for the same entries, however the content is chunked', async () => {
    const rechunked = fixture().map((input) =>
      input.entry.path === 'dir/big.bin' ? { ...input, content: streamOf(...Array.from({ length: 40 }, (_, i) => BIG.subarray(i * 5001, (i + 1) * 5001))) } : input,
    );
    const again = await collect(tarStream(rechunked));
    expect(sha256Hex(again)).toBe(sha256Hex(archive));
  });
});

describe('tar header encoding', () => {
  const headerOf = (bytes: Uint8Array) => bytes.subarray(bytes.length - 512);
  const field = (block: Uint8Array, start: number, len: number) => {
    const raw = block.subarray(start, start + len);
    const nul = raw.indexOf(0);
    return new TextDecoder().decode(nul < 0 ? raw : raw.subarray(0, nul));
  };
  const paxOf = (bytes: Uint8Array) => {
    const size = parseInt(field(bytes, 124, 12), 8);
    return Object.fromEntries(parsePaxRecords(bytes.subarray(512, 512 + size), 0));
  };

  it('splits a path of 101-256 ASCII bytes into ustar prefix and name, without PAX', () => {
    const bytes = encodeTarHeader({ path: PREFIX_PATH, type: 'file', size: 1 });
    expect(bytes.length, 'one header block, no PAX header').toBe(512);
    expect(field(bytes, 345, 155)).toBe(`${'a'.repeat(60)}/${'b'.repeat(60)}`);
    expect(field(bytes, 0, 100)).toBe('c'.repeat(28));
  });

  it.each([
    ['a path longer than 256 bytes', { path: PAX_PATH, type: 'file' as const }, { path: PAX_PATH }],
    ['a name component over 100 bytes', { path: LONG_COMPONENT, type: 'directory' as const }, { path: `${LONG_COMPONENT}/` }],
    ['a non-ASCII path', { path: UTF8_PATH, type: 'file' as const }, { path: UTF8_PATH }],
    ['a link target over 100 bytes', { path: 's', type: 'symlink' as const, linkpath: LONG_TARGET }, { linkpath: LONG_TARGET }],
    ['a size of 8 GiB or more', { path: 'f', type: 'file' as const, size: 9 * 2 ** 30 }, { size: String(9 * 2 ** 30) }],
    ['a uid and gid beyond 7 octal digits', { path: 'f', type: 'file' as const, uid: 2 ** 21, gid: 2 ** 22 }, { uid: String(2 ** 21), gid: String(2 ** 22) }],
    ['a fractional mtime', { path: 'f', type: 'file' as const, mtime: 12.25 }, { mtime: '12.25' }],
    ['a nanosecond mtime, as its exact text', { path: 'f', type: 'file' as const, mtime: 1700000000.123456789, mtimeText: '1700000000.123456789' }, { mtime: '1700000000.123456789' }],
    ['a fraction a float rounds away', { path: 'f', type: 'file' as const, mtime: 1700000000, mtimeText: '1700000000.0000000001' }, { mtime: '1700000000.0000000001' }],
    ['a negative mtime', { path: 'f', type: 'file' as const, mtime: -5 }, { mtime: '-5' }],
    ['a user name over 32 bytes', { path: 'f', type: 'file' as const, uname: 'u'.repeat(33) }, { uname: 'u'.repeat(33) }],
    ['extra records, in key order', { path: 'f', type: 'file' as const, pax: { 'SCHILY.xattr.b': '2', 'SCHILY.xattr.a': '1' } }, { 'SCHILY.xattr.a': '1', 'SCHILY.xattr.b': '2' }],
  ])('writes a PAX header for %s', (_, entry, records) => {
    const bytes = encodeTarHeader(entry);
    expect(String.fromCharCode(bytes[156]), 'typeflag of the first block').toBe('x');
    expect(paxOf(bytes)).toEqual(records);
    expect(Object.keys(paxOf(bytes))).toEqual(Object.keys(records));
  });

  it('reads a 9 GiB size back through our reader from the PAX record', () => {
    const headers: TarHeader[] = [];
    new TarReader({ onEntry: (h) => headers.push(h) }).push(encodeTarHeader({ path: 'huge', type: 'file', size: 9 * 2 ** 30 }));
    expect(headers.map((h) => h.size)).toEqual([9 * 2 ** 30]);
  });

  it('writes device numbers beyond 7 octal digits in base-256', () => {
    const header = headerOf(encodeTarHeader({ path: 'dev', type: 'char', devmajor: 2 ** 24, devminor: 1 }));
    expect(header[329] & 0x80, 'base-256 marker bit').toBe(0x80);
    const headers: TarHeader[] = [];
    new TarReader({ onEntry: (h) => headers.push(h) }).push(encodeTarHeader({ path: 'dev', type: 'char', devmajor: 2 ** 24, devminor: 1 }));
    expect([headers[0].devmajor, headers[0].devminor]).toEqual([2 ** 24, 1]);
  });

  it('counts the length digits of a PAX record into its length (98 + 2 digits = 100 → 101)', () => {
    // " path=" + value + "\n" = 97 bytes; with "100" the record is 100, with "99" it would be 99 ≠ 97 + 2.
    for (const valueLength of [80, 89, 90, 91, 95, 990, 995]) {
      const records = encodePaxRecords([['path', 'v'.repeat(valueLength)]]);
      const length = parseInt(new TextDecoder().decode(records.subarray(0, records.indexOf(0x20))), 10);
      expect(length, `value of ${valueLength} bytes: got length ${length}, want ${records.length}`).toBe(records.length);
    }
  });

  it.each([
    ['an empty path', { path: '', type: 'file' as const }],
    ['a NUL in the path', { path: 'a\0b', type: 'file' as const }],
    ['a symlink without target', { path: 's', type: 'symlink' as const }],
    ['a directory with a size', { path: 'd', type: 'directory' as const, size: 3 }],
    ['a negative uid', { path: 'f', type: 'file' as const, uid: -1 }],
    ['an mtime text that is not the mtime', { path: 'f', type: 'file' as const, mtime: 5, mtimeText: '6' }],
    ['an mtime text that is not a PAX time', { path: 'f', type: 'file' as const, mtime: 5, mtimeText: '5e0' }],
  ])('refuses %s', (_, entry) => {
    expect(() => encodeTarHeader(entry)).toThrow(TarWriteError);
  });
});

describe('tar writer size checks', () => {
  it.each([
    ['shorter', 5, 'content ended after 4 of the 5 bytes declared'],
    ['longer', 3, 'content is longer than the 3 bytes declared'],
  ])('errors when the content is %s than declared', async (_, size, message) => {
    const error = await streamError(tarStream([{ entry: { path: 'f', type: 'file', size }, content: streamOf(text('ab'), text('cd')) }]));
    expect(error).toBeInstanceOf(TarWriteError);
    expect((error as Error).message).toContain(message);
  });

  it('takes the size of in-memory content when none is declared', async () => {
    const bytes = await collect(tarStream([{ entry: { path: 'f', type: 'file' }, content: text('abc') }]));
    expect(bytes.length).toBe(512 + 512 + 1024);
  });

  it('cancels the content stream when the archive is cancelled', async () => {
    let cancelled = false;
    const content = new ReadableStream<Uint8Array>({
      pull: (c) => c.enqueue(new Uint8Array(1000)),
      cancel: () => {
        cancelled = true;
      },
    });
    const reader = tarStream([{ entry: { path: 'f', type: 'file', size: 1_000_000 }, content }]).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    expect(cancelled).toBe(true);
  });
});
