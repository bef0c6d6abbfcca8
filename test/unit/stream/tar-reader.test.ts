import { describe, expect, it } from 'vitest';
import { TarFormatError } from '@/lib/stream/errors';
import { parseNumeric, type TarHeader } from '@/lib/stream/tar-header';
import { MAX_PAX_RECORDS } from '@/lib/stream/tar-pax';
import { MAX_META_SIZE, type TarEnd, type TarEvent, TarReader, tarEntriesStream } from '@/lib/stream/tar-reader';
import { END, base256, data, file, gnuLong, header, paxHeader } from './tar-builder';
import { chunks, concat, sourceOf } from './stream-helpers';

const enc = new TextEncoder();
const dec = new TextDecoder();

interface Read {
  headers: TarHeader[];
  contents: string[];
  end: TarEnd | undefined;
}

/** Reads an archive in chunks of `size`; throws what the reader throws. */
function read(archive: Uint8Array, size = 100_000): Read {
  const headers: TarHeader[] = [];
  const contents: string[] = [];
  let parts: Uint8Array[] = [];
  let end: TarEnd | undefined;
  const reader = new TarReader({
    onEntry: (h) => {
      headers.push(h);
      parts = [];
    },
    onData: (c) => void parts.push(c.slice()),
    onEntryEnd: () => void contents.push(dec.decode(concat(parts))),
    onEnd: (e) => (end = e),
  });
  for (const part of chunks(archive, size)) reader.push(part);
  reader.end();
  return { headers, contents, end };
}

function readError(archive: Uint8Array, size = 100_000): TarFormatError {
  try {
    read(archive, size);
  } catch (err) {
    expect(err).toBeInstanceOf(TarFormatError);
    return err as TarFormatError;
  }
  throw new Error('got no error, want a TarFormatError');
}

describe('parseNumeric', () => {
  const f = (s: string) => enc.encode(s);
  it.each([
    ['NUL-terminated octal', f('0000644\0'), 0o644],
    ['space-terminated octal', f('000644 \0'), 0o644],
    ['leading spaces', f('   644 \0'), 0o644],
    ['leading NULs', f('\u0000\u0000\u0000644\u0000'), 0o644],
    ['no terminator', f('00000000644'), 0o644],
    ['all NULs', new Uint8Array(8), 0],
    ['all spaces', f('        '), 0],
    ['garbage after a NUL is ignored', f('644\0zz'), 0o644],
    ['12-byte size of 8 GiB - 1', f('77777777777\0'), 8 * 1024 ** 3 - 1],
    ['base-256 of 8 GiB + 1', base256(8 * 1024 ** 3 + 1, 12), 8 * 1024 ** 3 + 1],
    ['base-256 of 2^53 - 1', base256(Number.MAX_SAFE_INTEGER, 12), Number.MAX_SAFE_INTEGER],
    ['base-256 of -1', base256(-1, 12), -1],
    ['base-256 of -1700000000', base256(-1700000000, 12), -1700000000],
    ['digit 8', f('0000648\0'), undefined],
    ['space between digits', f('64 4\0'), undefined],
    ['letters', f('abc\0'), undefined],
    ['base-256 beyond 2^53', new Uint8Array([0x80, 0, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0]), undefined],
  ])('%s', (_name, field, want) => {
    expect(parseNumeric(field)).toBe(want);
  });
});

