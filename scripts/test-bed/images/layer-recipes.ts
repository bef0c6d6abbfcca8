/**
 * The images the layer pipeline is tested on, besides test/whiteouts:v1:
 * a gzip blob of two members, a layer whose stored blob gets corrupted after
 * the push, a base layer shared with test/layers:v1, and a big layer for
 * progress and throughput. (test/zstd:v1 and test/plain:v1 are test/layers:v1
 * recompressed by skopeo: see build.ts.)
 */
import { layersRecipe, pseudoRandomBytes, type Recipe, type Step } from './recipes';
import type { TarEntry } from './tar-writer';
import { whiteoutsRecipe } from './whiteouts-recipe';

/** Lines of text from a small vocabulary, picked by xorshift32: compressible, reproducible. */
export function pseudoRandomText(size: number, seed: number): string {
  const words = ['layer', 'digest', 'manifest', 'registry', 'blob', 'tar', 'gzip', 'whiteout', 'overlay', 'index', 'config', 'token'];
  const random = pseudoRandomBytes(Math.ceil(size / 4) + 16, seed);
  let text = '';
  for (let i = 0; text.length < size; i++) {
    text += words[random[i] % words.length] + (random[i] % 9 === 0 ? '\n' : ' ');
  }
  return text.slice(0, size - 1) + '\n';
}

/** The directories of `path` that a sorted layer lists before it, outermost first. */
function parents(path: string): string[] {
  const parts = path.split('/').slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** Sorted entries of `files`, each preceded by any parent directory not yet listed. */
function withParents(files: { path: string; content: string | Uint8Array; mode?: number }[]): TarEntry[] {
  const entries: TarEntry[] = [];
  const listed = new Set<string>();
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    for (const dir of parents(file.path)) {
      if (!listed.has(dir)) entries.push({ type: 'directory', path: dir });
      listed.add(dir);
    }
    entries.push({ type: 'file', ...file });
  }
  return entries;
}

const cmd = (command: string): Step => ({ kind: 'config', createdBy: `CMD ["${command}"]`, flags: ['--config.cmd', command] });

/** test/multimember:v1: one layer whose gzip blob is two members, cut in the middle of a file. */
export const multimemberRecipe: Recipe = {
  tag: 'multimember',
  os: 'linux',
  architecture: 'amd64',
  steps: [
    {
      kind: 'tar',
      createdBy: 'COPY multi/ /srv/multi/ # estargz-like blob',
      compression: 'gzip-two-members',
      entries: () =>
        withParents([
          { path: 'srv/multi/README.txt', content: 'This layer is stored as two gzip members, concatenated.\n' },
          { path: 'srv/multi/numbers.txt', content: Array.from({ length: 4000 }, (_, i) => `${i + 1}\n`).join('') },
          { path: 'srv/multi/random.bin', content: pseudoRandomBytes(48 * 1024, 0x3a3a) },
        ]),
    },
    cmd('/bin/true'),
  ],
};

/** test/corrupt:v1: an intact first layer, and a second whose stored blob publish.ts corrupts after the push. */
export const corruptRecipe: Recipe = {
  tag: 'corrupt',
  os: 'linux',
  architecture: 'amd64',
  steps: [
    {
      kind: 'tar',
      createdBy: 'COPY intact.txt /etc/corrupt/intact.txt # buildkit',
      compression: 'gzip',
      entries: () => withParents([{ path: 'etc/corrupt/intact.txt', content: 'This layer stays intact in the registry.\n' }]),
    },
    {
      kind: 'tar',
      createdBy: 'COPY payload/ /srv/corrupt/ # buildkit',
      compression: 'gzip',
      // Incompressible content: zlib stores it, so the flipped byte lands in a stored block.
      entries: () =>
        withParents([
          { path: 'srv/corrupt/notes.txt', content: 'The registry serves this layer with one byte flipped.\n' },
          { path: 'srv/corrupt/payload.bin', content: pseudoRandomBytes(256 * 1024, 0xc0de) },
        ]),
    },
    cmd('/bin/false'),
  ],
};

/** test/shares-base:v1: test/layers:v1's first layer (umoci writes the same bytes from the same step), plus its own. */
export const sharesBaseRecipe: Recipe = {
  tag: 'shares-base',
  os: 'linux',
  architecture: 'amd64',
  steps: [
    layersRecipe.steps[0],
    {
      kind: 'layer',
      createdBy: 'COPY shares-base.txt /etc/shares-base.txt # buildkit',
      edit: (rootfs) => {
        rootfs.file('etc/shares-base.txt', 'This image shares its base layer with test/layers:v1.\n');
        rootfs.file('etc/motd', 'Welcome to the image that shares a base layer.\n');
      },
    },
    cmd('/bin/hello'),
  ],
};

/** The shape of test/big:v1's single layer: 40 directories of 100 files, one in ten binary. */
export const bigLayer = { directories: 40, filesPerDirectory: 100, binaryEvery: 10 } as const;

function bigEntries(): TarEntry[] {
  const files: { path: string; content: string | Uint8Array }[] = [];
  for (let d = 0; d < bigLayer.directories; d++) {
    for (let f = 0; f < bigLayer.filesPerDirectory; f++) {
      const n = d * bigLayer.filesPerDirectory + f;
      const dir = `usr/share/big/d${String(d).padStart(2, '0')}`;
      if (n % bigLayer.binaryEvery === 0) {
        files.push({ path: `${dir}/f${String(n).padStart(4, '0')}.bin`, content: pseudoRandomBytes(8192 + ((n * 104729) % 32768), n + 1) });
      } else {
        files.push({ path: `${dir}/f${String(n).padStart(4, '0')}.txt`, content: pseudoRandomText(1024 + ((n * 7919) % 3072), n + 1) });
      }
    }
  }
  return withParents(files);
}

/** test/big:v1: one gzip layer of about 20 MB of tar, thousands of files. */
export const bigRecipe: Recipe = {
  tag: 'big',
  os: 'linux',
  architecture: 'amd64',
  steps: [{ kind: 'tar', createdBy: 'COPY big/ /usr/share/big/ # buildkit', compression: 'gzip', entries: bigEntries }, cmd('/bin/sh')],
};

/** Every image of the layer tests built into an OCI layout. */
export const layerRecipes: Recipe[] = [whiteoutsRecipe, multimemberRecipe, corruptRecipe, sharesBaseRecipe, bigRecipe];
