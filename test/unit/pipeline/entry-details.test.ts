// What a layer's index keeps of an entry beyond its mode, size and time, read
// from a tar Python's tarfile writes (a writer independent of ours): device
// numbers, owner names, and which extended attributes an entry has.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { MediaType } from '@/lib/oci/media-types';
import { processLayer } from '@/lib/pipeline/process-layer';
import { chunks, sourceOf } from '../stream/stream-helpers';
import { gzip, sha256 } from './layer-fixtures';

const writeTar = `
import io, sys, tarfile
out = io.BytesIO()
with tarfile.open(fileobj=out, mode='w', format=tarfile.PAX_FORMAT) as tar:
    def add(name, kind, data=None, **fields):
        info = tarfile.TarInfo(name)
        info.type = kind
        info.mtime = 1704067200
        for key, value in fields.items():
            setattr(info, key, value)
        if data is not None:
            info.size = len(data)
        tar.addfile(info, io.BytesIO(data) if data is not None else None)
    add('dev', tarfile.DIRTYPE, mode=0o755, uname='root', gname='root')
    add('dev/null', tarfile.CHRTYPE, mode=0o666, devmajor=1, devminor=3, uname='root', gname='root')
    add('dev/sda', tarfile.BLKTYPE, mode=0o660, devmajor=8, devminor=0, gid=6, uname='root', gname='disk')
    add('home', tarfile.DIRTYPE, mode=0o755)
    add('home/nobody.txt', tarfile.REGTYPE, mode=0o644, uid=65534, gid=65534, uname='nobody', gname='nogroup', data=b'x')
    add('ping', tarfile.REGTYPE, mode=0o755, data=b'#!', pax_headers={
        'SCHILY.xattr.security.capability': '\\x01\\x00\\x00\\x02\\x00\\x20',
        'SCHILY.xattr.user.origin': 'build',
    })
sys.stdout.buffer.write(out.getvalue())
`;

async function indexOfPythonTar() {
  const tar = new Uint8Array(execFileSync('python3', ['-c', writeTar], { maxBuffer: 1 << 24 }));
  const blob = gzip(tar);
  const result = await processLayer({ body: sourceOf(chunks(blob, 4096)), digest: sha256(blob), size: blob.length, mediaType: MediaType.OciLayerGzip, diffId: sha256(tar) });
  return result.index;
}

describe('the entry details a layer index keeps', () => {
  it('keeps device numbers, owner names and extended attribute names as the tar holds them', async () => {
    const index = await indexOfPythonTar();
    expect(index.lookup('/dev/null')).toMatchObject({ type: 'char', devmajor: 1, devminor: 3, uid: 0, gid: 0, uname: 'root', gname: 'root' });
    expect(index.lookup('/dev/sda')).toMatchObject({ type: 'block', devmajor: 8, devminor: 0, gid: 6, gname: 'disk' });
    expect(index.lookup('/home/nobody.txt')).toMatchObject({ uid: 65534, gid: 65534, uname: 'nobody', gname: 'nogroup' });
    expect(index.lookup('/ping')?.xattrs).toEqual(['security.capability', 'user.origin']);
    expect(index.lookup('/home/nobody.txt')).not.toHaveProperty('xattrs');
  });
});
