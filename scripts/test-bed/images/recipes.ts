/**
 * The test images, described as Dockerfile-like steps: a `layer` step writes
 * files into the rootfs and becomes one layer with a history entry (umoci
 * computes the change); a `tar` step is one layer whose entries we write
 * ourselves; a `config` step changes the config and adds an `empty_layer`
 * history entry.
 * Every timestamp and every byte is fixed, so a rebuild yields the same
 * digests.
 */
import type { LayerCompression } from './layer-compression';
import type { RootfsEditor } from './rootfs-editor';
import type { TarEntry } from './tar-writer';

/** One build step of an image. */
export type Step =
  | { kind: 'layer'; createdBy: string; edit: (rootfs: RootfsEditor) => void }
  /** A layer written by our own tar writer, byte for byte as `entries` lists it (what umoci cannot write). */
  | { kind: 'tar'; createdBy: string; compression: LayerCompression; entries: () => TarEntry[] }
  | { kind: 'config'; createdBy: string; flags: string[] };

/** An image to build into the OCI layout under `tag`. */
export interface Recipe {
  tag: string;
  os: string;
  architecture: string;
  /** Set by patching the config: umoci 0.4 has no flag for it. */
  variant?: string;
  steps: Step[];
}

/** The fixed creation time of step `n` (minutes after 2020-01-01). */
export function stepTime(n: number): Date {
  return new Date(Date.UTC(2020, 0, 1) + n * 60_000);
}

