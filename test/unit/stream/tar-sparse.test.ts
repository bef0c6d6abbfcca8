// GNU sparse files, written by GNU tar in each of its sparse formats from a
// file with holes made here (truncate, then data written at offsets with dd),
// read as Go's archive/tar reads them: listed as `tar -tv` lists them (a
// regular file under its real name and size), with the content the file on
// disk has, zeros in the holes.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TarFormatError } from '@/lib/stream/errors';
import type { TarHeader } from '@/lib/stream/tar-header';
import { TarReader } from '@/lib/stream/tar-reader';
import { chunks, pseudoRandom } from './stream-helpers';

const FORMATS = [
  ['old GNU (--format=gnu)', ['--format=gnu']],
  ['PAX 0.0', ['--format=posix', '--sparse-version=0.0']],
  ['PAX 0.1', ['--format=posix', '--sparse-version=0.1']],
  ['PAX 1.0', ['--format=posix', '--sparse-version=1.0']],
] as const;

// 30 data runs: more than the 4 an old GNU header holds, so its map goes on in extension blocks.
const RUNS = 30;
const REAL_SIZE = 3 * 1024 * 1024 + 123;

let dir: string;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tar-sparse-'));
  const src = join(dir, 'src');
  execFileSync('mkdir', ['-p', src]);
  execFileSync('truncate', ['-s', String(REAL_SIZE), join(src, 'sparse.img')]);
  for (let i = 0; i < RUNS; i++) {
    writeFileSync(join(dir, 'run'), pseudoRandom(4096 + i, i + 1));
    execFileSync('dd', [`if=${join(dir, 'run')}`, `of=${join(src, 'sparse.img')}`, 'bs=1', `seek=${i * 100_000 + 8192}`, 'conv=notrunc'], { stdio: 'ignore' });
  }
  writeFileSync(join(src, 'after.txt'), 'after the sparse file\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function archive(flags: readonly string[]): Uint8Array {
  const out = join(dir, 'out.tar');
  execFileSync('tar', [...flags, '--sparse', '--owner=0', '--group=0', '--numeric-owner', '-C', join(dir, 'src'), '-cf', out, 'sparse.img', 'after.txt']);
  return new Uint8Array(readFileSync(out));
}

/** `tar -tv` lines reduced to type, size and name: "- 3145851 sparse.img". */
function tarListing(tar: Uint8Array): string[] {
  const out = join(dir, 'list.tar');
  writeFileSync(out, tar);
  return execFileSync('tar', ['-tvf', out], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => {
      const [mode, , size, , , name] = line.split(/\s+/);
      return `${mode[0]} ${size} ${name}`;
    });
}

function read(tar: Uint8Array, chunkSize: number) {
  const headers: TarHeader[] = [];
  const contents = new Map<string, { hash: ReturnType<typeof createHash>; bytes: number }>();
  const reader = new TarReader({
    onEntry: (h) => {
      headers.push(h);
      contents.set(h.path, { hash: createHash('sha256'), bytes: 0 });
    },
    onData: (chunk, h) => {
      const c = contents.get(h.path)!;
      c.hash.update(chunk);
      c.bytes += chunk.byteLength;
    },
  });
  for (const part of chunks(tar, chunkSize)) reader.push(part);
  reader.end();
  return { headers, contents: new Map([...contents].map(([k, v]) => [k, { sha256: v.hash.digest('hex'), bytes: v.bytes }])) };
}

describe('GNU sparse files', () => {
  it.each(FORMATS)('%s: listed as tar -tv lists it, a regular file of its real size', (_, flags) => {
    const tar = archive(flags);
    const { headers } = read(tar, 64 * 1024);
    const ours = headers.map((h) => `${h.type === 'file' ? '-' : '?'} ${h.size} ${h.path}`);
    expect(ours).toEqual(tarListing(tar));
    expect(headers[0]).toMatchObject({ path: 'sparse.img', type: 'file', size: REAL_SIZE });
    expect(headers[0].sparse?.regions.length).toBeGreaterThanOrEqual(RUNS);
  });

  it.each(FORMATS)('%s: delivers the content the file on disk has, zeros in the holes, whatever the chunk size', (_, flags) => {
    const tar = archive(flags);
    const want = readFileSync(join(dir, 'src', 'sparse.img'));
    for (const size of [7, 512, 4099, 1 << 20]) {
      const { contents } = read(tar, size);
      expect(contents.get('sparse.img'), `chunks of ${size}`).toEqual({ sha256: sha256(want), bytes: REAL_SIZE });
      expect(contents.get('after.txt')).toEqual({ sha256: sha256(readFileSync(join(dir, 'src', 'after.txt'))), bytes: 22 });
    }
  });

  it('refuses a sparse map that names more data than is stored', () => {
    const tar = archive(['--format=posix', '--sparse-version=0.1']);
    const text = new TextDecoder('latin1').decode(tar.subarray(0, 1024));
    const at = text.indexOf('GNU.sparse.map=') + 'GNU.sparse.map='.length;
    // The first fragment's length grows by one digit's worth: the map no longer fits the data.
    const bad = tar.slice();
    const comma = text.indexOf(',', at);
    expect(String.fromCharCode(bad[comma + 1])).toMatch(/[0-9]/);
    bad[comma + 1] = '9'.charCodeAt(0);
    expect(() => read(bad, 4096)).toThrow(TarFormatError);
  });
});
