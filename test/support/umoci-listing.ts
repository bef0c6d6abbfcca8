/**
 * The reference listing of an image's merged filesystem: skopeo pulls the
 * image from the bed's anonymous registry into an OCI layout (verifying every
 * digest: test/corrupt:v1 fails here), and `umoci unpack --rootless` applies
 * its layers with whiteouts, as a runtime would. Tests compare Pullscope's
 * merged tree with it.
 *
 * What a rootless unpack can and cannot tell:
 * - Owners: files on disk belong to the current user; umoci keeps any owner
 *   other than 0:0 in the `user.rootlesscontainers` xattr (a protobuf
 *   `{uid = 1; gid = 2}`, github.com/rootless-containers/proto). We read it,
 *   so uid and gid are the image's.
 * - Hardlinks: a filesystem cannot tell which name was the link and which the
 *   original, so both are listed as regular files. `umociListingWithLinks`
 *   adds inodes and the groups of paths sharing one, to map a tar's
 *   hardlink entries onto.
 * - Device nodes: umoci writes an empty regular file in their place, so a
 *   listing of an image with devices would misreport them (the test images
 *   hold none). Fifos unpack as fifos.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTestBed, type TestBed } from './test-bed';

/** One entry of the unpacked root filesystem. */
export interface ListingEntry {
  /** Absolute path inside the image, e.g. `/etc/os-release`; the root itself is not listed. */
  path: string;
  type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';
  /** Permission bits with setuid, setgid and sticky (`& 0o7777`). */
  mode: number;
  uid: number;
  gid: number;
  /** Content length of files; 0 for every other type. */
  size: number;
  /** The target of a symlink, verbatim. */
  linkTarget?: string;
  /** Hex sha256 of a file's content. */
  sha256?: string;
}

/** A listing entry with the inode facts that identify hardlinks. */
export interface LinkedListingEntry extends ListingEntry {
  inode: number;
  /** The link count: above 1 for a file that has other names in the image. */
  links: number;
}

/** A listing that keeps hardlinks recognizable. */
export interface LinkedListing {
  entries: LinkedListingEntry[];
  /** Paths of files sharing one inode, each group sorted, groups sorted by their first path. */
  hardlinkGroups: string[][];
}

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${stderr.trim()}`, { cause: error }));
      else resolve(stdout);
    });
  });
}

/** Reads `user.rootlesscontainers` of every entry under `rootfs` (Node has no xattr API; Python's os module has). */
const readOwnerXattrs = `
import json, os, sys
root = sys.argv[1]
found = {}
for directory, dirs, files in os.walk(root):
    for name in dirs + files:
        full = os.path.join(directory, name)
        try:
            value = os.getxattr(full, 'user.rootlesscontainers', follow_symlinks=False)
        except OSError:
            continue
        found[os.path.relpath(full, root)] = value.hex()
json.dump(found, sys.stdout)
`;

/** Decodes the rootlesscontainers `Resource` message: varint fields 1 (uid) and 2 (gid); absent means 0. */
function decodeOwner(hex: string): { uid: number; gid: number } {
  const bytes = Buffer.from(hex, 'hex');
  const owner = { uid: 0, gid: 0 };
  let offset = 0;
  const varint = () => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[offset++];
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
      shift += 7;
    }
  };
  while (offset < bytes.length) {
    const key = varint();
    const value = varint();
    if (key === (1 << 3)) owner.uid = value;
    else if (key === (2 << 3)) owner.gid = value;
  }
  return owner;
}

function typeOf(stat: fs.Stats): ListingEntry['type'] {
  if (stat.isSymbolicLink()) return 'symlink';
  if (stat.isDirectory()) return 'directory';
  if (stat.isFIFO()) return 'fifo';
  if (stat.isCharacterDevice()) return 'char';
  if (stat.isBlockDevice()) return 'block';
  return 'file';
}

function walk(rootfs: string, owners: Record<string, string>): LinkedListingEntry[] {
  const entries: LinkedListingEntry[] = [];
  const visit = (relative: string) => {
    const full = path.join(rootfs, relative);
    const stat = fs.lstatSync(full);
    const type = typeOf(stat);
    const owned = owners[relative];
    entries.push({
      path: '/' + relative,
      type,
      mode: stat.mode & 0o7777,
      ...(owned === undefined ? { uid: 0, gid: 0 } : decodeOwner(owned)),
      size: type === 'file' ? stat.size : 0,
      ...(type === 'symlink' ? { linkTarget: fs.readlinkSync(full) } : {}),
      ...(type === 'file' ? { sha256: createHash('sha256').update(fs.readFileSync(full)).digest('hex') } : {}),
      inode: stat.ino,
      links: stat.nlink,
    });
    if (type === 'directory') for (const name of fs.readdirSync(full)) visit(relative === '' ? name : `${relative}/${name}`);
  };
  for (const name of fs.readdirSync(rootfs)) visit(name);
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Pulls `image` (`repository:tag` or `repository@digest`) and lists its unpacked rootfs. */
async function unpackAndList(image: string, bed: TestBed): Promise<LinkedListingEntry[]> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'umoci-listing-'));
  try {
    const layout = path.join(work, 'layout');
    const bundle = path.join(work, 'bundle');
    // umoci 0.4 unpacks gzip and plain tar layers only: skopeo turns zstd ones into gzip on the way.
    const pull = ['copy', '--quiet', '--src-tls-verify=false', '--dest-compress', '--dest-compress-format', 'gzip'];
    await run('skopeo', [...pull, `docker://${bed.anonymous.host}/${image}`, `oci:${layout}:image`]);
    await run('umoci', ['unpack', '--rootless', '--image', `${layout}:image`, bundle]);
    const rootfs = path.join(bundle, 'rootfs');
    const owners = JSON.parse(await run('python3', ['-c', readOwnerXattrs, rootfs])) as Record<string, string>;
    return walk(rootfs, owners);
  } finally {
    // A rootless unpack may leave directories without write permission: restore it so they can go.
    await run('chmod', ['-R', 'u+rwX', work]).catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The merged filesystem of a bed image as `umoci unpack --rootless` makes it,
 * sorted by path. Hardlinked files appear as regular files, every name alike.
 */
export async function umociListing(image: string, bed: TestBed = loadTestBed()): Promise<ListingEntry[]> {
  return (await unpackAndList(image, bed)).map(({ inode: _inode, links: _links, ...entry }) => entry);
}

/** Like `umociListing`, with inodes and the groups of paths that are hardlinks of one another. */
export async function umociListingWithLinks(image: string, bed: TestBed = loadTestBed()): Promise<LinkedListing> {
  const entries = await unpackAndList(image, bed);
  const byInode = new Map<number, string[]>();
  for (const entry of entries) {
    if (entry.type === 'file' && entry.links > 1) byInode.set(entry.inode, [...(byInode.get(entry.inode) ?? []), entry.path]);
  }
  const hardlinkGroups = [...byInode.values()].filter((group) => group.length > 1).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return { entries, hardlinkGroups };
}
