// Cross-checks the tar reader against archives written by GNU tar and by
// Python's tarfile, and against both as readers: Python's listing gives every
// header field, `tar -t` the exact stored paths, the files on disk the contents.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TarHeader } from '@/lib/stream/tar-header';
import { type TarEnd, type TarEvent, TarReader, tarEntriesStream } from '@/lib/stream/tar-reader';
import { chunks, pseudoRandom, sourceOf } from './stream-helpers';

const LONG_DIR = `${'a'.repeat(60)}/${'b'.repeat(60)}`;
const LONG_PATH = `${LONG_DIR}/${'c'.repeat(28)}`; // 150 characters: needs a ustar prefix, GNU 'L' or PAX path
const LONG_TARGET = 'x/'.repeat(60); // 120 characters: needs GNU 'K' or PAX linkpath
const UTF8_NAME = 'ünï-日本.txt';

interface TreeOptions {
  longPath: boolean;
  longSymlink: boolean;
  fifo: boolean;
}

/** Builds the fixture tree; v7 and ustar cannot hold every kind of entry. */
function makeTree(dir: string, opts: TreeOptions): void {
  mkdirSync(join(dir, 'dir-empty'), { recursive: true });
  writeFileSync(join(dir, 'empty'), '');
  writeFileSync(join(dir, 'big.bin'), pseudoRandom(200_013, 1));
  for (const n of [511, 512, 513]) writeFileSync(join(dir, `b${n}`), pseudoRandom(n, n));
  linkSync(join(dir, 'b513'), join(dir, 'hard'));
  symlinkSync('b513', join(dir, 'sym'));
  writeFileSync(join(dir, 'setuid'), 's\n');
  chmodSync(join(dir, 'setuid'), 0o4755);
  writeFileSync(join(dir, UTF8_NAME), 'ü\n');
  if (opts.longPath) {
    mkdirSync(join(dir, LONG_DIR), { recursive: true });
    writeFileSync(join(dir, LONG_PATH), 'deep\n');
  }
  if (opts.longSymlink) symlinkSync(LONG_TARGET, join(dir, 'longsym'));
  if (opts.fifo) execFileSync('mkfifo', [join(dir, 'fifo')]);
}

const PYTHON_WRITE = `
import sys, tarfile
src, out, fmt = sys.argv[1], sys.argv[2], sys.argv[3]
def fix(ti):
    ti.uid, ti.gid, ti.uname, ti.gname, ti.mtime = 1001, 1002, 'alice', 'staff', 1700000000
    if ti.name == './setuid':
        ti.uid = 3000000          # too big for octal: a PAX uid record, or GNU base-256
    if ti.name == './empty':
        ti.mtime = -1 if fmt == 'gnu' else 1700000000.25   # GNU base-256 negative / PAX fractional
    return ti
if fmt == 'gnu':
    t = tarfile.open(out, 'w', format=tarfile.GNU_FORMAT)
else:
    t = tarfile.open(out, 'w', format=tarfile.PAX_FORMAT, pax_headers={'comment': 'fixture', 'gname': 'global-group'})
t.add(src, arcname='.', filter=fix)
t.close()
`;

const PYTHON_LIST = `
import sys, json, hashlib, tarfile
out = []
with tarfile.open(sys.argv[1], 'r:') as t:
    for m in t:
        e = dict(path=m.name, type=m.type.decode('latin-1'), size=m.size, mode=m.mode, uid=m.uid, gid=m.gid,
                 uname=m.uname, gname=m.gname, mtime=m.mtime, linkname=m.linkname)
        if m.isreg():
            e['sha256'] = hashlib.sha256(t.extractfile(m).read()).hexdigest()
        out.append(e)
print(json.dumps(out))
`;

const PY_TYPES: Record<string, string> = { '0': 'file', '\0': 'file', '7': 'file', '1': 'hardlink', '2': 'symlink', '5': 'directory', '6': 'fifo' };

interface ParsedEntry {
  header: TarHeader;
  sha256: string;
  bytes: number;
}

interface Parsed {
  entries: ParsedEntry[];
  end: TarEnd | undefined;
}

