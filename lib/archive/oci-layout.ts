/**
 * The files of an OCI image layout (image-spec image-layout.md):
 *
 *   oci-layout             {"imageLayoutVersion":"1.0.0"}
 *   index.json             an image index with one descriptor: the root, annotated
 *                          `org.opencontainers.image.ref.name` = tag (annotations.md)
 *   blobs/sha256/<hex>     every index, manifest, config and layer the root reaches,
 *                          byte for byte as the registry served them
 *
 * All platforms: the root is the registry's index itself, and every manifest
 * it lists (attestations included, so the index is complete) comes along.
 * One platform: the root is that platform's manifest, with the index's
 * descriptor for it (platform included); the index blob is left out, since
 * it would name manifests the layout does not hold.
 *
 * A non-distributable (foreign) layer that carries `urls` is written when
 * the caller holds its blob (`holdsForeignBlob`): a layout is read with no
 * network, and `umoci unpack` fails on a missing layer (skopeo alone would
 * fetch it from its URLs). One the caller does not hold is left out, as the
 * layout spec allows for blobs an external store holds and registries
 * commonly do not serve, and reported (`onLeftOut`), so the user learns the
 * layout is short of it. Schema 1 manifests have no place in an OCI layout
 * and are refused.
 *
 * Documents are checked against their descriptors' digest and size before
 * being written; blobs are hashed as they stream, so a wrong byte errors the
 * archive instead of completing it.
 */
import type { BytesOrigin } from '../bytes-origin';
import { sha256Digest, DigestMismatchError } from '../digest';
import type { Descriptor, ImageIndex, ImageManifest } from '../oci/documents';
import { MediaType, isIndexMediaType, isManifestMediaType, isNondistributable, isSchema1MediaType } from '../oci/media-types';
import { parseManifestDocument } from '../oci/parse';
import { choosePlatform } from '../oci/platform';
import { SizeMismatchError } from '../stream/errors';
import { verifyDigestStream } from '../stream/verify-digest';
import { type ArchiveFile, bytesFile } from './archive-file';
import { UnsupportedImageError } from './errors';

/** The annotation naming a reference in index.json (image-spec annotations.md). */
export const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';

/** Where an archive writer gets an image's content: verified bytes, by descriptor. */
export interface ImageContent {
  /** The exact bytes of a manifest or index (small: at most 4 MiB). */
  manifest(descriptor: Descriptor): Promise<Uint8Array>;
  /** The exact bytes of a blob (config or layer), streamed. */
  blob(descriptor: Descriptor): ReadableStream<Uint8Array> | Promise<ReadableStream<Uint8Array>>;
  /** Where the content comes from, which decides the advice when a check fails (default: a registry). */
  origin?: BytesOrigin;
}

/** Inputs of `ociLayoutEntries`. */
export interface OciLayoutOptions {
  /** The descriptor the tag resolves to (an index or a manifest): media type, digest, size. */
  root: Descriptor;
  /** Written as the root's `org.opencontainers.image.ref.name`, e.g. "v1" (so `oci:DIR:v1` finds it). */
  tag?: string;
  /** When the root is an index: the one platform to keep ("linux/arm64"); absent keeps all of them. */
  platform?: string;
  content: ImageContent;
  /** Whether the blob of a non-distributable layer that names `urls` is at hand (verified): written then, else left out. */
  holdsForeignBlob?: (descriptor: Descriptor) => boolean;
  /** Hears each non-distributable layer left out. */
  onLeftOut?: (descriptor: Descriptor) => void;
}

/** The path of a blob in an OCI layout. */
export function blobPath(digest: string): string {
  const colon = digest.indexOf(':');
  return `blobs/${digest.slice(0, colon)}/${digest.slice(colon + 1)}`;
}

