// The zip writer (client-zip underneath): Info-ZIP's `unzip` tests and
// extracts it, its length is known up front, its bytes are reproducible, a
// file of the wrong length errors it, and the length it predicts for entries
// past 4 GiB includes the Zip64 records.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArchiveFile, bytesFile } from '@/lib/archive/archive-file';
import { zipLength, zipStream } from '@/lib/archive/zip';
import { SizeMismatchError } from '@/lib/stream/errors';
import { pseudoRandom } from '../stream/stream-helpers';
import { collect, run, sha256Hex, streamError, streamOf } from './archive-helpers';

const text = (s: string) => new TextEncoder().encode(s);
const BIG = pseudoRandom(300_001, 3);

function files(): ArchiveFile[] {
  return [
    bytesFile('oci-layout', text('{"imageLayoutVersion":"1.0.0"}')),
    bytesFile('blobs/sha256/empty', new Uint8Array(0)),
    { path: 'blobs/sha256/big', size: BIG.length, stream: () => streamOf(BIG.subarray(0, 1000), BIG.subarray(1000)) },
    bytesFile('ünïcode/名前.txt', text('utf-8 name\n')),
  ];
}

let work: string;
let zip: Uint8Array;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'zip-'));
  zip = await collect(zipStream(files()));
  writeFileSync(join(work, 'a.zip'), zip);
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('zip writer', () => {
  it('passes `unzip -t`', () => {
    const out = run('unzip', ['-t', join(work, 'a.zip')]);
    expect(out).toContain('No errors detected');
  });

  it('extracts every file with its bytes and UTF-8 name', () => {
    run('unzip', ['-q', join(work, 'a.zip'), '-d', join(work, 'out')]);
    expect(sha256Hex(readFileSync(join(work, 'out/blobs/sha256/big')))).toBe(sha256Hex(BIG));
    expect(readFileSync(join(work, 'out/blobs/sha256/empty')).length).toBe(0);
    expect(readFileSync(join(work, 'out/ünïcode/名前.txt'), 'utf8')).toBe('utf-8 name\n');
  });

  it('has exactly the length zipLength predicts', () => {
    expect(zip.length).toBe(zipLength(files()));
  });

  it('writes the same bytes for the same files', async () => {
    expect(sha256Hex(await collect(zipStream(files())))).toBe(sha256Hex(zip));
  });

  it.each([
    ['shorter', 10],
    ['longer', 2],
  ])('errors when a file is %s than its declared size', async (_, size) => {
    const file: ArchiveFile = { path: 'f', size, stream: () => streamOf(text('abc'), text('def')) };
    expect(await streamError(zipStream([file]))).toBeInstanceOf(SizeMismatchError);
  });
});

describe('zip writer Zip64', () => {
  // What an entry costs without Zip64: local header 30 + name, data descriptor 16,
  // central header 46 + name; plus the end record 22 (APPNOTE 4.3.7, 4.3.9, 4.3.12, 4.3.16).
  const plain = (name: string, size: number) => 30 + name.length + size + 16 + 46 + name.length + 22;

  it('predicts the plain layout below 4 GiB', () => {
    expect(zipLength([{ path: 'layer', size: 1000 }])).toBe(plain('layer', 1000));
  });

  it('predicts Zip64 records for an entry of 4 GiB or more', () => {
    const size = 5 * 2 ** 30;
    // Zip64 data descriptor +8 (4.3.9.2), Zip64 extra field in the central header +28 (4.5.3),
    // Zip64 end of central directory record 56 and locator 20 (4.3.14, 4.3.15).
    expect(zipLength([{ path: 'layer', size }])).toBe(plain('layer', size) + 8 + 28 + 56 + 20);
  });

  it('predicts Zip64 offsets once the archive passes 4 GiB', () => {
    const size = 3 * 2 ** 30;
    const two = [
      { path: 'a', size },
      { path: 'b', size },
    ];
    // Each entry fits 32 bits, but the central directory starts past 4 GiB: only the end records need Zip64.
    const both = plain('a', size) + plain('b', size) - 22;
    expect(zipLength(two)).toBe(both + 56 + 20);
  });
});
