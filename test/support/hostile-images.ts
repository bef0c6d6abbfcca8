/**
 * Hostile images for the integration tests, built in code (deterministic:
 * fixed mtimes, seeded pseudo-random content, gzip without timestamps) and
 * pushed to the test bed's registry with plain distribution API calls, so
 * each test meets them exactly as a client pulling them would.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { encodeTarHeader } from '@/lib/archive/tar-encode';
import { putManifest, uploadBlob } from '../../scripts/test-bed/registry-writer';
import { storedBlobPath } from '../../scripts/test-bed/images/registry-storage';
import { tarArchive, type TarEntry } from '../../scripts/test-bed/images/tar-writer';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
export const OCI_LAYER_ZSTD = 'application/vnd.oci.image.layer.v1.tar+zstd';

const MTIME = new Date('2024-01-01T00:00:00Z');
const encoder = new TextEncoder();

/** sha256 of bytes, `sha256:<hex>`. */
export function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** sha512 of bytes, `sha512:<hex>`: the other algorithm the image-spec registers. */
export function sha512(bytes: Uint8Array): string {
  return `sha512:${createHash('sha512').update(bytes).digest('hex')}`;
}

/** The same layer named by the sha512 of its blob (the diff_id stays as the config names it). */
export function sha512Named(layer: LayerBlob): LayerBlob {
  return { ...layer, digest: sha512(layer.blob) };
}

/** A layer blob with what the manifest and config say about it. */
export interface LayerBlob {
  blob: Uint8Array<ArrayBuffer>;
  digest: string;
  size: number;
  diffId: string;
  mediaType: string;
}

/** A gzip layer of this tar (Node's gzip writes no timestamp: the same tar gives the same blob). */
export function gzipLayer(tar: Uint8Array): LayerBlob {
  const blob = new Uint8Array(zlib.gzipSync(tar, { level: 9 }));
  return { blob, digest: sha256(blob), size: blob.length, diffId: sha256(tar), mediaType: OCI_LAYER_GZIP };
}

/** A gzip layer of these entries, written by the test bed's tar writer (paths stored exactly as given). */
export function entriesLayer(entries: readonly TarEntry[]): LayerBlob {
  return gzipLayer(tarArchive(entries, MTIME));
}

/** `n` pseudo-random bytes from a seed (mulberry32): incompressible, and the same on every run. */
export function seededBytes(seed: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let a = seed >>> 0;
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (t ^ (t >>> 14)) & 0xff;
  }
  return out;
}

/** A tar whose first member is a PAX `x` header declaring `size` bytes of records, with those records after it. */
export function paxBombLayer(size: number): LayerBlob {
  const header = encodeTarHeader({ path: 'PaxHeaders/bomb', type: 'file', size });
  header[156] = 'x'.charCodeAt(0);
  writeChecksum(header);
  // One record filling the whole payload: "<size> comment=aaa…\n".
  const records = new Uint8Array(size).fill(0x61);
  const prefix = encoder.encode(`${size} comment=`);
  records.set(prefix, 0);
  records[size - 1] = 0x0a;
  const file = encodeTarHeader({ path: 'after-the-bomb', type: 'file', size: 0 });
  return gzipLayer(concat([header, records, new Uint8Array((512 - (size % 512)) % 512), file, new Uint8Array(1024)]));
}

/**
 * A gzip bomb: a tar of one file of `zeroBytes` zeros (a multiple of 64 MiB),
 * compressed about a thousand to one. Written as several gzip members (one
 * per 64 MiB, all the same) so building it takes a fraction of a second;
 * multi-member gzip is valid (RFC 1952 §2.2) and common in layers.
 */
export function gzipBombLayer(zeroBytes: number): LayerBlob {
  const piece = 64 * 1024 * 1024;
  if (zeroBytes % piece !== 0) throw new Error(`gzip bomb size ${zeroBytes} is not a multiple of 64 MiB`);
  const header = encodeTarHeader({ path: 'zeros', type: 'file', size: zeroBytes });
  const zeros = new Uint8Array(piece);
  const member = zlib.gzipSync(zeros, { level: 9 });
  const end = new Uint8Array(1024);
  const tarHash = createHash('sha256').update(header);
  for (let done = 0; done < zeroBytes; done += piece) tarHash.update(zeros);
  tarHash.update(end);
  const members = [zlib.gzipSync(header, { level: 9 }), ...Array.from({ length: zeroBytes / piece }, () => member), zlib.gzipSync(end, { level: 9 })];
  const blob = concat(members);
  return { blob, digest: sha256(blob), size: blob.length, diffId: `sha256:${tarHash.digest('hex')}`, mediaType: OCI_LAYER_GZIP };
}

/**
 * A zstd layer of one frame declaring a 1 GiB window (RFC 8878 §3.1.1.1.2:
 * exponent 20), then `blocks` RLE blocks of 128 KiB of zeros at 4 bytes each.
 * Its diff_id is what the zeros would hash to if it were decoded.
 */