describe('tar reader, header fields', () => {
  it('reads a base-256 size field', () => {
    const content = 'x'.repeat(1000);
    const archive = concat([header({ name: 'big', size: base256(1000, 12) }), data(content), END]);
    const { headers, contents } = read(archive);
    expect([headers[0].size, contents[0]]).toEqual([1000, content]);
  });

  it('names the missing bytes when a base-256 size beyond 8 GiB is cut short', () => {
    const size = 8 * 1024 ** 3 + 1;
    const err = readError(concat([header({ name: 'huge', size: base256(size, 12) }), new Uint8Array(512)]));
    expect(err.message).toBe(`tar archive truncated at byte 1024: "huge" (header at byte 0) needs ${size - 512} more bytes`);
    expect(err.offset).toBe(1024);
  });

  it('reads base-256 negative mtime and large uid/gid', () => {
    const h = read(concat([header({ mtime: base256(-86400, 12), uid: base256(5_000_000, 8), gid: base256(2 ** 40, 8) }), END])).headers[0];
    expect([h.mtime, h.uid, h.gid]).toEqual([-86400, 5_000_000, 2 ** 40]);
  });

  it('reads space-padded numeric fields of old archivers', () => {
    const h = read(concat([header({ mode: '   755 \0', uid: '  1750 \0', size: 3 }), data('abc'), END])).headers[0];
    expect([h.mode, h.uid, h.size]).toEqual([0o755, 0o1750, 3]);
  });

  it.each(['unsigned', 'signed'] as const)('accepts a header whose checksum is the %s byte sum', (checksum) => {
    // UTF-8 bytes >= 0x80 make the signed and unsigned sums differ.
    const { headers } = read(concat([header({ name: 'ünïcødé', checksum }), END]));
    expect(headers[0].path).toBe('ünïcødé');
  });

  it('fails on a bad checksum, naming the header offset', () => {
    const err = readError(concat([file('a', 'hello'), header({ name: 'b', checksum: 'bad' }), END]));
    expect([err.code, err.message, err.offset]).toEqual(['TAR_FORMAT', 'bad tar header checksum at byte 1024', 1024]);
  });

  it('fails on a malformed numeric field', () => {
    const err = readError(concat([header({ mode: 'rw-r--r-' }), END]));
    expect(err.message).toBe('bad mode field in tar header at byte 0');
  });

  it('joins the ustar prefix and name with a slash', () => {
    expect(read(concat([header({ prefix: 'usr/share/doc', name: 'README' }), END])).headers[0].path).toBe('usr/share/doc/README');
  });

  it('does not read a GNU header atime field as a prefix', () => {
    const h = header({ magic: 'gnu', name: 'plain', prefix: '14000000000\0' });
    expect(read(concat([h, END])).headers[0].path).toBe('plain');
  });

  it('reads a v7 file whose name ends in a slash as a directory', () => {
    const h = read(concat([header({ magic: 'v7', name: 'etc/', typeflag: '\0' }), END])).headers[0];
    expect([h.type, h.typeflag, h.uname]).toEqual(['directory', '\0', '']);
  });

  it.each([
    ['0', 'file'],
    ['\0', 'file'],
    ['7', 'file'],
    ['1', 'hardlink'],
    ['2', 'symlink'],
    ['3', 'char'],
    ['4', 'block'],
    ['5', 'directory'],
    ['6', 'fifo'],
    ['S', 'file'], // a GNU sparse file, here of no data: tar-sparse.test.ts
    ['V', 'other'],
  ])('maps typeflag %j to %s', (typeflag, type) => {
    expect(read(concat([header({ typeflag }), END])).headers[0].type).toBe(type);
  });

  it('reads device numbers of char and block devices', () => {
    const h = read(concat([header({ name: 'dev/null', typeflag: '3', devmajor: '0000001\0', devminor: '0000003\0' }), END])).headers[0];
    expect([h.type, h.devmajor, h.devminor]).toEqual(['char', 1, 3]);
  });

  it('ignores the size field of links, directories and fifos (as Go archive/tar does)', () => {
    const archive = concat([header({ name: 'l', typeflag: '2', linkname: 'target', size: 700 }), file('after', 'ok'), END]);
    const { headers, contents } = read(archive);
    expect(headers.map((h) => [h.path, h.size, h.linkpath])).toEqual([
      ['l', 0, 'target'],
      ['after', 2, undefined],
    ]);
    expect(contents).toEqual(['', 'ok']);
  });

  it('reads the data of a GNU dumpdir (D) entry', () => {
    const { headers, contents } = read(concat([file('dir/', 'Yname\0\0', { typeflag: 'D', magic: 'gnu' }), END]));
    expect([headers[0].type, contents[0]]).toEqual(['directory', 'Yname\0\0']);
  });

  it('reports hardlink targets and the offsets of header and data', () => {
    const archive = concat([file('a', 'x'.repeat(600)), header({ name: 'b', typeflag: '1', linkname: 'a' }), END]);
    const [a, b] = read(archive).headers;
    expect([a.headerOffset, a.dataOffset, a.recordOffset]).toEqual([0, 512, 0]);
    expect([b.type, b.linkpath, b.headerOffset, b.dataOffset]).toEqual(['hardlink', 'a', 1536, 2048]);
  });
});

