/**
 * Layers built the way image builders build them: a directory tree written
 * to disk, archived by GNU tar with fixed owners and times, compressed by the
 * gzip and zstd command-line tools. Deterministic, so digests are stable.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, linkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pseudoRandom, textLike } from '../stream/stream-helpers';

/** One thing to put in the layer's tree. */
export type FixtureEntry =
  | { kind: 'file'; path: string; content: Uint8Array | string; mode?: number }
  | { kind: 'dir'; path: string; mode?: number }
  | { kind: 'symlink'; path: string; target: string }
  | { kind: 'hardlink'; path: string; target: string };

/** A small but varied tree: text and binary files, links, whiteouts, a long and a non-ASCII name. */
export const SAMPLE_TREE: FixtureEntry[] = [
  { kind: 'dir', path: 'etc', mode: 0o755 },
  { kind: 'file', path: 'etc/os-release', content: 'NAME="Pullscope Test"\nID=pullscope\n' },
  { kind: 'file', path: 'bin/tool', content: pseudoRandom(70_001, 7), mode: 0o755 },
  { kind: 'file', path: 'usr/share/doc/notes.txt', content: textLike(300_000) },
  { kind: 'file', path: 'usr/share/empty', content: '' },
  { kind: 'symlink', path: 'usr/bin/tool', target: '../../bin/tool' },
  { kind: 'hardlink', path: 'bin/tool-again', target: 'bin/tool' },
  { kind: 'file', path: 'var/.wh.cache', content: '' },
  { kind: 'file', path: 'opt/.wh..wh..opq', content: '' },
  { kind: 'file', path: 'opt/fresh', content: 'fresh\n' },
  { kind: 'file', path: `${'long-directory-name/'.repeat(6)}file-with-a-long-path.txt`, content: 'deep\n' },
  { kind: 'file', path: 'srv/ünïcødé.txt', content: 'ü\n', mode: 0o600 },
  { kind: 'file', path: 'tmp/exactly-512', content: pseudoRandom(512, 512) },
];

/** The bytes of a file entry's content. */
export function contentOf(entry: FixtureEntry): Uint8Array {
  if (entry.kind !== 'file') throw new Error(`${entry.path} is not a file`);
  return typeof entry.content === 'string' ? new TextEncoder().encode(entry.content) : entry.content;
}

/** A tar of the tree, as GNU tar writes it (`format`: gnu or pax). */
export function buildTar(entries: FixtureEntry[], format: 'gnu' | 'pax' = 'pax'): Uint8Array {
  const root = mkdtempSync(join(tmpdir(), 'pullscope-layer-'));
  try {
    for (const e of entries) {
      const at = join(root, e.path);
      mkdirSync(e.kind === 'dir' ? at : dirname(at), { recursive: true });
      if (e.kind === 'file') writeFileSync(at, contentOf(e));
      if (e.kind === 'symlink') symlinkSync(e.target, at);
      if (e.kind === 'hardlink') linkSync(join(root, e.target), at);
      if ((e.kind === 'file' || e.kind === 'dir') && e.mode !== undefined) chmodSync(at, e.mode);
    }
    const args = ['-C', root, '-c', '-f', '-', '--sort=name', '--mtime=@1577836800', '--owner=0', '--group=0', '--numeric-owner'];
    if (format === 'pax') args.push('--format=pax', '--pax-option=delete=atime,delete=ctime');
    else args.push('--format=gnu');
    return new Uint8Array(execFileSync('tar', [...args, '.'], { maxBuffer: 1 << 30 }));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Paths GNU tar stored, in archive order (`tar -t`). */
export function listTar(tar: Uint8Array): string[] {
  return execFileSync('tar', ['-t', '-f', '-'], { input: tar, maxBuffer: 1 << 30 }).toString('utf8').split('\n').filter(Boolean);
}

/** `gzip -n` (no name, no time: reproducible). */
export function gzip(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(execFileSync('gzip', ['-n', '-c'], { input: bytes, maxBuffer: 1 << 30 }));
}

/** `zstd` at its default level. */
export function zstd(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(execFileSync('zstd', ['-q', '-c'], { input: bytes, maxBuffer: 1 << 30 }));
}

/** `sha256:<hex>` by Node's crypto: the reference the pipeline's hashing is checked against. */
export function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
