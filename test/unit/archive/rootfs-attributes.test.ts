// Extended attributes and ACLs through the flattened rootfs: a layer whose
// entries carry them as PAX records (binary values included) is flattened,
// then read back by Python's tarfile (the exact bytes), listed by GNU tar
// and unpacked by umoci (the attributes on the files it creates).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flattenRootfs } from '@/lib/archive/rootfs';
import { type TarInput, tarStream } from '@/lib/archive/tar-writer';
import { mergeLayers } from '@/lib/fs/overlay';
import { decodeTarText } from '@/lib/stream/tar-text';
import { collect, indexLayerTar, run, streamOf } from './archive-helpers';

const text = (s: string) => new TextEncoder().encode(s);
/** A PAX value holding these bytes, as the tar reader gives binary values. */
const binary = (bytes: number[]) => decodeTarText(Uint8Array.from(bytes));
const hex = (bytes: number[]) => Buffer.from(bytes).toString('hex');

// VFS_CAP_REVISION_2 with cap_net_raw permitted: what `setcap cap_net_raw+p` leaves on ping.
const CAPABILITY = [1, 0, 0, 2, 0, 32, 0, 0, ...new Array<number>(12).fill(0)];
// Starts like a UTF-8 byte order mark, holds a NUL and a byte that is never UTF-8.
const ODD_BYTES = [0xef, 0xbb, 0xbf, 0x78, 0x00, 0xff, 0x0a, 0x3d];
const ACL = 'user::rw-,user:1000:r--,group::r--,mask::r--,other::r--';

const file = (path: string, content: string, pax?: Record<string, string>): TarInput => ({
  entry: { path, type: 'file', mode: 0o755, size: text(content).length, mtime: 200, ...(pax ? { pax } : {}) },
  content: text(content),
});

const LAYER: TarInput[] = [
  { entry: { path: 'bin', type: 'directory', mode: 0o755, mtime: 100 } },
  file('bin/ping', 'ping binary\n', {
    'SCHILY.xattr.security.capability': binary(CAPABILITY),
    'SCHILY.xattr.user.odd': binary(ODD_BYTES),
  }),
  { entry: { path: 'bin/ping6', type: 'hardlink', linkpath: 'bin/ping', mtime: 200 } },
  file('etc/shared', 'shared\n', {
    'SCHILY.acl.access': ACL,
    'LIBARCHIVE.xattr.user.note': 'aGVsbG8',
    'SCHILY.xattr.user.comment': 'größe = 3\nzeilen',
    // Not an attribute: a note about the archive it came from.
    comment: 'built by hand',
  }),
];

/** Each member's PAX records as Python's tarfile reads them, values as hex of their bytes. */
const PYTHON_PAX = `
import json, sys, tarfile
out = {}
with tarfile.open(sys.argv[1]) as tar:
    for m in tar:
        out[m.name] = {k: v.encode('utf-8', 'surrogateescape').hex() for k, v in m.pax_headers.items()}
print(json.dumps(out))
`;

/** The extended attributes of files, as hex of their bytes. */
const PYTHON_XATTRS = `
import json, os, sys
root = sys.argv[1]
print(json.dumps({p: {k: os.getxattr(os.path.join(root, p), k).hex() for k in sorted(os.listxattr(os.path.join(root, p)))} for p in sys.argv[2:]}))
`;

let work: string;
let tarFile: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'rootfs-attributes-'));
  const layer = await collect(tarStream(LAYER));
  const rootfs = flattenRootfs({ tree: mergeLayers([indexLayerTar(layer)]), openLayerTar: () => streamOf(layer) });
  tarFile = join(work, 'rootfs.tar');
  writeFileSync(tarFile, await collect(rootfs.readable));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('flattened rootfs attributes', () => {
  it('keeps extended attribute and ACL records byte for byte, and leaves other records behind', () => {
    const pax = JSON.parse(run('python3', ['-c', PYTHON_PAX, tarFile])) as Record<string, Record<string, string>>;
    expect(pax['bin/ping']).toEqual({
      'SCHILY.xattr.security.capability': hex(CAPABILITY),
      'SCHILY.xattr.user.odd': hex(ODD_BYTES),
    });
    expect(pax['etc/shared']).toEqual({
      'SCHILY.acl.access': Buffer.from(ACL).toString('hex'),
      'LIBARCHIVE.xattr.user.note': Buffer.from('aGVsbG8').toString('hex'),
      'SCHILY.xattr.user.comment': Buffer.from('größe = 3\nzeilen').toString('hex'),
    });
  });

  it('is listed by GNU tar with its capabilities, attributes and ACL', () => {
    const listing = run('tar', ['--xattrs', "--xattrs-include=*", '--acls', '-tvvf', tarFile]);
    expect(listing).toContain(`ping\n  x: 20 security.capability\n  x: ${ODD_BYTES.length} user.odd\n`);
    expect(listing).toContain(`shared\n  a: ${ACL}\n`);
  });

  it('is unpacked by umoci with the file capabilities and user attributes set', () => {
    const layout = join(work, 'layout');
    run('umoci', ['init', '--layout', layout]);
    run('umoci', ['new', '--image', `${layout}:rootfs`]);
    run('umoci', ['raw', 'add-layer', '--image', `${layout}:rootfs`, tarFile]);
    const bundle = join(work, 'bundle');
    run('umoci', ['unpack', '--image', `${layout}:rootfs`, bundle]);
    const xattrs = JSON.parse(run('python3', ['-c', PYTHON_XATTRS, join(bundle, 'rootfs'), 'bin/ping', 'etc/shared'])) as Record<string, Record<string, string>>;
    expect(xattrs['bin/ping']).toEqual({ 'security.capability': hex(CAPABILITY), 'user.odd': hex(ODD_BYTES) });
    expect(xattrs['etc/shared']).toMatchObject({ 'user.comment': Buffer.from('größe = 3\nzeilen').toString('hex') });
  });
});
