// Image archives built in code from the archive tests' two-platform fixture
// image: an OCI layout and docker-archives (old and Docker 25+ layouts),
// packed as a tar, a gzip'd tar, a zip (stored or deflated) or folder files.
import { deflateRawSync, gzipSync } from 'node:zlib';
import { type TarInput, tarStream } from '@/lib/archive/tar-writer';
import type { FolderFile } from '@/lib/local/folder-files';
import { MediaType } from '@/lib/oci/media-types';
import { collect, sha256Hex } from '../archive/archive-helpers';
import { buildFixtureImage, type FixtureImage } from '../archive/image-fixture';

const text = (s: string) => new TextEncoder().encode(s);

/** One file of an archive before packing: a path and its bytes, or a symlink. */
export type FixtureFile = { path: string; bytes: Uint8Array } | { path: string; symlink: string };

export { buildFixtureImage, type FixtureImage };

/** The files of an OCI image layout whose index.json names the fixture's index as "v1". */
export function ociLayoutFiles(image: FixtureImage, options: { omit?: string; replace?: [string, Uint8Array] } = {}): FixtureFile[] {
  const index = { schemaVersion: 2, mediaType: MediaType.OciIndex, manifests: [{ ...image.index.descriptor, annotations: { 'org.opencontainers.image.ref.name': 'v1' } }] };
  const files: FixtureFile[] = [
    { path: 'oci-layout', bytes: text('{"imageLayoutVersion":"1.0.0"}') },
    { path: 'index.json', bytes: text(JSON.stringify(index)) },
  ];
  for (const [digest, bytes] of image.blobs) {
    if (digest === options.omit) continue;
    files.push({ path: `blobs/sha256/${digest.slice(7)}`, bytes: digest === options.replace?.[0] ? options.replace[1] : bytes });
  }
  return files;
}

/**
 * The amd64 image as `docker save` wrote it before Docker 25: `<id>/layer.tar`
 * uncompressed, a config named by its digest, manifest.json. With
 * `skopeoLinks`, the tars are `<diff_id>.tar` and `<id>/layer.tar` symlinks to them, as skopeo writes.
 */
export function dockerArchiveFiles(image: FixtureImage, options: { skopeoLinks?: boolean; dropLayer?: boolean } = {}): FixtureFile[] {
  const config = image.configs.amd64;
  const layers = [image.layers.base, image.layers.amd64];
  const files: FixtureFile[] = [];
  const paths: string[] = [];
  layers.forEach((layer, i) => {
    const id = `${String(i + 1).repeat(64)}`;
    const tarName = `${layer.diffId.slice(7)}.tar`;
    if (options.skopeoLinks) {
      files.push({ path: tarName, bytes: layer.diff }, { path: `${id}/layer.tar`, symlink: `../${tarName}` });
    } else {
      files.push({ path: `${id}/layer.tar`, bytes: layer.diff });
    }
    paths.push(`${id}/layer.tar`);
  });
  files.push({ path: `${config.descriptor.digest.slice(7)}.json`, bytes: config.bytes });
  const item = { Config: `${config.descriptor.digest.slice(7)}.json`, RepoTags: ['example.com/team/app:v1'], Layers: options.dropLayer ? paths.slice(1) : paths };
  files.push({ path: 'manifest.json', bytes: text(JSON.stringify([item])) });
  return files;
}

/** A tar of the files (GNU-style "./" prefixes with `dotSlash`), as one Blob. */
export async function tarBlob(files: FixtureFile[], options: { dotSlash?: boolean } = {}): Promise<Blob> {
  const prefix = options.dotSlash ? './' : '';
  const inputs: TarInput[] = files.map((f) =>
    'symlink' in f
      ? { entry: { path: prefix + f.path, type: 'symlink', linkpath: f.symlink } }
      : { entry: { path: prefix + f.path, type: 'file', size: f.bytes.length }, content: f.bytes },
  );
  return new Blob([(await collect(tarStream(inputs))) as BlobPart]);
}

/** The tar, gzip-compressed. */
export async function gzipTarBlob(files: FixtureFile[]): Promise<Blob> {
  const tar = new Uint8Array(await (await tarBlob(files)).arrayBuffer());
  return new Blob([gzipSync(tar)]);
}

/** The files as a folder picked in the browser: paths under the folder's name. */
export function folderOf(files: FixtureFile[], name = 'layout'): FolderFile[] {
  return files.flatMap((f) => ('bytes' in f ? [{ path: `${name}/${f.path}`, file: new Blob([f.bytes as BlobPart]) }] : []));
}

/**
 * A zip of the files (APPNOTE 4.3): local headers and data, then the
 * central directory and its end record. `deflate` compresses each entry
 * (method 8) with Node's zlib, an implementation independent of ours.
 */
export function zipBlob(files: FixtureFile[], options: { deflate?: boolean } = {}): Blob {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const f of files) {
    if (!('bytes' in f)) continue;
    const name = text(f.path);
    const data = options.deflate ? new Uint8Array(deflateRawSync(f.bytes)) : f.bytes;
    const method = options.deflate ? 8 : 0;
    const crc = crc32(f.bytes);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, method, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, data.length, true);
    local.setUint32(22, f.bytes.length, true);
    local.setUint16(26, name.length, true);
    parts.push(new Uint8Array(local.buffer), name, data);
    const entry = new DataView(new ArrayBuffer(46));
    entry.setUint32(0, 0x02014b50, true);
    entry.setUint16(4, 20, true);
    entry.setUint16(6, 20, true);
    entry.setUint16(10, method, true);
    entry.setUint32(16, crc, true);
    entry.setUint32(20, data.length, true);
    entry.setUint32(24, f.bytes.length, true);
    entry.setUint16(28, name.length, true);
    entry.setUint32(42, offset, true);
    central.push(new Uint8Array(entry.buffer), name);
    offset += 30 + name.length + data.length;
  }
  const cdSize = central.reduce((n, p) => n + p.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, central.length / 2, true);
  end.setUint16(10, central.length / 2, true);
  end.setUint32(12, cdSize, true);
  end.setUint32(16, offset, true);
  return new Blob([...parts, ...central, new Uint8Array(end.buffer)] as BlobPart[]);
}

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** `sha256:<hex>` of bytes. */
export function digestOf(bytes: Uint8Array): string {
  return `sha256:${sha256Hex(bytes)}`;
}