describe('tar reader, GNU and PAX extensions', () => {
  const longName = `${'d'.repeat(120)}/${'f'.repeat(130)}`;
  const longLink = `${'t'.repeat(300)}`;

  it('applies GNU long name (L) and long link (K) to the next entry only', () => {
    const archive = concat([gnuLong('L', longName), gnuLong('K', longLink), header({ name: 'short', typeflag: '2', linkname: 'short-target', magic: 'gnu' }), file('next', ''), END]);
    const [first, second] = read(archive).headers;
    expect([first.path, first.linkpath, first.recordOffset, first.headerOffset]).toEqual([longName, longLink, 0, 2048]);
    expect([second.path, second.linkpath]).toEqual(['next', undefined]);
  });

  it('applies PAX path, linkpath, size, mtime, uid, gid, uname, gname', () => {
    const content = 'x'.repeat(700);
    const archive = concat([
      paxHeader([
        ['path', longName],
        ['linkpath', 'ignored for a file but reported'],
        ['size', '700'],
        ['mtime', '1700000000.123456789'],
        ['uid', '4000000'],
        ['gid', '4000001'],
        ['uname', 'ünï'],
        ['gname', 'grp'],
      ]),
      header({ name: 'truncated-name', size: 0 }),
      data(content),
      END,
    ]);
    const { headers, contents } = read(archive);
    const h = headers[0];
    expect([h.path, h.size, h.mtime, h.uid, h.gid, h.uname, h.gname]).toEqual([longName, 700, 1700000000.123456789, 4000000, 4000001, 'ünï', 'grp']);
    expect(contents[0]).toBe(content);
    expect(h.recordOffset).toBe(0);
  });

  it('keeps "=" and newlines inside PAX values, and unknown keys in pax', () => {
    const archive = concat([paxHeader([['path', 'a=b\nc'], ['SCHILY.xattr.user.k', 'v=1']]), header({}), END]);
    const h = read(archive).headers[0];
    expect([h.path, h.pax]).toEqual(['a=b\nc', { path: 'a=b\nc', 'SCHILY.xattr.user.k': 'v=1' }]);
  });

  it('lets a GNU long name win over a PAX path (as Go archive/tar does)', () => {
    const archive = concat([paxHeader([['path', 'from-pax']]), gnuLong('L', 'from-gnu'), header({ name: 'x' }), END]);
    expect(read(archive).headers[0].path).toBe('from-gnu');
  });

  it('applies a PAX global header to every later entry; an x header with an empty value cancels it for one', () => {
    const archive = concat([
      header({ name: 'before', uname: 'u0' }),
      paxHeader([['uname', 'global'], ['comment', 'hi']], 'g'),
      header({ name: 'one', uname: 'u1' }),
      paxHeader([['uname', '']]),
      header({ name: 'two', uname: 'u2' }),
      header({ name: 'three', uname: 'u3' }),
      paxHeader([['uname', '']], 'g'),
      header({ name: 'four', uname: 'u4' }),
      END,
    ]);
    const headers = read(archive).headers;
    expect(headers.map((h) => [h.path, h.uname, h.pax])).toEqual([
      ['before', 'u0', undefined],
      ['one', 'global', { uname: 'global', comment: 'hi' }],
      ['two', 'u2', { comment: 'hi' }],
      ['three', 'global', { uname: 'global', comment: 'hi' }],
      ['four', 'u4', { comment: 'hi' }],
    ]);
    expect(headers[1].recordOffset, 'a global header belongs to no entry').toBe(headers[1].headerOffset);
  });

  it.each([
    ['a length that overruns the data', '99 path=x\n'],
    ['no length', 'path=x\n'],
    ['no newline at the end of the record', '11 path=xyz'],
    ['no "="', '9 pathx\n\n'],
  ])('fails on a malformed PAX record: %s', (_name, body) => {
    const archive = concat([header({ typeflag: 'x', size: body.length }), data(body), header({}), END]);
    expect(readError(archive).message).toMatch(/^bad PAX record at byte \d+ of header at byte 0: /);
  });

  it.each([
    ['size', '12abc'],
    ['uid', '-1'],
    ['mtime', 'yesterday'],
  ])('fails on a PAX %s that is not a number', (key, value) => {
    const err = readError(concat([paxHeader([[key, value]]), header({}), END]));
    expect(err.message).toBe(`bad PAX ${key} "${value}" for tar header at byte 1024`);
  });

  it('refuses a PAX header with more records than the limit', () => {
    const records = Array.from({ length: MAX_PAX_RECORDS + 1 }, (_, i): [string, string] => [`k${i}`, 'v']);
    expect(readError(concat([paxHeader(records), header({}), END])).message).toMatch(new RegExp(`^bad PAX record at byte \\d+ of header at byte 0: more than ${MAX_PAX_RECORDS} records$`));
  });

  it('refuses a PAX header larger than the limit before reading it', () => {
    const err = readError(concat([header({ typeflag: 'x', size: MAX_META_SIZE + 1 }), new Uint8Array(512)]));
    expect(err.message).toBe(`tar extended header at byte 0 is ${MAX_META_SIZE + 1} bytes, more than the ${MAX_META_SIZE} allowed`);
  });
});