export function zstdWindowBombLayer(blocks: number): LayerBlob {
  const bytes = [0x28, 0xb5, 0x2f, 0xfd, 0x00, 20 << 3];
  const blockSize = 128 * 1024;
  for (let i = 0; i < blocks; i++) {
    const header = (i === blocks - 1 ? 1 : 0) | (1 << 1) | (blockSize << 3);
    bytes.push(header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff, 0);
  }
  const blob = new Uint8Array(bytes);
  return { blob, digest: sha256(blob), size: blob.length, diffId: sha256(new Uint8Array(blocks * blockSize)), mediaType: OCI_LAYER_ZSTD };
}

/** An OCI image config listing these diff_ids, one history step per diff_id unless `history` is given. */
export function imageConfig(diffIds: readonly string[], history?: readonly object[]): Uint8Array<ArrayBuffer> {
  return encoder.encode(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      created: MTIME.toISOString(),
      config: { Cmd: ['/bin/sh'] },
      rootfs: { type: 'layers', diff_ids: diffIds },
      history: history ?? diffIds.map((_, i) => ({ created: MTIME.toISOString(), created_by: `/bin/sh -c step ${i + 1}` })),
    }),
  );
}

/** A descriptor as JSON text. */
export function descriptorJson(d: { mediaType: string; digest: string; size: number }): string {
  return JSON.stringify({ mediaType: d.mediaType, digest: d.digest, size: d.size });
}

/** An OCI manifest as text; `layers` are descriptor texts, so a test can write JSON that JSON.stringify never would. */
export function manifestJson(config: { digest: string; size: number }, layers: readonly string[]): string {
  return `{"schemaVersion":2,"mediaType":"${OCI_MANIFEST}","config":${descriptorJson({ mediaType: OCI_CONFIG, ...config })},"layers":[${layers.join(',')}]}`;
}

/** What `pushImage` pushed. */
export interface PushedImage {
  repository: string;
  tag: string;
  manifestDigest: string;
  configDigest: string;
}

/**
 * Pushes layer blobs, a config and a manifest (by default the plain OCI
 * manifest of those layers) under `repository:tag`; blobs the registry
 * already holds are not uploaded again.
 */
export async function pushImage(
  host: string,
  repository: string,
  tag: string,
  parts: { layers: readonly LayerBlob[]; config: Uint8Array<ArrayBuffer>; manifest?: string },
): Promise<PushedImage> {
  for (const layer of new Map(parts.layers.map((l) => [l.digest, l])).values()) {
    if (layer.digest.startsWith('sha256:')) await uploadBlob(host, repository, layer.blob);
    else await uploadBlobNamed(host, repository, layer.blob, layer.digest);
  }
  const configDigest = await uploadBlob(host, repository, parts.config);
  const manifest = parts.manifest ?? manifestJson({ digest: configDigest, size: parts.config.length }, parts.layers.map(descriptorJson));
  const manifestDigest = await putManifest(host, repository, tag, OCI_MANIFEST, encoder.encode(manifest));
  return { repository, tag, manifestDigest, configDigest };
}

/** Uploads a blob under a digest of another algorithm than sha256 (distribution-spec "Pushing blobs": POST, then PUT ?digest=). */
async function uploadBlobNamed(host: string, repository: string, bytes: Uint8Array<ArrayBuffer>, digest: string): Promise<void> {
  const start = await fetch(`http://${host}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  if (start.status !== 202) throw new Error(`starting an upload to ${repository}: got HTTP ${start.status}, want 202`);
  const location = new URL(start.headers.get('Location') ?? '', `http://${host}`);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', headers: { 'Content-Type': 'application/octet-stream' }, body: bytes });
  if (put.status !== 201) throw new Error(`uploading ${digest} to ${repository}: got HTTP ${put.status}, want 201: ${(await put.text()).slice(0, 300)}`);
}

export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

/** An index entry: a pushed manifest or index, with a platform or none. */
export interface IndexEntry {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os: string; architecture: string; variant?: string };
}

/** Puts an OCI index of these entries under `repository:tag`; returns it as an entry for another index. */
export async function pushIndex(host: string, repository: string, tag: string, manifests: readonly IndexEntry[]): Promise<IndexEntry> {
  const bytes = encoder.encode(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests }));
  const digest = await putManifest(host, repository, tag, OCI_INDEX, bytes);
  return { mediaType: OCI_INDEX, digest, size: bytes.length };
}

/** Cuts the registry's stored copy of a blob to `length` bytes (what a failed disk or a broken mirror does). */
export function truncateStoredBlob(storageRoot: string, digest: string, length: number): void {
  fs.truncateSync(storedBlobPath(storageRoot, digest), length);
}

function writeChecksum(header: Uint8Array): void {
  header.fill(0x20, 148, 156);
  const sum = header.reduce((total, b) => total + b, 0);
  header.set(encoder.encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
}

function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
