/**
 * The benchmark's layers, made by the benchmark: real files from the system
 * plus pseudo-random data, tarred by GNU tar with pinned metadata (mtime 0,
 * uid/gid 0, PAX), then compressed by the real tools: `gzip -6 -n` and
 * `zstd -3`. A layer folder is reused while its recipe file says it was made
 * by the same recipe and every file it lists is still there.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { selectFiles } from './file-selection';
import { writePseudoRandomFile } from './pseudo-random';

/** How a layer's tar is stored in the registry. */
export type LayerCompression = 'gzip' | 'zstd' | 'none';

/** OCI image-spec (layer.md) media types of the three forms. */
export const LAYER_MEDIA_TYPES: Record<LayerCompression, string> = {
  gzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  none: 'application/vnd.oci.image.layer.v1.tar',
};

/** One stored form of a layer: the file the registry will serve. */
export interface LayerBlob {
  compression: LayerCompression;
  path: string;
  size: number;
  digest: string;
  mediaType: string;
}

/** A generated layer: its tar (diff_id) and its three stored forms. */
export interface LayerInput {
  name: string;
  uncompressedBytes: number;
  diffId: string;
  /** Tar entries (directories, files, symlinks). */
  entries: number;
  blobs: Record<LayerCompression, LayerBlob>;
}

/** What a layer is made of. */
export interface LayerRecipe {
  name: string;
  /** Target uncompressed size. */
  bytes: number;
  /** Share of `bytes` that is pseudo-random (incompressible) data. */
  randomShare: number;
}

// Bump when the way layers are made changes, so stale folders are rebuilt.
const RECIPE_VERSION = 2;
const RANDOM_FILE_BYTES = 4 * 1024 * 1024;

/** Makes (or reuses) the layer of `recipe` under `dir`/<name>. */
export async function prepareLayer(dir: string, recipe: LayerRecipe, log: (line: string) => void): Promise<LayerInput> {
  const folder = path.join(dir, recipe.name);
  const recipePath = path.join(folder, 'recipe.json');
  const key = { version: RECIPE_VERSION, ...recipe };
  const stored = readJson<{ key: unknown; layer: LayerInput }>(recipePath);
  if (stored && JSON.stringify(stored.key) === JSON.stringify(key) && isIntact(Object.values(stored.layer.blobs))) {
    log(`layer ${recipe.name}: reusing ${folder}`);
    return stored.layer;
  }

  const started = Date.now();
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder, { recursive: true });
  const randomBytes = Math.round(recipe.bytes * recipe.randomShare);
  const selection = selectFiles(recipe.bytes - randomBytes);

  // The random files live under opt/bench-data/ inside the layer.
  const randomRoot = path.join(folder, 'random-root');
  const randomDir = path.join(randomRoot, 'opt', 'bench-data');
  fs.mkdirSync(randomDir, { recursive: true });
  const randomPaths = ['opt', 'opt/bench-data'];
  for (let i = 0, left = randomBytes; left > 0; i++, left -= RANDOM_FILE_BYTES) {
    const name = `blob-${String(i).padStart(3, '0')}.bin`;
    writePseudoRandomFile(path.join(randomDir, name), `${recipe.name}/${name}`, Math.min(left, RANDOM_FILE_BYTES));
    randomPaths.push(`opt/bench-data/${name}`);
  }

  const systemList = path.join(folder, 'system-files.list');
  const randomList = path.join(folder, 'random-files.list');
  fs.writeFileSync(systemList, selection.paths.map((p) => `${p}\0`).join(''));
  fs.writeFileSync(randomList, randomPaths.map((p) => `${p}\0`).join(''));

  const tarPath = path.join(folder, 'layer.tar');
  await runTool('tar', [
    '--create', `--file=${tarPath}`, '--format=posix', '--no-recursion', '--null',
    '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner',
    '--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime',
    '-C', '/', `--files-from=${systemList}`,
    '-C', randomRoot, `--files-from=${randomList}`,
  ]);
  fs.rmSync(randomRoot, { recursive: true, force: true });
  await Promise.all([
    runTool('gzip', ['-6', '-n', '-k', '-f', tarPath]),
    runTool('zstd', ['-3', '-q', '-f', tarPath, '-o', `${tarPath}.zst`]),
  ]);

  const [gzip, zstd, none] = await Promise.all([
    describeBlob('gzip', `${tarPath}.gz`),
    describeBlob('zstd', `${tarPath}.zst`),
    describeBlob('none', tarPath),
  ]);
  const layer: LayerInput = {
    name: recipe.name,
    uncompressedBytes: none.size,
    diffId: none.digest,
    entries: selection.paths.length + randomPaths.length,
    blobs: { gzip, zstd, none },
  };
  fs.writeFileSync(recipePath, JSON.stringify({ key, layer }, null, 2) + '\n');
  log(`layer ${recipe.name}: ${(none.size / 1e6).toFixed(1)} MB tar, gzip ${(gzip.size / 1e6).toFixed(1)} MB, zstd ${(zstd.size / 1e6).toFixed(1)} MB, made in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return layer;
}

/** A blob of pseudo-random bytes: what the proxy figure moves. */
export interface BlobRecipe {
  name: string;
  bytes: number;
}

/**
 * Makes (or reuses) `dir`/<name>/blob.bin: `bytes` pseudo-random bytes seeded by the
 * name, so the same recipe gives the same digest on every machine. Served as a plain
 * layer's media type; nothing reads it as a tar.
 */
export async function prepareBlob(dir: string, recipe: BlobRecipe, log: (line: string) => void): Promise<LayerBlob> {
  const folder = path.join(dir, recipe.name);
  const recipePath = path.join(folder, 'recipe.json');
  const key = { version: RECIPE_VERSION, ...recipe };
  const stored = readJson<{ key: unknown; blob: LayerBlob }>(recipePath);
  if (stored && JSON.stringify(stored.key) === JSON.stringify(key) && isIntact([stored.blob])) {
    log(`blob ${recipe.name}: reusing ${folder}`);
    return stored.blob;
  }
  const started = Date.now();
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, 'blob.bin');
  writePseudoRandomFile(file, recipe.name, recipe.bytes);
  const blob = await describeBlob('none', file);
  fs.writeFileSync(recipePath, JSON.stringify({ key, blob }, null, 2) + '\n');
  log(`blob ${recipe.name}: ${(blob.size / 1e6).toFixed(1)} MB made in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return blob;
}

/** sha256 of a file, streamed. */
export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}

async function describeBlob(compression: LayerCompression, file: string): Promise<LayerBlob> {
  return { compression, path: file, size: fs.statSync(file).size, digest: await sha256File(file), mediaType: LAYER_MEDIA_TYPES[compression] };
}

function isIntact(blobs: LayerBlob[]): boolean {
  return blobs.every((blob) => fs.existsSync(blob.path) && fs.statSync(blob.path).size === blob.size);
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Runs a tool, failing with its stderr. GNU tar's exit 1 ("file changed as we read it") is tolerated: the tar is still whole. */
function runTool(file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0 || (file === 'tar' && code === 1)) resolve();
      else reject(new Error(`${file} ${args.join(' ')} exited ${code}: ${stderr.trim().slice(0, 1000)}`));
    });
  });
}