/** Runs the push parser over the archive cut into pieces of `size`. */
function parse(archive: Uint8Array, size: number): Parsed {
  const entries: ParsedEntry[] = [];
  let hash = createHash('sha256');
  let bytes = 0;
  let end: TarEnd | undefined;
  const reader = new TarReader({
    onEntry: () => {
      hash = createHash('sha256');
      bytes = 0;
    },
    onData: (chunk) => {
      hash.update(chunk);
      bytes += chunk.length;
    },
    onEntryEnd: (header) => entries.push({ header, sha256: hash.digest('hex'), bytes }),
    onEnd: (e) => (end = e),
  });
  for (const part of chunks(archive, size)) reader.push(part);
  reader.end();
  return { entries, end };
}

/** Our view of an entry in the shape of the Python listing (Python drops a directory's trailing slash). */
function asPython({ header: h, sha256 }: ParsedEntry) {
  const path = h.type === 'directory' ? h.path.replace(/(.)\/+$/, '$1').replace(/^\.\/$/, '.') : h.path;
  return {
    path,
    type: h.type,
    size: h.size,
    mode: h.mode,
    uid: h.uid,
    gid: h.gid,
    uname: h.uname,
    gname: h.gname,
    mtime: h.mtime,
    linkname: h.linkpath ?? '',
    ...(h.type === 'file' ? { sha256 } : {}),
  };
}

let work: string;
const archives: Array<{ name: string; file: string; root: string }> = [];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'tar-reader-'));
  const trees: Record<string, TreeOptions> = {
    full: { longPath: true, longSymlink: true, fifo: true },
    ustar: { longPath: true, longSymlink: false, fifo: true },
    v7: { longPath: false, longSymlink: false, fifo: false },
  };
  for (const [name, opts] of Object.entries(trees)) makeTree(join(work, name), opts);
  const gnuTar = (format: string, tree: string) => {
    const file = join(work, `gnu-tar-${format}.tar`);
    execFileSync('tar', [`--format=${format}`, '--sort=name', '--owner=alice:1001', '--group=staff:1002', '--mtime=@1700000000', '-cf', file, '-C', join(work, tree), '.']);
    archives.push({ name: `GNU tar --format=${format}`, file, root: join(work, tree) });
  };
  gnuTar('gnu', 'full');
  gnuTar('pax', 'full');
  gnuTar('ustar', 'ustar');
  gnuTar('v7', 'v7');
  for (const format of ['pax', 'gnu']) {
    const file = join(work, `python-${format}.tar`);
    execFileSync('python3', ['-c', PYTHON_WRITE, join(work, 'full'), file, format]);
    archives.push({ name: `Python tarfile ${format.toUpperCase()}_FORMAT`, file, root: join(work, 'full') });
  }
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const ARCHIVE_NAMES = ['GNU tar --format=gnu', 'GNU tar --format=pax', 'GNU tar --format=ustar', 'GNU tar --format=v7', 'Python tarfile PAX_FORMAT', 'Python tarfile GNU_FORMAT'];
const archive = (name: string) => {
  const a = archives.find((x) => x.name === name);
  if (!a) throw new Error(`no fixture ${name}`);
  return { ...a, bytes: new Uint8Array(readFileSync(a.file)) };
};

