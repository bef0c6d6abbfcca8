/**
 * The native baselines, over the same files the registry serves:
 *  - Node: one read stream, sha256 of the compressed bytes, zlib gunzip (or
 *    the `zstd` tool, Node 20's zlib having no zstd), sha256 of the tar. The
 *    same work as our pipeline minus the tar index, in native code.
 *  - Shell: `gzip -dc | sha256sum` (tar hash only), for reference.
 * Both check that they computed the digests the manifest names: a baseline
 * that skipped work would make every ratio a lie.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import zlib from 'node:zlib';
import type { LayerBlob } from './layer-inputs';

const READ_CHUNK = 1024 * 1024;

/** Milliseconds for Node to hash, decompress and hash `blob`; throws when a digest is wrong. */
export async function nodeNativeMs(blob: LayerBlob, diffId: string): Promise<number> {
  const started = performance.now();
  const blobHash = crypto.createHash('sha256');
  const tarHash = crypto.createHash('sha256');
  const source = fs.createReadStream(blob.path, { highWaterMark: READ_CHUNK });
  source.on('data', (chunk) => blobHash.update(chunk as Buffer));
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      tarHash.update(chunk);
      done();
    },
  });
  switch (blob.compression) {
    case 'gzip':
      await pipeline(source, zlib.createGunzip(), sink);
      break;
    case 'zstd':
      await viaTool('zstd', ['-dc'], source, sink);
      break;
    case 'none':
      await pipeline(source, sink);
      break;
  }
  const ms = performance.now() - started;
  check(blob.digest, `sha256:${blobHash.digest('hex')}`, 'blob digest (Node baseline)');
  check(diffId, `sha256:${tarHash.digest('hex')}`, 'diff_id (Node baseline)');
  return ms;
}

/** Milliseconds for `<decompress> < file | sha256sum` (the tar hash only); throws when it is wrong. */
export async function shellNativeMs(blob: LayerBlob, diffId: string): Promise<number> {
  const decompress = { gzip: 'gzip -dc', zstd: 'zstd -dc', none: 'cat' }[blob.compression];
  const started = performance.now();
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn('bash', ['-c', `set -o pipefail; ${decompress} < "$1" | sha256sum`, 'bench', blob.path], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`${decompress} | sha256sum exited ${code}`))));
  });
  const ms = performance.now() - started;
  check(diffId, `sha256:${out.split(' ')[0]}`, 'diff_id (shell baseline)');
  return ms;
}

/** Reads a file once so every contender finds it in the page cache. */
export async function warmPageCache(file: string): Promise<void> {
  for await (const _ of fs.createReadStream(file, { highWaterMark: READ_CHUNK })) {
    // reading is the point
  }
}

function viaTool(file: string, args: string[], source: fs.ReadStream, sink: Writable): Promise<void> {
  const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${file} ${args.join(' ')} exited ${code}`))));
  });
  return Promise.all([pipeline(source, child.stdin), pipeline(child.stdout, sink), exited]).then(() => undefined);
}

function check(want: string, got: string, what: string): void {
  if (got !== want) throw new Error(`${what}: got ${got}, want ${want}`);
}
