/**
 * test/whiteouts:v1: the layer semantics of image-spec layer.md a merged
 * filesystem must get right, over four layers.
 *
 *   1 (umoci)  base: every kind of entry umoci writes from a rootfs
 *   2 (umoci)  `rm`: a file whiteout and a directory whiteout
 *   3 (ours)   an opaque directory re-populated by the same layer, with
 *              `.wh..wh..opq` after some of the new children; a file over a
 *              lower directory and a directory over a lower file, both
 *              without whiteouts; a fifo; a non-root owner; pax names
 *   4 (ours)   a whiteout of a file the layer below added
 *
 * umoci never writes an opaque whiteout (it whites out each child instead),
 * and its rootless unpack turns device nodes into empty files, so the image
 * holds no device node: a rootless unpack could not serve as its reference.
 */
import { pseudoRandomBytes, type Recipe } from './recipes';
import { opaqueWhiteout, whiteout, type TarEntry } from './tar-writer';

/** A path of exactly `length` characters: `dirs`, then a file name padded with `x` before `extension`. */
export function pathOfLength(dirs: string, length: number, extension: string): string {
  const name = length - dirs.length - 1 - extension.length;
  if (name < 1) throw new Error(`${dirs} leaves no room for a ${length}-character path`);
  return `${dirs}/${'x'.repeat(name)}${extension}`;
}

/** 150 characters across many directories: ustar's prefix field can hold it (umoci's Go tar uses it). */
export const ustarPrefixPath = pathOfLength(
  'opt/long/a-directory-chain/that-goes/on-and-on/past-the-ustar/name-field/of-one-hundred',
  150,
  '.txt',
);

/** 150 characters in a 140-character file name: only a pax `path` record can hold it. */
export const paxOnlyPath = pathOfLength('srv/pax', 150, '.txt');

const script = (text: string) => `#!/bin/sh\necho "${text}"\n`;

/** The 1 MiB pseudo-random file of layer 1 (xorshift32, seed 0x1f1e). */
export const randomFile = { path: 'data/random-1MiB.bin', size: 1024 * 1024, seed: 0x1f1e } as const;

function opaqueLayer(): TarEntry[] {
  return [
    { type: 'directory', path: 'etc' },
    // A directory over a lower file: the file goes, the directory and its child stay.
    { type: 'directory', path: 'etc/was-file' },
    { type: 'file', path: 'etc/was-file/child.txt', content: 'a directory now stands where a file was\n' },
    { type: 'directory', path: 'home' },
    { type: 'directory', path: 'home/user', mode: 0o750, uid: 1000, gid: 1000 },
    { type: 'file', path: 'home/user/.profile', content: 'export PS1="$ "\n', mode: 0o600, uid: 1000, gid: 1000 },
    { type: 'directory', path: 'run' },
    { type: 'fifo', path: 'run/control.fifo', mode: 0o600 },
    { type: 'directory', path: 'srv' },
    { type: 'directory', path: 'srv/pax' },
    { type: 'file', path: paxOnlyPath, content: 'a name only a pax header can carry\n' },
    // A file over a lower directory, without a whiteout: the whole lower subtree goes.
    { type: 'file', path: 'srv/replaced', content: 'a file now stands where a directory was\n' },
    { type: 'directory', path: 'usr' },
    { type: 'directory', path: 'usr/share' },
    { type: 'file', path: 'usr/share/ünïcødé-pax.txt', content: 'a non-ASCII name in a pax header\n' },
    { type: 'directory', path: 'var' },
    { type: 'directory', path: 'var/opaque' },
    // Children written before the opaque marker belong to this layer: they stay.
    { type: 'file', path: 'var/opaque/a.txt', content: 'a, rewritten above the opaque whiteout\n' },
    { type: 'file', path: 'var/opaque/new.txt', content: 'new, written before the opaque whiteout\n' },
    opaqueWhiteout('var/opaque'),
    { type: 'directory', path: 'var/opaque/sub' },
    { type: 'file', path: 'var/opaque/sub/late.txt', content: 'late, written after the opaque whiteout\n' },
  ];
}

/** test/whiteouts:v1. */
export const whiteoutsRecipe: Recipe = {
  tag: 'whiteouts',
  os: 'linux',
  architecture: 'amd64',
  steps: [
    {
      kind: 'layer',
      createdBy: '/bin/sh -c #(nop) ADD file:whiteouts-base.tar in / ',
      edit: (rootfs) => {
        rootfs.file('bin/hello', script('hello from the whiteouts image'), 0o755);
        rootfs.hardlink('bin/hello-hardlink', 'bin/hello');
        rootfs.symlink('usr/bin/hello-relative', '../../bin/hello');
        rootfs.symlink('usr/bin/hello-absolute', '/bin/hello');
        rootfs.symlink('usr/bin/dangling', '/opt/nowhere/missing');
        rootfs.file('usr/bin/setuid-tool', script('runs as its owner'), 0o4755);
        rootfs.file('usr/share/naïve-café.txt', 'A UTF-8 name.\n');
        rootfs.file('etc/config/remove-me.conf', 'removed by a file whiteout in layer 2\n');
        rootfs.file('etc/config/keep.conf', 'kept\n');
        rootfs.file('etc/empty.conf', '');
        rootfs.file('etc/was-file', 'a file that layer 3 replaces with a directory\n');
        rootfs.dir('var/empty');
        rootfs.file('opt/old/bin/tool', script('old tool'), 0o755);
        rootfs.file('opt/old/lib/libold.so', pseudoRandomBytes(2048, 0x01d));
        rootfs.file('opt/old/share/doc/README', 'removed with all of /opt/old by a directory whiteout\n');
        rootfs.file('var/opaque/a.txt', 'a, hidden by the opaque whiteout of layer 3\n');
        rootfs.file('var/opaque/b.txt', 'b, hidden by the opaque whiteout of layer 3\n');
        rootfs.file('var/opaque/sub/c.txt', 'c, hidden by the opaque whiteout of layer 3\n');
        rootfs.file('srv/replaced/inner/file.txt', 'under a directory that layer 3 replaces with a file\n');
        rootfs.file('srv/replaced/other.txt', 'also under it\n');
        rootfs.file(ustarPrefixPath, 'a 150-character path\n');
        rootfs.file(randomFile.path, pseudoRandomBytes(randomFile.size, randomFile.seed));
      },
    },
    { kind: 'config', createdBy: 'ENV PATH=/usr/bin:/bin', flags: ['--config.env', 'PATH=/usr/bin:/bin'] },
    {
      kind: 'layer',
      createdBy: 'RUN /bin/sh -c rm /etc/config/remove-me.conf && rm -r /opt/old && mkdir -p /opt/new && cp /bin/hello /opt/new/tool # buildkit',
      edit: (rootfs) => {
        rootfs.remove('etc/config/remove-me.conf');
        rootfs.remove('opt/old');
        rootfs.file('opt/new/tool', script('new tool'), 0o755);
      },
    },
    { kind: 'tar', createdBy: 'COPY --link rootfs-overrides/ / # buildkit', compression: 'gzip', entries: opaqueLayer },
    {
      kind: 'tar',
      createdBy: 'RUN /bin/sh -c rm /var/opaque/new.txt # buildkit',
      compression: 'gzip',
      entries: () => [{ type: 'directory', path: 'var' }, { type: 'directory', path: 'var/opaque' }, whiteout('var/opaque/new.txt')],
    },
    { kind: 'config', createdBy: 'CMD ["/bin/hello"]', flags: ['--config.cmd', '/bin/hello'] },
  ],
};
