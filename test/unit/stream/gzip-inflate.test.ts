import { execFileSync } from 'node:child_process';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InflateError } from '@/lib/stream/errors';
import { DEFAULT_INFLATE_CHUNK, GzipInflater } from '@/lib/stream/gzip-inflater';
import { inflateStream } from '@/lib/stream/inflate';
import { chunks, concat, errorOf, pseudoRandom, runThrough, sameBytes, splitAt, textLike } from './stream-helpers';

const gzip = (bytes: Uint8Array, level = 6) => new Uint8Array(gzipSync(bytes, { level }));

/** What Node's zlib makes of the same bytes: the reference output. */
const zlibGunzip = (gz: Uint8Array) => new Uint8Array(gunzipSync(gz));

async function inflateGzip(parts: Uint8Array[]): Promise<Uint8Array> {
  return runThrough(parts, inflateStream('gzip'));
}

function expectSame(got: Uint8Array, want: Uint8Array) {
  expect(sameBytes(got, want), `got ${got.length} bytes, want ${want.length} bytes, identical`).toBe(true);
}

describe('inflateStream gzip', () => {
  const random = pseudoRandom(1_500_000);
  const text = textLike(3_000_000);

  it.each([
    ['random data, 64 KiB chunks', random, 65536],
    ['text data, 64 KiB chunks', text, 65536],
    ['text data, 1000-byte chunks', text, 1000],
    ['text data, one chunk', text, Infinity],
    ['empty content', new Uint8Array(0), 65536],
    ['one byte', new Uint8Array([42]), 1],
  ])('matches node zlib byte for byte: %s', async (_name, content, chunkSize) => {
    const gz = gzip(content);
    const got = await inflateGzip(chunkSize === Infinity ? [gz] : chunks(gz, chunkSize));
    expectSame(got, zlibGunzip(gz));
    expectSame(got, content);
  });

  it('decodes the gzip CLI output (FNAME header field), split at every offset of the header', async () => {
    const content = textLike(5000);
    const gz = new Uint8Array(execFileSync('gzip', ['-c', '-n'], { input: content }));
    // Add the optional file name field by hand: FLG.FNAME, a NUL-terminated name after MTIME/XFL/OS (RFC 1952 §2.3.1).
    const named = concat([gz.subarray(0, 3), new Uint8Array([gz[3] | 0x08]), gz.subarray(4, 10), new TextEncoder().encode('layer.tar\0'), gz.subarray(10)]);
    for (const source of [gz, named]) {
      for (let cut = 0; cut <= 24; cut++) {
        const got = await inflateGzip(splitAt(source, [cut]));
        expectSame(got, content);
      }
    }
  });

  it('emits output chunks of the full chunk size, even from 1-byte input chunks', async () => {
    const content = textLike(DEFAULT_INFLATE_CHUNK * 3 + 100);
    const sizes: number[] = [];
    const inflater = new GzipInflater((c) => sizes.push(c.length));
    for (const part of chunks(gzip(content), 1)) inflater.push(part);
    inflater.end();
    expect(sizes).toEqual([DEFAULT_INFLATE_CHUNK, DEFAULT_INFLATE_CHUNK, DEFAULT_INFLATE_CHUNK, 100]);
  });
});

describe('inflateStream gzip with several members', () => {
  const members = [textLike(70_000), pseudoRandom(40_000, 7), textLike(1000)].map((c) => ({ content: c, gz: gzip(c) }));
  const twoMembers = concat([members[0].gz, members[1].gz]);
  const threeMembers = concat(members.map((m) => m.gz));
  const boundaries = [members[0].gz.length, members[0].gz.length + members[1].gz.length];

  it('decodes 2 members in one chunk', async () => {
    expectSame(await inflateGzip([twoMembers]), concat([members[0].content, members[1].content]));
  });

  it('decodes 3 members whose chunks end exactly at the member boundaries', async () => {
    // pako's Inflate wrapper stops silently after the first member in this case.
    expectSame(await inflateGzip(splitAt(threeMembers, boundaries)), concat(members.map((m) => m.content)));
  });

  it('decodes 3 members pushed as one chunk per member through the push API', () => {
    const out: Uint8Array[] = [];
    const inflater = new GzipInflater((c) => out.push(c));
    for (const m of members) inflater.push(m.gz);
    inflater.end();
    expectSame(concat(out), concat(members.map((m) => m.content)));
  });

  it('decodes 2 members with an empty member between them', async () => {
    const gz = concat([members[2].gz, gzip(new Uint8Array(0)), members[2].gz]);
    const empty = members[2].gz.length;
    expectSame(await inflateGzip(splitAt(gz, [empty, empty + 20])), concat([members[2].content, members[2].content]));
  });

  it('decodes 2 small members split in two at every offset, and in three around the boundary', async () => {
    const a = textLike(300);
    const b = pseudoRandom(200, 3);
    const gz = concat([gzip(a), gzip(b)]);
    const want = concat([a, b]);
    const boundary = gzip(a).length;
    for (let cut = 0; cut <= gz.length; cut++) {
      const got = await inflateGzip(splitAt(gz, [cut]));
      expect(sameBytes(got, want), `cut at ${cut}: got ${got.length} bytes, want ${want.length}`).toBe(true);
    }
    // Boundaries inside the first trailer and the second header.
    for (let first = boundary - 8; first <= boundary; first++) {
      for (let second = boundary; second <= boundary + 10; second++) {
        const got = await inflateGzip(splitAt(gz, [first, second]));
        expect(sameBytes(got, want), `cuts at ${first},${second}: got ${got.length} bytes, want ${want.length}`).toBe(true);
      }
    }
  });

  it('decodes what `cat a.gz b.gz` makes with the gzip CLI, like gunzip', async () => {
    const a = textLike(10_000);
    const b = textLike(20_000);
    const cat = concat([execFileSync('gzip', ['-c'], { input: a }), execFileSync('gzip', ['-9', '-c'], { input: b })].map((x) => new Uint8Array(x)));
    const gunzip = new Uint8Array(execFileSync('gzip', ['-dc'], { input: cat }));
    expectSame(await inflateGzip(chunks(cat, 4096)), gunzip);
  });
});

