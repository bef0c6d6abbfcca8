/**
 * Smoke tests of the test bed's layer-test images: each holds the layer shape
 * it exists for, as the reference tools see it — umoci's rootless unpack for
 * the merged tree, GNU tar for entry order, zlib and fzstd for the blobs.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import { beforeAll, describe, expect, it } from 'vitest';
import { pseudoRandomBytes } from '../../scripts/test-bed/images/recipes';
import { paxOnlyPath, randomFile, ustarPrefixPath } from '../../scripts/test-bed/images/whiteouts-recipe';
import { blobPath } from '../support/blob-path';
import { loadTestBed } from '../support/test-bed';
import { umociListing, umociListingWithLinks, type LinkedListing, type ListingEntry } from '../support/umoci-listing';

const bed = loadTestBed();

const types = {
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  gzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  tar: 'application/vnd.oci.image.layer.v1.tar',
};

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

function sha256(bytes: Uint8Array): string {
  return 'sha256:' + createHash('sha256').update(bytes).digest('hex');
}

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${stderr.trim()}`, { cause: error }));
      else resolve(stdout);
    });
  });
}

async function fetchBytes(repository: string, kind: 'manifests' | 'blobs', reference: string): Promise<{ status: number; bytes: Uint8Array }> {
  const response = await fetch(`http://${bed.anonymous.host}/v2/${repository}/${kind}/${reference}`, {
    headers: { Accept: types.manifest },
  });
  return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()) };
}

/** The manifest and config of a state image, fetched by digest from the anonymous registry. */
async function image(key: string): Promise<{ layers: Descriptor[]; config: Descriptor; diffIds: string[] }> {
  const { repository, digest } = bed.images[key];
  const manifest = JSON.parse(new TextDecoder().decode((await fetchBytes(repository, 'manifests', digest)).bytes));
  const config = JSON.parse(new TextDecoder().decode((await fetchBytes(repository, 'blobs', manifest.config.digest)).bytes));
  return { layers: manifest.layers, config: manifest.config, diffIds: config.rootfs.diff_ids };
}

/** Entry names of a stored layer blob in archive order, as GNU tar lists them (it detects the compression). */
async function tarNames(digest: string): Promise<string[]> {
  return (await run('tar', ['--list', '--file', blobPath(bed, digest)])).split('\n').filter((line) => line !== '');
}

/** Uncompressed sizes of each gzip member of a stored blob, in order (Python's zlib stops at a member's end). */
async function gzipMemberSizes(digest: string): Promise<number[]> {
  const script = [
    'import sys, zlib',
    'data = open(sys.argv[1], "rb").read()',
    'sizes = []',
    'while data:',
    '    member = zlib.decompressobj(31)',
    '    sizes.append(len(member.decompress(data)))',
    '    data = member.unused_data',
    'print(" ".join(map(str, sizes)))',
  ].join('\n');
  return (await run('python3', ['-c', script, blobPath(bed, digest)])).trim().split(' ').map(Number);
}

