/**
 * The tab's cache of small documents (indexes, manifests, configs) by
 * digest. Content named by a digest never changes, so a document verified
 * once can be reused instead of pulled again. Only verified bytes go in
 * (design.md, invariants): callers add a document after its digest check.
 *
 * A tag is not a digest: re-inspecting one still asks the registry what it
 * points at now, with a HEAD (headers only; Docker Hub does not count it as a
 * pull), and skips the GET when that digest is cached.
 */
import { PullscopeError } from '../errors';
import type { FetchedDocument, ImageSource, RepositoryLocation } from './image-source';

/** Where a document came from, for the page to say. */
export type DocumentSource =
  /** A GET, as any pull does. */
  | 'registry'
  /** A HEAD named a digest already cached: no manifest GET, so no pull counted on Docker Hub. */
  | 'head-then-cache'
  /** Named by digest in a verified parent document, and cached: no request at all. */
  | 'cache';

/** A bounded in-memory map from digest to verified document bytes. */
export class DocumentCache {
  private readonly entries = new Map<string, FetchedDocument>();
  private readonly repositories = new Set<string>();
  private bytes = 0;

  /** maxBytes bounds the bytes held (default 16 MiB); the least recently used go first. */
  constructor(private readonly maxBytes = 16 * 1024 * 1024) {}

  /** The verified document with this digest, if held. */
  get(digest: string): FetchedDocument | undefined {
    const document = this.entries.get(digest);
    if (document === undefined) return undefined;
    this.entries.delete(digest);
    this.entries.set(digest, document); // most recently used goes last
    return document;
  }

  /** Keeps a document whose bytes were verified to hash to `digest`. */
  add(digest: string, document: FetchedDocument, location: RepositoryLocation): void {
    if (document.bytes.byteLength > this.maxBytes) return;
    const previous = this.entries.get(digest);
    if (previous) this.bytes -= previous.bytes.byteLength;
    this.entries.delete(digest);
    this.entries.set(digest, document);
    this.bytes += document.bytes.byteLength;
    this.repositories.add(repositoryKey(location));
    for (const [oldest, held] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= held.bytes.byteLength;
    }
  }

  /** Whether anything from this repository was cached: only then can a HEAD save a GET. */
  knowsRepository(location: RepositoryLocation): boolean {
    return this.repositories.has(repositoryKey(location));
  }
}

/**
 * A manifest by tag or digest: a HEAD first when the cache could hold it
 * (a cache hit then costs no GET), else, or when the HEAD tells nothing
 * useful, a GET. The registry is always asked, so a tag that moved, or a
 * repository the user may no longer read, is never answered from the cache.
 */
// Errors of a HEAD that the GET after it would only repeat.
const HEAD_IS_ANSWER = new Set(['AUTH_FAILED', 'AUTH_REQUIRED', 'AUTH_UNSUPPORTED', 'DENIED', 'UNAUTHORIZED', 'TOOMANYREQUESTS']);

export async function fetchTopManifest(
  client: ImageSource,
  cache: DocumentCache | undefined,
  location: RepositoryLocation,
  reference: string,
  signal?: AbortSignal,
): Promise<{ document: FetchedDocument; source: DocumentSource }> {
  if (cache?.knowsRepository(location) && client.resolveDigest) {
    let digest: string | undefined;
    try {
      digest = await client.resolveDigest(location, reference, signal);
    } catch (err) {
      if (signal?.aborted) throw err;
      // Refused credentials, or a rate limit, would meet the GET too: asking again only adds a failed login (which some
      // registries count towards locking the account) or another pull against the limit. Any other HEAD failure (a
      // registry that does not answer HEAD) falls back to the GET, which says what is wrong.
      if (err instanceof PullscopeError && HEAD_IS_ANSWER.has(err.code)) throw err;
    }
    const cached = digest !== undefined ? cache.get(digest) : undefined;
    // The registry's answer to this HEAD is what the digest check compares with.
    if (cached) return { document: { ...cached, registryDigest: digest }, source: 'head-then-cache' };
  }
  return { document: await client.getManifest(location, reference, signal), source: 'registry' };
}

/** A document named by digest in a verified parent: from the cache, or fetched. */
export async function fetchByDigest(
  cache: DocumentCache | undefined,
  digest: string,
  fetchIt: () => Promise<FetchedDocument>,
): Promise<{ document: FetchedDocument; source: DocumentSource }> {
  const cached = cache?.get(digest);
  if (cached) return { document: cached, source: 'cache' };
  return { document: await fetchIt(), source: 'registry' };
}

function repositoryKey(location: RepositoryLocation): string {
  return `${location.apiHost}/${location.repository}`;
}
