/**
 * An image archive as an ImageSource: inspectImage reads its documents the
 * way it reads a registry's, and the layer pipeline reads its layers as
 * Blobs. Every document is read as the exact bytes the archive holds and
 * hashed against the digest that names it before it is handed out; layers
 * are hashed by the pipeline as they stream (digest, then diff_id).
 */
import { DigestMismatchError, isDigest, sha256Digest } from '../digest';
import type { FetchedDocument, ImageSource, RepositoryLocation } from '../inspect/image-source';
import type { Descriptor } from '../oci/documents';
import { MAX_MANIFEST_BYTES } from '../oci/parse';
import type { ArchiveFiles } from './archive-files';
import { BadArchiveError, MissingArchiveFileError } from './errors';
import { SYNTHESIZED_NOTE } from './synthesized-manifest';

/** How the archive lays out its image. */
export type ArchiveLayout =
  /** index.json + blobs/ (image-spec image-layout.md): `skopeo copy … oci-archive:`, `oci:` folders. */
  | 'oci-layout'
  /** manifest.json + config + layer tars, no manifest (`docker save` before Docker 25, `skopeo copy … docker-archive:`). */
  | 'docker-archive'
  /** Docker 25 and later: manifest.json and an OCI image layout in the same tar. */
  | 'docker-archive with OCI layout';

/** One image the archive holds: what its index names, and the names it goes by. */
export interface ArchiveImage {
  /** The image's top document (an index or a manifest): as index.json lists it, or the synthesized manifest. */
  descriptor: Descriptor;
  /** Names the archive gives it: RepoTags, `io.containerd.image.name`, `org.opencontainers.image.ref.name`. */
  names: string[];
  /** True when the manifest was synthesized from manifest.json. */
  synthesized: boolean;
}

/** What the opener found, handed to the source. */
export interface ArchiveContents {
  files: ArchiveFiles;
  layout: ArchiveLayout;
  images: ArchiveImage[];
  /** Manifests written by Pullscope for archives that hold none, by digest. */
  synthesized?: ReadonlyMap<string, Uint8Array>;
  /** Files named by a digest that is not their path (docker-archive layers by diff_id, configs): digest → path. */
  pathsByDigest?: ReadonlyMap<string, string>;
}

/** The documents and layer blobs of an image archive on this machine. */
export class ArchiveImageSource implements ImageSource {
  readonly files: ArchiveFiles;
  readonly layout: ArchiveLayout;
  readonly images: readonly ArchiveImage[];
  private readonly synthesized: ReadonlyMap<string, Uint8Array>;
  private readonly pathsByDigest: ReadonlyMap<string, string>;
  // Media types the parents named, so a document without its own mediaType reads as its descriptor says.
  private readonly mediaTypes = new Map<string, string>();
  // An index read so far lists several platforms: a file one of them lacks leaves the others to choose.
  private platformChoice = false;

  constructor(contents: ArchiveContents) {
    this.files = contents.files;
    this.layout = contents.layout;
    this.images = contents.images;
    this.synthesized = contents.synthesized ?? new Map();
    this.pathsByDigest = contents.pathsByDigest ?? new Map();
    for (const image of this.images) this.mediaTypes.set(image.descriptor.digest, image.descriptor.mediaType);
  }

  /** A manifest or index by digest, or by a name the archive gives one of its images. */
  async getManifest(_location: RepositoryLocation, reference: string, signal?: AbortSignal): Promise<FetchedDocument> {
    const digest = isDigest(reference) ? reference : this.images.find((i) => i.names.includes(reference))?.descriptor.digest;
    if (digest === undefined) throw new BadArchiveError(`The archive holds no image named ${reference}`);
    const synthesized = this.synthesized.get(digest);
    if (synthesized) return { bytes: synthesized, contentType: this.mediaTypes.get(digest) ?? '', note: SYNTHESIZED_NOTE, synthesized: true };
    const bytes = await this.readDocument(digest, 'the image index', signal);
    this.learnMediaTypes(bytes);
    return { bytes, contentType: this.mediaTypes.get(digest) ?? '' };
  }

  /** An image config by digest, checked against it. */
  async getConfigBlob(_location: RepositoryLocation, digest: string, signal?: AbortSignal): Promise<FetchedDocument> {
    return { bytes: await this.readDocument(digest, 'the manifest', signal), contentType: 'application/json' };
  }

  /** A layer's bytes as a Blob (not yet verified: the layer pipeline hashes them as they stream). */
  async layerBlob(digest: string): Promise<Blob> {
    return (await this.layerFile(digest)).blob;
  }

  /** A layer's bytes, and where the archive holds them as its own listing names them (for messages). */
  async layerFile(digest: string): Promise<{ blob: Blob; path: string }> {
    const path = this.pathOf(digest);
    const member = this.files.members.get(path);
    if (!member) throw new MissingArchiveFileError(path, `the manifest's layer ${digest}`, this.platformChoice);
    return { blob: await member.open(), path: member.path };
  }

  /** Where a blob named by `digest` is in the archive. */
  pathOf(digest: string): string {
    const mapped = this.pathsByDigest.get(digest);
    if (mapped !== undefined) return mapped;
    const colon = digest.indexOf(':');
    return `blobs/${digest.slice(0, colon)}/${digest.slice(colon + 1)}`;
  }

  private async readDocument(digest: string, namedBy: string, signal?: AbortSignal): Promise<Uint8Array> {
    if (!isDigest(digest)) throw new BadArchiveError(`${digest} is not a digest`);
    const path = this.pathOf(digest);
    const member = this.files.members.get(path);
    if (!member) throw new MissingArchiveFileError(path, namedBy, this.platformChoice);
    if (member.size > MAX_MANIFEST_BYTES) {
      throw new BadArchiveError(`${path} is ${member.size} bytes; a manifest or config above ${MAX_MANIFEST_BYTES} bytes is refused`);
    }
    const bytes = new Uint8Array(await (await member.open()).arrayBuffer());
    signal?.throwIfAborted();
    const got = await sha256Digest(bytes);
    if (got !== digest) throw new DigestMismatchError(`${path} in the archive`, digest, got, bytes.length, 'local file');
    return bytes;
  }

  private learnMediaTypes(bytes: Uint8Array): void {
    try {
      const doc = JSON.parse(new TextDecoder().decode(bytes)) as { manifests?: unknown };
      if (!Array.isArray(doc.manifests)) return;
      if ((doc.manifests as Array<Partial<Descriptor>>).filter((d) => d?.platform !== undefined).length > 1) this.platformChoice = true;
      for (const d of doc.manifests as Array<Partial<Descriptor>>) {
        if (typeof d?.digest === 'string' && typeof d.mediaType === 'string') this.mediaTypes.set(d.digest, d.mediaType);
      }
    } catch {
      // The parser reports a malformed document; this only adds hints.
    }
  }
}