describe('test/whiteouts:v1', () => {
  let listing: LinkedListing;
  const byPath = (path: string): ListingEntry | undefined => listing.entries.find((entry) => entry.path === path);
  beforeAll(async () => {
    listing = await umociListingWithLinks('test/whiteouts:v1');
  });

  it('holds four gzip layers', async () => {
    const { layers } = await image('test/whiteouts:v1');
    expect(layers.map((layer) => layer.mediaType)).toEqual([types.gzip, types.gzip, types.gzip, types.gzip]);
  });

  it.each([
    ['/etc/config/remove-me.conf', 'a file whiteout'],
    ['/opt/old', 'a directory whiteout'],
    ['/opt/old/share/doc/README', 'a directory whiteout, deep in the subtree'],
    ['/var/opaque/b.txt', 'the opaque whiteout'],
    ['/var/opaque/sub/c.txt', 'the opaque whiteout, in a directory the same layer recreates'],
    ['/var/opaque/new.txt', 'a whiteout of a file the layer below added'],
    ['/srv/replaced/inner/file.txt', 'a file replacing its lower directory'],
  ])('unpacks without %s, removed by %s', (path) => {
    expect(byPath(path), `got an entry at ${path}, want none`).toBeUndefined();
  });

  it.each<[string, Partial<ListingEntry>]>([
    ['/etc/config/keep.conf', { type: 'file' }],
    ['/opt/new/tool', { type: 'file', mode: 0o755 }],
    ['/var/opaque', { type: 'directory' }],
    ['/var/opaque/a.txt', { type: 'file', size: 'a, rewritten above the opaque whiteout\n'.length }],
    ['/var/opaque/sub/late.txt', { type: 'file' }],
    ['/srv/replaced', { type: 'file' }],
    ['/etc/was-file', { type: 'directory' }],
    ['/etc/was-file/child.txt', { type: 'file' }],
    ['/usr/bin/hello-relative', { type: 'symlink', linkTarget: '../../bin/hello' }],
    ['/usr/bin/hello-absolute', { type: 'symlink', linkTarget: '/bin/hello' }],
    ['/usr/bin/dangling', { type: 'symlink', linkTarget: '/opt/nowhere/missing' }],
    ['/usr/bin/setuid-tool', { type: 'file', mode: 0o4755 }],
    ['/usr/share/naïve-café.txt', { type: 'file' }],
    ['/usr/share/ünïcødé-pax.txt', { type: 'file' }],
    ['/etc/empty.conf', { type: 'file', size: 0 }],
    ['/var/empty', { type: 'directory' }],
    ['/run/control.fifo', { type: 'fifo', mode: 0o600 }],
    ['/home/user', { type: 'directory', mode: 0o750, uid: 1000, gid: 1000 }],
    ['/home/user/.profile', { type: 'file', mode: 0o600, uid: 1000, gid: 1000 }],
    ['/' + ustarPrefixPath, { type: 'file' }],
    ['/' + paxOnlyPath, { type: 'file' }],
    ['/' + randomFile.path, { type: 'file', size: randomFile.size, sha256: createHash('sha256').update(pseudoRandomBytes(randomFile.size, randomFile.seed)).digest('hex') }],
  ])('unpacks %s as %o', (path, want) => {
    const entry = byPath(path);
    expect(entry, `got no entry at ${path}`).toBeDefined();
    expect(entry).toMatchObject(want);
  });

  it('unpacks /var/empty with no children and never a whiteout entry', () => {
    expect(listing.entries.filter((entry) => entry.path.startsWith('/var/empty/'))).toEqual([]);
    expect(listing.entries.filter((entry) => entry.path.includes('.wh.'))).toEqual([]);
  });

  it('has 150-character paths, one in ustar prefix and name fields, one only a pax header can carry', () => {
    expect([ustarPrefixPath.length, paxOnlyPath.length]).toEqual([150, 150]);
    expect(paxOnlyPath.split('/').pop()!.length).toBeGreaterThan(100);
  });

  it('shares one inode between /bin/hello and its hardlink', () => {
    expect(listing.hardlinkGroups).toEqual([['/bin/hello', '/bin/hello-hardlink']]);
  });

  it('writes a file whiteout and a directory whiteout in layer 2', async () => {
    const { layers } = await image('test/whiteouts:v1');
    expect(await tarNames(layers[1].digest)).toEqual(expect.arrayContaining(['etc/config/.wh.remove-me.conf', 'opt/.wh.old']));
  });

  it('writes the opaque whiteout of layer 3 after two of its new children and before a third', async () => {
    const { layers } = await image('test/whiteouts:v1');
    const names = await tarNames(layers[2].digest);
    const at = (name: string) => names.indexOf(name);
    expect(at('var/opaque/.wh..wh..opq'), `got names ${names.join(', ')}`).toBeGreaterThan(at('var/opaque/new.txt'));
    expect(at('var/opaque/new.txt')).toBeGreaterThan(at('var/opaque/a.txt'));
    expect(at('var/opaque/a.txt')).toBeGreaterThan(-1);
    expect(at('var/opaque/sub/late.txt')).toBeGreaterThan(at('var/opaque/.wh..wh..opq'));
    // A file over a lower directory comes with no whiteout of that directory.
    expect(names).toContain('srv/replaced');
    expect(names).not.toContain('srv/.wh.replaced');
  });
});