describe('inflateStream gzip errors', () => {
  const content = textLike(200_000);
  const gz = gzip(content);

  it('fails with INFLATE_FAILED naming the offset when a byte in the middle is corrupt', async () => {
    const bad = gz.slice();
    bad[Math.floor(bad.length / 2)] ^= 0x55;
    const err = await errorOf(chunks(bad, 8192), inflateStream('gzip'));
    expect(err).toBeInstanceOf(InflateError);
    expect((err as InflateError).code).toBe('INFLATE_FAILED');
    expect((err as InflateError).message).toMatch(/^corrupt gzip at compressed byte \d+: \S/);
  });

  it('fails when the deflate data is intact but the CRC-32 trailer is wrong', async () => {
    const bad = gz.slice();
    bad[bad.length - 6] ^= 0x01;
    const err = await errorOf([bad], inflateStream('gzip'));
    expect((err as InflateError).message).toBe(`corrupt gzip at compressed byte ${bad.length - 4}: incorrect data check`);
  });

  it.each([
    ['in the header', 5],
    ['in the deflate data', 5000],
    ['in the trailer', gz.length - 3],
    ['just before the end', gz.length - 1],
  ])('fails in flush when the stream is truncated %s', async (_where, cut) => {
    const err = await errorOf(chunks(gz.subarray(0, cut), 1024), inflateStream('gzip'));
    expect(err).toBeInstanceOf(InflateError);
    expect((err as InflateError).message).toBe(`gzip stream truncated after ${cut} bytes`);
  });

  it('fails when the second member is truncated, naming where it started', async () => {
    const two = concat([gz, gz]);
    const err = await errorOf([two.subarray(0, gz.length + 30)], inflateStream('gzip'));
    expect((err as InflateError).message).toBe(`gzip stream truncated after ${gz.length + 30} bytes (member 2 starts at byte ${gz.length})`);
  });

  it('fails on an empty stream', async () => {
    const err = await errorOf([], inflateStream('gzip'));
    expect((err as InflateError).message).toBe('gzip stream truncated after 0 bytes');
  });

  it.each([
    ['zero padding', new Uint8Array(16)],
    ['text', new TextEncoder().encode('garbage')],
    ['one byte', new Uint8Array([0x1f])],
  ])('fails on trailing data after the last member: %s', async (_name, tail) => {
    const err = await errorOf([gz, tail], inflateStream('gzip'));
    expect(err).toBeInstanceOf(InflateError);
    const message = (err as InflateError).message;
    // A lone 0x1f could still start a member: then it is a truncation.
    const want = tail.length === 1 ? `gzip stream truncated after ${gz.length + 1} bytes (member 2 starts at byte ${gz.length})` : `trailing data after gzip member 1 at compressed byte ${gz.length} is not a gzip member`;
    expect(message).toBe(want);
  });

  it('fails on data that is not gzip at all', async () => {
    const err = await errorOf([textLike(100)], inflateStream('gzip'));
    expect((err as InflateError).message).toMatch(/^corrupt gzip at compressed byte \d+: incorrect header check$/);
  });
});

describe("inflateStream 'none'", () => {
  it('passes bytes through unchanged', async () => {
    const content = pseudoRandom(100_000);
    expectSame(await runThrough(chunks(content, 777), inflateStream('none')), content);
  });
});
