/**
 * The rootfs figure's many-layer image: 25 layers of small files, as an
 * application image built step by step looks, with whiteouts that the merge
 * must apply (a file removed, a directory removed, a directory made opaque
 * and filled again). Built by the test bed's deterministic tar writer (mtime
 * 0, pax), gzip -6, so the same run of the bench always pushes the same
 * digests; pushed straight to the bench registry.
 */
import { mediaTypes } from '../test-bed/images/media-types';
import { compressLayer } from '../test-bed/images/layer-compression';
import { pseudoRandomText } from '../test-bed/images/layer-recipes';
import { pseudoRandomBytes } from '../test-bed/images/recipes';
import { opaqueWhiteout, tarArchive, whiteout, type TarEntry } from '../test-bed/images/tar-writer';
import { putManifest, uploadBlob } from '../test-bed/registry-writer';

/** Layers in the image. */
export const MANY_LAYERS = 25;

/** Files each layer adds under its own directory. */
const FILES_PER_LAYER = 60;

/** A pushed many-layer image and the size of the tars it was made of. */
export interface ManyLayerImage {
  reference: string;
  layers: number;
  /** Sum of the layer tars (uncompressed). */
  tarBytes: number;
}

/** The entries of layer `n` (0-based): its own files, a file every layer rewrites, and on some layers whiteouts of what lower layers wrote. */
function layerEntries(n: number): TarEntry[] {
  const own = `srv/app/l${String(n).padStart(2, '0')}`;
  const entries: TarEntry[] = [
    { type: 'directory', path: 'etc' },
    { type: 'directory', path: 'etc/app' },
    { type: 'file', path: 'etc/app/layer', content: `${n}\n` },
    { type: 'directory', path: 'srv' },
    { type: 'directory', path: 'srv/app' },
  ];
  if (n % 5 === 3) {
    const below = `srv/app/l${String(n - 1).padStart(2, '0')}`;
    entries.push({ type: 'directory', path: below }, whiteout(`${below}/f007.txt`));
  }
  if (n % 6 === 4) entries.push(whiteout(`srv/app/l${String(n - 4).padStart(2, '0')}`));
  entries.push({ type: 'directory', path: own });
  for (let i = 0; i < FILES_PER_LAYER; i++) {
    const seed = n * 1000 + i + 1;
    // Mostly text of 1-8 KiB, one in six a binary of 2-16 KiB: compressible like real files, not all alike.
    const size = 1024 + ((seed * 2654435761) >>> 0) % (7 * 1024);
    const content = i % 6 === 5 ? pseudoRandomBytes(2 * size, seed) : pseudoRandomText(size, seed);
    entries.push({ type: 'file', path: `${own}/f${String(i).padStart(3, '0')}.${i % 6 === 5 ? 'bin' : 'txt'}`, content });
  }
  entries.push({ type: 'directory', path: 'var' }, { type: 'directory', path: 'var/cache' });
  // Every eighth layer hides the cache lower layers left and writes its own (image-spec layer.md, "Opaque Whiteout").
  if (n % 8 === 7) entries.push(opaqueWhiteout('var/cache'));
  entries.push({ type: 'file', path: `var/cache/l${String(n).padStart(2, '0')}.cache`, content: pseudoRandomText(4096, n + 77) });
  return entries;
}

/** Builds the image and pushes it as `host/repository:tag` (an OCI manifest, gzip layers). */
export async function pushManyLayerImage(host: string, repository: string, tag: string): Promise<ManyLayerImage> {
  const mtime = new Date(0);
  const layers = Array.from({ length: MANY_LAYERS }, (_, n) => {
    const tar = tarArchive(layerEntries(n), mtime);
    return { tarBytes: tar.length, ...compressLayer(tar, 'gzip') };
  });
  const config = new TextEncoder().encode(
    JSON.stringify({
      created: '1970-01-01T00:00:00Z',
      architecture: 'amd64',
      os: 'linux',
      config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['/bin/sh'] },
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
      history: layers.map((_, n) => ({ created: '1970-01-01T00:00:00Z', created_by: `pullscope bench: layer ${n + 1} of ${MANY_LAYERS}` })),
    }),
  );
  const configDigest = await uploadBlob(host, repository, config);
  const descriptors = [];
  for (const layer of layers) {
    descriptors.push({ mediaType: layer.mediaType, digest: await uploadBlob(host, repository, new Uint8Array(layer.blob)), size: layer.blob.length });
  }
  const manifest = new TextEncoder().encode(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: mediaTypes.ociManifest,
      config: { mediaType: mediaTypes.ociConfig, digest: configDigest, size: config.length },
      layers: descriptors,
    }),
  );
  await putManifest(host, repository, tag, mediaTypes.ociManifest, manifest);
  return { reference: `${host}/${repository}:${tag}`, layers: MANY_LAYERS, tarBytes: layers.reduce((sum, l) => sum + l.tarBytes, 0) };
}
