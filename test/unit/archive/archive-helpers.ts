// Shared helpers of the archive tests: collecting streams, hashing, running reference tools.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { LayerIndexBuilder } from '@/lib/fs/layer-index-builder';
import type { LayerIndex } from '@/lib/fs/layer-index';
import { concatBytes } from '@/lib/stream/concat-bytes';
import type { TarHeader } from '@/lib/stream/tar-header';
import { TarReader } from '@/lib/stream/tar-reader';

/** Reads a stream to the end and joins its chunks. */
export async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  const reader = stream.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parts.push(value);
    length += value.length;
  }
  return concatBytes(parts, length);
}

/** What a stream rejects with when read to the end (undefined when it does not). */
export async function streamError(stream: ReadableStream<Uint8Array>): Promise<unknown> {
  try {
    await collect(stream);
    return undefined;
  } catch (error) {
    return error;
  }
}

/** Lowercase hex sha256. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Every header of a tar archive, in order. */
export function tarHeaders(bytes: Uint8Array): TarHeader[] {
  const out: TarHeader[] = [];
  const reader = new TarReader({ onEntry: (h) => out.push(h) });
  reader.push(bytes);
  reader.end();
  return out;
}

/** The layer index of an uncompressed layer tar, as the layer pipeline builds it. */
export function indexLayerTar(tar: Uint8Array): LayerIndex {
  const builder = new LayerIndexBuilder();
  const reader = new TarReader({ onEntry: (h) => builder.add(h) });
  reader.push(tar);
  reader.end();
  return builder.finish();
}

/** A ReadableStream yielding these chunks, one per pull. */
export function streamOf(...parts: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < parts.length) controller.enqueue(parts[i++]);
      else controller.close();
    },
  });
}

/** Runs a command and returns its stdout as UTF-8 (C.UTF-8 locale: non-ASCII names print as they are). */
export function run(command: string, args: string[], input?: Uint8Array): string {
  return execFileSync(command, args, {
    encoding: 'utf8',
    input,
    maxBuffer: 1 << 28,
    env: { ...process.env, LC_ALL: 'C.UTF-8', TZ: 'UTC' },
  });
}

/**
 * Python's tarfile listing of an archive: every header field, and the sha256
 * of each regular file's content. Python is the second reference reader
 * beside GNU tar.
 */
export const PYTHON_TAR_LIST = `
import sys, json, hashlib, tarfile
out = []
with tarfile.open(sys.argv[1], 'r:') as t:
    for m in t:
        e = dict(path=m.name, type=m.type.decode('latin-1'), size=m.size, mode=m.mode, uid=m.uid, gid=m.gid,
                 uname=m.uname, gname=m.gname, mtime=m.mtime, linkname=m.linkname,
                 devmajor=m.devmajor, devminor=m.devminor)
        if m.isreg():
            e['sha256'] = hashlib.sha256(t.extractfile(m).read()).hexdigest()
        out.append(e)
print(json.dumps(out))
`;

/** One member as Python's tarfile lists it. */
export interface PythonMember {
  path: string;
  type: string;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  mtime: number;
  linkname: string;
  devmajor: number;
  devminor: number;
  sha256?: string;
}

/** Lists a tar file with Python's tarfile. */
export function pythonList(file: string): PythonMember[] {
  return JSON.parse(run('python3', ['-c', PYTHON_TAR_LIST, file])) as PythonMember[];
}