describe.each(ARCHIVE_NAMES)('tar reader on %s', (name) => {
  it('reports every header field as Python tarfile reads it', () => {
    const { file, bytes } = archive(name);
    const want = JSON.parse(execFileSync('python3', ['-c', PYTHON_LIST, file], { encoding: 'utf8' })) as Array<Record<string, unknown>>;
    const wantTyped = want.map((e) => ({ ...e, type: PY_TYPES[e.type as string] ?? `typeflag ${e.type}` }));
    expect(parse(bytes, 65536).entries.map(asPython)).toEqual(wantTyped);
  });

  it('reports the paths exactly as `tar -t` lists them', () => {
    const { file, bytes } = archive(name);
    const listing = execFileSync('tar', ['-tf', file, '--quoting-style=literal'], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } });
    expect(parse(bytes, 65536).entries.map((e) => e.header.path)).toEqual(listing.split('\n').slice(0, -1));
  });

  it('delivers file contents equal to the files on disk, at dataOffset in the archive', () => {
    const { root, bytes } = archive(name);
    const files = parse(bytes, 65536).entries.filter((e) => e.header.type === 'file');
    expect(files.length).toBeGreaterThan(5);
    for (const { header, sha256 } of files) {
      const onDisk = createHash('sha256').update(readFileSync(join(root, header.path))).digest('hex');
      const atOffset = createHash('sha256').update(bytes.subarray(header.dataOffset, header.dataOffset + header.size)).digest('hex');
      expect({ path: header.path, sha256, atOffset }).toEqual({ path: header.path, sha256: onDisk, atOffset: onDisk });
    }
  });

  it('gives identical results whatever the chunking (1, 511, 512, 513, 64 KiB bytes, one chunk)', () => {
    const { bytes } = archive(name);
    const reference = parse(bytes, bytes.length);
    expect(reference.end?.marker, 'archive has its end marker').toBe(true);
    for (const size of [1, 511, 512, 513, 65536]) {
      expect(parse(bytes, size), `chunks of ${size}`).toEqual(reference);
    }
  });

  it('emits the same entries through the TransformStream adapter', async () => {
    const { bytes } = archive(name);
    const events: TarEvent[] = [];
    await sourceOf(chunks(bytes, 10_000))
      .pipeThrough(tarEntriesStream())
      .pipeTo(new WritableStream({ write: (e) => void events.push(e) }));
    const headers = events.filter((e) => e.kind === 'entry').map((e) => e.header);
    expect(headers).toEqual(parse(bytes, 65536).entries.map((e) => e.header));
    const dataBytes = events.reduce((n, e) => n + (e.kind === 'data' ? e.chunk.length : 0), 0);
    expect(dataBytes).toBe(headers.reduce((n, h) => n + h.size, 0));
    expect(events.at(-1)?.kind).toBe('end');
  });
});

describe('tar reader on the special entries', () => {
  const find = (name: string, path: string) => {
    const entry = parse(archive(name).bytes, 65536).entries.find((e) => e.header.path === path);
    if (!entry) throw new Error(`${name}: no entry ${path}`);
    return entry.header;
  };

  it.each(['GNU tar --format=gnu', 'GNU tar --format=pax', 'Python tarfile PAX_FORMAT', 'Python tarfile GNU_FORMAT'])('%s: long path, long link target, hardlink, setuid, fifo', (name) => {
    expect(find(name, `./${LONG_PATH}`)).toMatchObject({ type: 'file', size: 5 });
    expect(find(name, './longsym')).toMatchObject({ type: 'symlink', linkpath: LONG_TARGET, size: 0 });
    expect(find(name, './hard')).toMatchObject({ type: 'hardlink', linkpath: './b513', size: 0 });
    expect(find(name, './setuid').mode).toBe(0o4755);
    expect(find(name, './fifo')).toMatchObject({ type: 'fifo', size: 0 });
    expect(find(name, `./${UTF8_NAME}`)).toMatchObject({ type: 'file', size: 3 });
  });

  it('joins the ustar prefix and name of a 150-character path', () => {
    const header = find('GNU tar --format=ustar', `./${LONG_PATH}`);
    expect(header.pax).toBeUndefined();
    expect(header.recordOffset).toBe(header.headerOffset);
  });

  it('applies the PAX records of Python: global gname, per-file uid beyond octal, fractional mtime', () => {
    const setuid = find('Python tarfile PAX_FORMAT', './setuid');
    expect([setuid.uid, setuid.gname, setuid.pax?.comment]).toEqual([3000000, 'global-group', 'fixture']);
    expect(find('Python tarfile PAX_FORMAT', './empty').mtime).toBe(1700000000.25);
  });

  it('reads the base-256 fields of Python GNU: uid beyond octal, negative mtime', () => {
    expect(find('Python tarfile GNU_FORMAT', './setuid').uid).toBe(3000000);
    expect(find('Python tarfile GNU_FORMAT', './empty').mtime).toBe(-1);
  });

  it('counts the GNU long-name header into recordOffset', () => {
    const header = find('GNU tar --format=gnu', `./${LONG_PATH}`);
    expect(header.headerOffset - header.recordOffset, 'one L header block and one name block').toBe(1024);
  });
});
