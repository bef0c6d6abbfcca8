/**
 * Where an inspection reads an image's documents from: the registry through
 * our proxy (ProxyClient), or an archive on the user's disk
 * (lib/local/archive-image-source.ts). inspectImage needs only these calls,
 * and checks every document's digest itself, whatever the source.
 */

/** A small JSON document exactly as received, with what its source said about it. */
export interface FetchedDocument {
  bytes: Uint8Array;
  contentType: string;
  /** Docker-Content-Digest as the registry sent it, if it did. */
  registryDigest?: string;
  /** What the page must say about these bytes' origin (e.g. a manifest synthesized from an archive's manifest.json). */
  note?: string;
  /** Made here, not received (a docker-archive's manifest): no one else's digest names these bytes. */
  synthesized?: true;
}

/** Where a repository lives, as the proxy needs it. */
export interface RepositoryLocation {
  apiHost: string;
  repository: string;
}

/** The documents of an image, by tag or digest. */
export interface ImageSource {
  /** A manifest or index by tag or digest, as exact bytes. */
  getManifest(location: RepositoryLocation, reference: string, signal?: AbortSignal): Promise<FetchedDocument>;
  /** A small blob (an image config) by digest, as exact bytes. */
  getConfigBlob(location: RepositoryLocation, digest: string, signal?: AbortSignal): Promise<FetchedDocument>;
  /** The digest a tag resolves to without fetching the manifest (a HEAD), when the source can tell. */
  resolveDigest?(location: RepositoryLocation, reference: string, signal?: AbortSignal): Promise<string | undefined>;
  /** One page of the repository's tag list, when the source has one (a registry). */
  getTagsPage?(location: RepositoryLocation, page: { n?: number; last?: string }, signal?: AbortSignal): Promise<{ bytes: Uint8Array; link?: string }>;
}