/** The files of the image layout, in writing order: `oci-layout`, `index.json`, then each blob once (parents before children). */
export async function* ociLayoutEntries(options: OciLayoutOptions): AsyncGenerator<ArchiveFile, void, undefined> {
  const documents = new Map<string, Uint8Array>();
  const readDocument = async (d: Descriptor): Promise<Uint8Array> => {
    const cached = documents.get(d.digest);
    if (cached) return cached;
    const bytes = await verifiedDocument(d, await options.content.manifest(d), options.content.origin);
    documents.set(d.digest, bytes);
    return bytes;
  };

  let root = options.root;
  if (isIndexMediaType(root.mediaType) && options.platform !== undefined) {
    const index = parseManifestDocument(await readDocument(root), root.mediaType).document as ImageIndex;
    const choice = choosePlatform(index, options.platform);
    if (choice.chosen === undefined) {
      throw new UnsupportedImageError(choice.reason, 'Pick one of the platforms the index lists, or all of them.');
    }
    root = choice.chosen;
  }

  const encoder = new TextEncoder();
  yield bytesFile('oci-layout', encoder.encode(JSON.stringify({ imageLayoutVersion: '1.0.0' })));
  yield bytesFile('index.json', encoder.encode(JSON.stringify(layoutIndex(root, options.tag))));

  const seen = new Set<string>();
  const visit = async function* (d: Descriptor): AsyncGenerator<ArchiveFile, void, undefined> {
    if (seen.has(d.digest)) return;
    seen.add(d.digest);
    if (isSchema1MediaType(d.mediaType)) {
      throw new UnsupportedImageError(
        `${d.digest} is a Docker schema 1 manifest, which an OCI image layout cannot hold`,
        'Schema 1 is deprecated; pull an image pushed with a current client.',
      );
    }
    if (isIndexMediaType(d.mediaType) || isManifestMediaType(d.mediaType)) {
      const bytes = await readDocument(d);
      yield bytesFile(blobPath(d.digest), bytes, d.digest);
      const parsed = parseManifestDocument(bytes, d.mediaType);
      if (parsed.kind === 'index') {
        for (const child of (parsed.document as ImageIndex).manifests) yield* visit(child);
      } else if (parsed.kind === 'manifest') {
        const manifest = parsed.document as ImageManifest;
        yield* visit(manifest.config);
        for (const layer of manifest.layers) yield* visit(layer);
      }
      return;
    }
    if (isNondistributable(d.mediaType) && (d.urls?.length ?? 0) > 0 && options.holdsForeignBlob?.(d) !== true) {
      options.onLeftOut?.(d);
      return;
    }
    yield blobFile(d, options.content);
  };
  yield* visit(root);
}

/** The layout's index.json: one descriptor, the root, named by the tag. */
function layoutIndex(root: Descriptor, tag: string | undefined): ImageIndex {
  const descriptor: Descriptor = { mediaType: root.mediaType, digest: root.digest, size: root.size };
  if (root.platform) descriptor.platform = root.platform;
  if (tag !== undefined) descriptor.annotations = { [REF_NAME_ANNOTATION]: tag };
  return { schemaVersion: 2, mediaType: MediaType.OciIndex, manifests: [descriptor] };
}

async function verifiedDocument(d: Descriptor, bytes: Uint8Array, origin?: BytesOrigin): Promise<Uint8Array> {
  if (bytes.length !== d.size) throw new SizeMismatchError(`manifest ${d.digest}`, d.size, bytes.length, true, origin);
  const got = await sha256Digest(bytes);
  if (got !== d.digest) throw new DigestMismatchError(`manifest ${d.digest}`, d.digest, got, bytes.length, origin);
  return bytes;
}

function blobFile(d: Descriptor, content: ImageContent): ArchiveFile {
  return {
    path: blobPath(d.digest),
    size: d.size,
    digest: d.digest,
    stream: async () =>
      (await content.blob(d)).pipeThrough(verifyDigestStream({ want: d.digest, subject: `blob ${d.digest}`, expectedSize: d.size, origin: content.origin })),
  };
}