describe('test/zstd:v1 and test/plain:v1 (test/layers:v1 recompressed)', () => {
  it('has only tar+zstd layers, each inflating to its diff_id, with the config of test/layers:v1', async () => {
    const [zstd, layers] = await Promise.all([image('test/zstd:v1'), image('test/layers:v1')]);
    expect(zstd.layers.map((layer) => layer.mediaType)).toEqual(layers.layers.map(() => types.zstd));
    expect(zstd.config.digest).toBe(layers.config.digest);
    for (const [n, layer] of zstd.layers.entries()) {
      const blob = new Uint8Array(fs.readFileSync(blobPath(bed, layer.digest)));
      expect(sha256(blob), `layer ${n} blob`).toBe(layer.digest);
      expect(sha256(zstdDecompress(blob)), `layer ${n} diff_id`).toBe(zstd.diffIds[n]);
    }
  });

  it('has only plain tar layers, whose digests are the diff_ids of test/layers:v1', async () => {
    const [plain, layers] = await Promise.all([image('test/plain:v1'), image('test/layers:v1')]);
    expect(plain.layers.map((layer) => layer.mediaType)).toEqual(layers.layers.map(() => types.tar));
    expect(plain.layers.map((layer) => layer.digest)).toEqual(layers.diffIds);
    expect(plain.diffIds).toEqual(layers.diffIds);
  });

  it.each(['test/zstd:v1', 'test/plain:v1'])('unpacks %s to the tree of test/layers:v1', async (key) => {
    const [recompressed, original] = await Promise.all([umociListing(key), umociListing('test/layers:v1')]);
    expect(recompressed).toEqual(original);
  });
});

describe('test/multimember:v1', () => {
  it('stores its layer as two gzip members, cut inside an entry, inflating together to the diff_id', async () => {
    const { layers, diffIds } = await image('test/multimember:v1');
    expect(layers.map((layer) => layer.mediaType)).toEqual([types.gzip]);
    const sizes = await gzipMemberSizes(layers[0].digest);
    expect(sizes).toHaveLength(2);
    expect(sizes[0] % 512, `got a first member of ${sizes[0]} bytes, want a cut off a 512-byte block boundary`).not.toBe(0);
    const tar = zlib.gunzipSync(fs.readFileSync(blobPath(bed, layers[0].digest)));
    expect(tar.length).toBe(sizes[0] + sizes[1]);
    expect(sha256(tar)).toBe(diffIds[0]);
  });

  it('unpacks with umoci', async () => {
    const listing = await umociListing('test/multimember:v1');
    expect(listing.map((entry) => entry.path)).toContain('/srv/multi/random.bin');
  });
});

describe('test/corrupt:v1', () => {
  it('names the corrupt layer in the state: its second', async () => {
    const { layers } = await image('test/corrupt:v1');
    expect(layers[1].digest).toBe(bed.corruptLayerDigest);
    expect(bed.corruptByteOffset).toBe(Math.floor(layers[1].size / 2));
  });

  it('serves the corrupt layer with its size but bytes of another digest, and its first layer intact', async () => {
    const { layers } = await image('test/corrupt:v1');
    const [intact, corrupt] = await Promise.all(layers.map((layer) => fetchBytes('test/corrupt', 'blobs', layer.digest)));
    expect([intact.status, corrupt.status]).toEqual([200, 200]);
    expect(sha256(intact.bytes)).toBe(layers[0].digest);
    expect(corrupt.bytes.length).toBe(layers[1].size);
    expect(sha256(corrupt.bytes)).not.toBe(layers[1].digest);
  });

  it('still inflates to the end, where only gzip’s CRC-32 check fails (the flipped byte is in a stored block)', async () => {
    const { bytes } = await fetchBytes('test/corrupt', 'blobs', bed.corruptLayerDigest);
    expect(() => zlib.gunzipSync(bytes)).toThrow(/incorrect data check/);
  });
});

describe('test/shares-base:v1', () => {
  it('has the first layer of test/layers:v1 and a layer of its own', async () => {
    const [shares, layers] = await Promise.all([image('test/shares-base:v1'), image('test/layers:v1')]);
    expect(shares.layers[0].digest).toBe(bed.sharedBaseLayerDigest);
    expect(layers.layers[0].digest).toBe(bed.sharedBaseLayerDigest);
    expect(shares.diffIds[0]).toBe(layers.diffIds[0]);
    expect(shares.layers).toHaveLength(2);
    expect(layers.layers.map((layer) => layer.digest)).not.toContain(shares.layers[1].digest);
  });
});

describe('test/big:v1', () => {
  it('has one gzip layer of about 20 MB of tar holding thousands of files', async () => {
    const { layers, diffIds } = await image('test/big:v1');
    expect(layers.map((layer) => layer.mediaType)).toEqual([types.gzip]);
    const tar = zlib.gunzipSync(fs.readFileSync(blobPath(bed, layers[0].digest)));
    expect(sha256(tar)).toBe(diffIds[0]);
    expect(tar.length).toBeGreaterThan(18_000_000);
    expect(tar.length).toBeLessThan(24_000_000);
    const files = (await tarNames(layers[0].digest)).filter((name) => !name.endsWith('/'));
    expect(files.length).toBeGreaterThanOrEqual(4000);
  });
});