/** `size` bytes from xorshift32 seeded with `seed`: binary, incompressible, reproducible. */
export function pseudoRandomBytes(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

const helloScript = '#!/bin/sh\n# Prints a greeting: a stand-in for a real entrypoint.\necho "hello from pullscope"\n';

/** A path longer than ustar's 100-byte name field: tar writers need PAX or GNU long names. */
export const longPath =
  'app/a/deeply/nested/directory/structure/whose/full/path/is/longer/than/the/one/hundred/bytes/of/ustar/notes.txt';

/** The image with several layers, whiteouts, links and a full config (test/layers:v1, test/docker:v1). */
export const layersRecipe: Recipe = {
  tag: 'layers',
  os: 'linux',
  architecture: 'amd64',
  steps: [
    {
      kind: 'layer',
      createdBy: '/bin/sh -c #(nop) ADD file:base.tar in / ',
      edit: (rootfs) => {
        rootfs.file('etc/os-release', 'NAME="Pullscope Test"\nID=pullscope\nVERSION_ID=1\n');
        rootfs.file('etc/motd', 'Welcome to the Pullscope test image.\n');
        rootfs.file('bin/hello', helloScript, 0o755);
        rootfs.symlink('usr/bin/hello', '../../bin/hello');
        rootfs.file('usr/share/doc/pullscope/README.txt', 'This file is removed by a later layer (a whiteout).\n');
        rootfs.file('var/lib/app/state/seed.txt', 'seed state, replaced in the last layer\n');
        rootfs.file('var/lib/app/cache/old.tmp', 'a cache directory removed by a later layer\n');
        rootfs.dir('tmp', 0o1777);
      },
    },
    { kind: 'config', createdBy: 'ENV APP_ENV=test', flags: ['--config.env', 'PATH=/usr/local/bin:/usr/bin:/bin', '--config.env', 'APP_ENV=test'] },
    {
      kind: 'layer',
      createdBy: 'COPY app/ /app/ # buildkit',
      edit: (rootfs) => {
        rootfs.file('app/config.json', JSON.stringify({ name: 'pullscope-test', port: 8080, debug: false }, null, 2) + '\n');
        rootfs.file('app/bin/run.sh', '#!/bin/sh\nset -e\ncd /app\nexec /bin/hello "$@"\n', 0o755);
        rootfs.file('app/data/blob.bin', pseudoRandomBytes(64 * 1024, 0x5eed));
        rootfs.file(longPath, 'A file whose path needs a PAX header.\n');
        rootfs.file('etc/os-release', 'NAME="Pullscope Test"\nID=pullscope\nVERSION_ID=2\n');
      },
    },
    { kind: 'config', createdBy: 'WORKDIR /app', flags: ['--config.workingdir', '/app'] },
    {
      kind: 'layer',
      createdBy: 'RUN /bin/sh -c rm -rf /usr/share/doc/pullscope/README.txt /var/lib/app/cache && ln /app/bin/run.sh /app/bin/run # buildkit',
      edit: (rootfs) => {
        rootfs.remove('usr/share/doc/pullscope/README.txt');
        rootfs.remove('var/lib/app/cache');
        rootfs.hardlink('app/bin/run', 'app/bin/run.sh');
      },
    },
    {
      kind: 'config',
      createdBy: 'LABEL org.opencontainers.image.title=pullscope-test',
      flags: [
        '--config.label', 'org.opencontainers.image.title=pullscope-test',
        '--config.label', 'org.opencontainers.image.description=An image with several layers for Pullscope tests',
      ],
    },
    {
      kind: 'layer',
      createdBy: 'RUN /bin/sh -c rm -rf /var/lib/app/state && mkdir -p /var/lib/app/state && echo fresh > /var/lib/app/state/fresh.txt # buildkit',
      edit: (rootfs) => {
        rootfs.remove('var/lib/app/state');
        rootfs.file('var/lib/app/state/fresh.txt', 'fresh\n');
        rootfs.file('app/empty', '');
        rootfs.file('app/docs/ünïcødé.txt', 'A file with a non-ASCII name.\n');
      },
    },
    { kind: 'config', createdBy: 'EXPOSE map[8080/tcp:{} 9090/udp:{}]', flags: ['--config.exposedports', '8080/tcp', '--config.exposedports', '9090/udp'] },
    { kind: 'config', createdBy: 'VOLUME [/data]', flags: ['--config.volume', '/data'] },
    { kind: 'config', createdBy: 'USER 1000:1000', flags: ['--config.user', '1000:1000'] },
    { kind: 'config', createdBy: 'STOPSIGNAL SIGTERM', flags: ['--config.stopsignal', 'SIGTERM'] },
    { kind: 'config', createdBy: 'ENTRYPOINT ["/app/bin/run.sh"]', flags: ['--config.entrypoint', '/app/bin/run.sh'] },
    { kind: 'config', createdBy: 'CMD ["--serve" "--port=8080"]', flags: ['--config.cmd', '--serve', '--config.cmd', '--port=8080'] },
  ],
};

/** One platform of test/multi:v1; the first layer is the same on every platform (a shared blob). */
function platformRecipe(tag: string, architecture: string, variant?: string): Recipe {
  const platform = [architecture, variant].filter(Boolean).join('/');
  return {
    tag,
    os: 'linux',
    architecture,
    variant,
    steps: [
      {
        kind: 'layer',
        createdBy: '/bin/sh -c #(nop) ADD file:common.tar in / ',
        edit: (rootfs) => {
          rootfs.file('etc/os-release', 'NAME="Pullscope Test"\nID=pullscope\nVERSION_ID=1\n');
          rootfs.file('bin/hello', helloScript, 0o755);
        },
      },
      {
        kind: 'layer',
        createdBy: `COPY platform-${architecture} /etc/platform # buildkit`,
        edit: (rootfs) => {
          rootfs.file('etc/platform', `linux/${platform}\n`);
          rootfs.file(`usr/lib/${architecture}/marker.bin`, pseudoRandomBytes(4096, architecture.length * 7919 + 1));
        },
      },
      { kind: 'config', createdBy: 'CMD ["/bin/hello"]', flags: ['--config.cmd', '/bin/hello'] },
    ],
  };
}

/** linux/amd64 of test/multi:v1 and test/list:v1. */
export const amd64Recipe = platformRecipe('multi-amd64', 'amd64');

/** linux/arm64/v8 of test/multi:v1 and test/list:v1. */
export const arm64Recipe = platformRecipe('multi-arm64', 'arm64', 'v8');

/** A small image only credentialed clients may pull (private/secret:v1). */
export const secretRecipe: Recipe = {
  tag: 'secret',
  os: 'linux',
  architecture: 'amd64',
  steps: [
    {
      kind: 'layer',
      createdBy: 'COPY secret.txt /secret.txt # buildkit',
      edit: (rootfs) => rootfs.file('secret.txt', 'the secret is: pullscope\n', 0o600),
    },
    { kind: 'config', createdBy: 'CMD ["cat" "/secret.txt"]', flags: ['--config.cmd', 'cat', '--config.cmd', '/secret.txt'] },
  ],
};

/** Every image built into the OCI layout. */
export const recipes: Recipe[] = [layersRecipe, amd64Recipe, arm64Recipe, secretRecipe];
