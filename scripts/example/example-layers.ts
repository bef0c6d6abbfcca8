/**
 * What the built-in example image holds, layer by layer: a small
 * filesystem that shows what the page can show — a base layer per
 * architecture, then two layers shared by both platforms with a whiteout,
 * an opaque directory, a hardlink, relative and absolute symlinks, a binary
 * file and an owner other than root.
 */
import type { TarInput, TarWriterEntry } from '../../lib/archive/tar-writer';

/** Every entry's modification time: 2024-01-01T00:00:00Z, so the bytes never depend on when they were built. */
export const EXAMPLE_MTIME = 1704067200;
/** The same instant, as configs write it. */
export const EXAMPLE_CREATED = '2024-01-01T00:00:00Z';

/** The architectures of the example's index, with the `uname -m` each reports. */
export const EXAMPLE_ARCHITECTURES = [
  { architecture: 'amd64', machine: 'x86_64' },
  { architecture: 'arm64', machine: 'aarch64' },
] as const;

const utf8 = new TextEncoder();

function dir(path: string, extra: Partial<TarWriterEntry> = {}): TarInput {
  return { entry: { path, type: 'directory', mode: 0o755, mtime: EXAMPLE_MTIME, ...extra } };
}

function file(path: string, text: string | Uint8Array, extra: Partial<TarWriterEntry> = {}): TarInput {
  const content = typeof text === 'string' ? utf8.encode(text) : text;
  return { entry: { path, type: 'file', mode: 0o644, mtime: EXAMPLE_MTIME, size: content.length, ...extra }, content };
}

function symlink(path: string, linkpath: string): TarInput {
  return { entry: { path, type: 'symlink', mode: 0o777, mtime: EXAMPLE_MTIME, linkpath } };
}

function hardlink(path: string, linkpath: string): TarInput {
  return { entry: { path, type: 'hardlink', mode: 0o644, mtime: EXAMPLE_MTIME, linkpath } };
}

/** A 1×1 PNG: a binary file for the hex view. */
const PNG_1X1 = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
  0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
  0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
]);

/** Layer 1: the base filesystem, one per architecture. */
export function baseLayer(machine: string): TarInput[] {
  return [
    dir('bin/'),
    file('bin/hello', `#!/bin/sh\necho "hello from the Pullscope example on $(cat /etc/arch)"\n`, { mode: 0o755 }),
    dir('etc/'),
    file('etc/arch', `${machine}\n`),
    file('etc/hostname', 'example\n'),
    symlink('etc/localtime', '/usr/share/zoneinfo/UTC'),
    file('etc/os-release', 'NAME="Pullscope Example"\nID=pullscope-example\nVERSION_ID=1.0\nPRETTY_NAME="Pullscope Example 1.0"\n'),
    dir('tmp/', { mode: 0o1777 }),
    dir('usr/'),
    dir('usr/bin/'),
    symlink('usr/bin/hello', '../../bin/hello'),
    dir('usr/share/'),
    dir('usr/share/doc/'),
    file('usr/share/doc/README.txt', 'This image is built by scripts/build-example.ts, byte for byte the same on every run.\n'),
    file('usr/share/doc/old-notes.txt', 'Layer 2 deletes this file with a whiteout (.wh.old-notes.txt).\n'),
    dir('var/'),
    dir('var/cache/'),
    dir('var/cache/app/'),
    file('var/cache/app/stale-1.tmp', 'stale\n'),
    file('var/cache/app/stale-2.tmp', 'stale\n'),
  ];
}

/** Layer 2: the application, with a whiteout of a base file; the same on both platforms. */
export function appLayer(): TarInput[] {
  const owner = { uid: 1000, gid: 1000, uname: 'app', gname: 'app' };
  return [
    dir('app/', owner),
    file('app/config.json', '{\n  "greeting": "hello",\n  "port": 8080\n}\n', owner),
    symlink('app/current', 'data'),
    dir('app/data/', owner),
    file('app/data/greeting.txt', 'Hello from layer 2.\n', owner),
    hardlink('app/data/greeting-link.txt', 'app/data/greeting.txt'),
    file('app/logo.png', PNG_1X1, owner),
    dir('usr/'),
    dir('usr/share/'),
    dir('usr/share/doc/'),
    file('usr/share/doc/.wh.old-notes.txt', ''),
  ];
}

/** Layer 3: an opaque directory, a replaced file and a deleted one; the same on both platforms. */
export function cleanupLayer(): TarInput[] {
  return [
    dir('app/', { uid: 1000, gid: 1000, uname: 'app', gname: 'app' }),
    dir('app/data/', { uid: 1000, gid: 1000, uname: 'app', gname: 'app' }),
    file('app/data/greeting.txt', 'Hello from layer 3: this file replaces the one layer 2 wrote.\n', { uid: 1000, gid: 1000, uname: 'app', gname: 'app' }),
    dir('etc/'),
    file('etc/.wh.hostname', ''),
    dir('var/'),
    dir('var/cache/'),
    dir('var/cache/app/'),
    file('var/cache/app/.wh..wh..opq', ''),
    file('var/cache/app/fresh.txt', 'written after the cache was emptied\n'),
  ];
}