describe('tar reader, end of archive and truncation', () => {
  const one = file('a', 'hello');

  it.each([
    ['two zero blocks', concat([one, END]), { offset: 1024, marker: true, entries: 1 }],
    ['two zero blocks and GNU record padding', concat([one, END, new Uint8Array(8192)]), { offset: 1024, marker: true, entries: 1 }],
    ['two zero blocks, then anything', concat([one, END, enc.encode('garbage')]), { offset: 1024, marker: true, entries: 1 }],
    ['no end marker', one, { offset: 1024, marker: false, entries: 1 }],
    ['a lone zero block', concat([one, new Uint8Array(512)]), { offset: 1024, marker: false, entries: 1 }],
    ['nothing at all', new Uint8Array(0), { offset: 0, marker: false, entries: 0 }],
  ])('ends cleanly after %s', (_name, archive, want) => {
    for (const size of [1, 512, 100_000]) expect(read(archive, size).end, `chunks of ${size}`).toEqual(want);
  });

  it.each([
    ['inside the data', one.subarray(0, 514), 'tar archive truncated at byte 514: "a" (header at byte 0) needs 3 more bytes'],
    ['inside the padding', one.subarray(0, 600), 'tar archive truncated at byte 600, inside the padding of the last entry'],
    ['inside a header', concat([one, header({}).subarray(0, 300)]), 'tar archive truncated at byte 1324, inside a header'],
    ['inside an extended header', paxHeader([['path', 'x'.repeat(600)]]).subarray(0, 800), 'tar archive truncated at byte 800, inside the extended header at byte 0'],
    ['after an extended header', concat([one, gnuLong('L', 'name')]), 'tar archive truncated at byte 2048: extended header at byte 1024 has no entry'],
  ])('fails when the archive is truncated %s', (_name, archive, message) => {
    for (const size of [1, 100_000]) expect(readError(archive, size).message).toBe(message);
  });

  it('fails on a header after a lone zero block', () => {
    expect(readError(concat([one, new Uint8Array(512), one, END])).message).toBe('tar header at byte 1536 follows a lone zero block at byte 1024');
  });
});

describe('tar reader, streaming', () => {
  it('hands out views of the pushed chunks, never copies', () => {
    const archive = concat([file('a', 'x'.repeat(5000)), END]);
    const seen: Uint8Array[] = [];
    const reader = new TarReader({ onEntry: () => {}, onData: (c) => void seen.push(c) });
    reader.push(archive);
    reader.end();
    expect(seen.length).toBe(1);
    expect([seen[0].buffer === archive.buffer, seen[0].byteOffset, seen[0].length]).toEqual([true, 512, 5000]);
  });

  it('emits entry, data, entry-end and end events through tarEntriesStream', async () => {
    const archive = concat([file('a', 'hi'), header({ name: 'd/', typeflag: '5' }), END]);
    const events: TarEvent[] = [];
    await sourceOf(chunks(archive, 700))
      .pipeThrough(tarEntriesStream())
      .pipeTo(new WritableStream({ write: (e) => void events.push(e) }));
    const summary = events.map((e) => (e.kind === 'data' ? `data ${dec.decode(e.chunk)}` : e.kind === 'end' ? `end ${e.end.entries}` : `${e.kind} ${e.header.path}`));
    expect(summary).toEqual(['entry a', 'data hi', 'entry-end a', 'entry d/', 'entry-end d/', 'end 2']);
  });

  it('omits data events when asked to, for building an index', async () => {
    const events: TarEvent[] = [];
    await sourceOf([concat([file('a', 'hi'), END])])
      .pipeThrough(tarEntriesStream({ data: false }))
      .pipeTo(new WritableStream({ write: (e) => void events.push(e) }));
    expect(events.map((e) => e.kind)).toEqual(['entry', 'entry-end', 'end']);
  });

  it('errors the stream with TarFormatError on a truncated archive', async () => {
    const result = sourceOf([file('a', 'hello').subarray(0, 600)])
      .pipeThrough(tarEntriesStream())
      .pipeTo(new WritableStream());
    await expect(result).rejects.toThrow(TarFormatError);
  });
});
