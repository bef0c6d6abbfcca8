/**
 * Reading and patching an OCI image layout on disk (image-spec
 * image-layout.md): `index.json` names each tag through the
 * `org.opencontainers.image.ref.name` annotation; blobs live at
 * `blobs/<algorithm>/<hex>`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** An OCI content descriptor (image-spec descriptor.md). */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: { architecture: string; os: string; variant?: string };
}

/** `sha256:<hex>` of some bytes. */
export function sha256Digest(bytes: Uint8Array): string {
  return 'sha256:' + crypto.createHash('sha256').update(bytes).digest('hex');
}

const refName = 'org.opencontainers.image.ref.name';

function blobPath(layout: string, digest: string): string {
  const [algorithm, hex] = digest.split(':');
  return path.join(layout, 'blobs', algorithm, hex);
}

/** The bytes of a blob of the layout. */
export function readBlob(layout: string, digest: string): Buffer {
  return fs.readFileSync(blobPath(layout, digest));
}

/** Stores bytes as a blob and returns their descriptor. */
export function writeBlob(layout: string, mediaType: string, bytes: Uint8Array): Descriptor {
  const digest = sha256Digest(bytes);
  fs.mkdirSync(path.dirname(blobPath(layout, digest)), { recursive: true });
  fs.writeFileSync(blobPath(layout, digest), bytes);
  return { mediaType, digest, size: bytes.length };
}

function readIndex(layout: string): { manifests: Descriptor[] } & Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(layout, 'index.json'), 'utf8'));
}

/** The manifest descriptor that `tag` names in the layout's index. */
export function tagDescriptor(layout: string, tag: string): Descriptor {
  const found = readIndex(layout).manifests.find((d) => d.annotations?.[refName] === tag);
  if (!found) throw new Error(`no tag ${tag} in the OCI layout ${layout}`);
  return found;
}

/**
 * Rewrites the manifest and config of `tag` through `patch`, stores both
 * again and points the tag at the new manifest. Compact JSON, as umoci
 * writes it.
 */
export function patchImage(
  layout: string,
  tag: string,
  patch: (manifest: { config: Descriptor; layers: Descriptor[] } & Record<string, unknown>, config: Record<string, unknown>) => void,
): void {
  const manifestDescriptor = tagDescriptor(layout, tag);
  const manifest = JSON.parse(readBlob(layout, manifestDescriptor.digest).toString('utf8'));
  const config = JSON.parse(readBlob(layout, manifest.config.digest).toString('utf8'));
  patch(manifest, config);
  const configDescriptor = writeBlob(layout, manifest.config.mediaType, Buffer.from(JSON.stringify(config)));
  manifest.config = { ...manifest.config, digest: configDescriptor.digest, size: configDescriptor.size };
  const newManifest = writeBlob(layout, manifestDescriptor.mediaType, Buffer.from(JSON.stringify(manifest)));

  const index = readIndex(layout);
  index.manifests = index.manifests.map((d) =>
    d.annotations?.[refName] === tag ? { ...d, digest: newManifest.digest, size: newManifest.size } : d,
  );
  fs.writeFileSync(path.join(layout, 'index.json'), JSON.stringify(index));
}

/** Rewrites the image config of `tag` through `patch`, for fields umoci 0.4 cannot set, such as `variant`. */
export function patchConfig(layout: string, tag: string, patch: (config: Record<string, unknown>) => void): void {
  patchImage(layout, tag, (_manifest, config) => patch(config));
}

/** The layer descriptors of the image `tag` names, in order. */
export function layerDescriptors(layout: string, tag: string): Descriptor[] {
  return JSON.parse(readBlob(layout, tagDescriptor(layout, tag).digest).toString('utf8')).layers;
}
