/**
 * What names a manifest as its subject: signatures, SBOMs and attestations
 * pushed beside an image (distribution-spec 1.1, "Listing Referrers"). The
 * registry's referrers API answers an index of their descriptors. A registry
 * without that API (404) may hold the same index under the fallback tag
 * `<alg>-<hex>` ("Referrers Tag Schema"), which the tools that push
 * referrers keep up to date. Either way the list is what the registry says:
 * the API's answer is made on the fly and has no digest to check; the
 * fallback tag's index is a manifest like any other, checked against the
 * digest the registry sent with it.
 */
import { RegistryError } from '../registry/errors';
import { nextLinkUri } from '../registry/link-header';
import { parseManifestDocument } from '../oci/parse';
import { sortedEntries } from '../oci/sorted-entries';
import { checkDigest } from './digest-check';
import type { FetchedDocument, RepositoryLocation } from './image-source';

/** The referrers API's answer, as received. */
export interface FetchedReferrers {
  bytes: Uint8Array;
  contentType: string;
  /** `OCI-Filters-Applied`: the registry filtered the list (by artifactType). */
  filtersApplied?: string;
  /** A `Link` header: the list goes on in another page. */
  link?: string;
}

/** Where the referrers are read from. */
export interface ReferrersSource {
  /** One page of the list; `page` is the query of a previous page's next link, as the registry wrote it. */
  getReferrers(location: RepositoryLocation, digest: string, signal?: AbortSignal, page?: URLSearchParams): Promise<FetchedReferrers>;
  resolveDigest(location: RepositoryLocation, reference: string, signal?: AbortSignal): Promise<string | undefined>;
  getManifest(location: RepositoryLocation, reference: string, signal?: AbortSignal): Promise<FetchedDocument>;
}

/** One manifest that names the subject. */
export interface ReferrerView {
  digest: string;
  mediaType: string;
  size: number;
  /** What it is (`artifactType`, else its config's media type, as the API reports it). */
  artifactType?: string;
  annotations: [string, string][];
}

/** The referrers of one manifest, and how they were found. */
export interface Referrers {
  /** 'api': the referrers API; 'tag': the fallback tag; 'none': the registry has neither for this digest. */
  via: 'api' | 'tag' | 'none';
  /** The fallback tag asked for (`sha256-<hex>`). */
  tag: string;
  referrers: ReferrerView[];
  /** The API said it filtered the list, or it goes on past the pages we read: this is not all of it. */
  partial?: string;
  /** How many pages of the API's answer were read (more than one when it links a next page). */
  pages?: number;
  /**
   * For the fallback tag's document: its digest as computed; whether the
   * registry sent a digest with it (`compared`) and it agrees (`ok`); and
   * what the tag held, which lists referrers only when it is an index.
   */
  tagIndex?: { digest: string; compared: boolean; ok: boolean; held: 'index' | 'image manifest' | 'schema 1 manifest' };
}

/** The referrers of `digest` in the repository at `location`. */
export async function findReferrers(source: ReferrersSource, location: RepositoryLocation, digest: string, signal?: AbortSignal): Promise<Referrers> {
  const tag = digest.replace(':', '-');
  let first: FetchedReferrers | undefined;
  try {
    first = await source.getReferrers(location, digest, signal);
  } catch (err) {
    // 405: some registries refuse the path instead of not knowing it.
    if (!notFound(err) && !(err instanceof RegistryError && err.httpStatus === 405)) throw err;
  }
  // Only the first page tells whether there is an API; a later page's failure is the list's.
  if (first !== undefined) return referrersFromApi(source, location, digest, tag, first, signal);
  // A HEAD first: most subjects have no fallback tag, and on Docker Hub a manifest GET counts as a pull where a HEAD does not.
  try {
    await source.resolveDigest(location, tag, signal);
  } catch (err) {
    if (notFound(err)) return { via: 'none', tag, referrers: [] };
    throw err;
  }
  const index = await source.getManifest(location, tag, signal);
  const check = await checkDigest('fallback tag', index.bytes, [{ source: 'Docker-Content-Digest', digest: index.registryDigest }]);
  const held = parseManifestDocument(index.bytes, index.contentType).kind;
  return {
    via: 'tag',
    tag,
    referrers: referrersIn(index.bytes, index.contentType),
    tagIndex: {
      digest: check.computed,
      compared: check.claims.length > 0,
      ok: check.ok,
      held: held === 'index' ? 'index' : held === 'manifest' ? 'image manifest' : 'schema 1 manifest',
    },
  };
}

/** Past this many pages the list is shown as partial: a registry could page forever. */
export const MAX_REFERRERS_PAGES = 20;

// The API's answer, following its `Link: <…>; rel="next"` pages (distribution-spec 1.1: "the registry MAY paginate").
async function referrersFromApi(
  source: ReferrersSource,
  location: RepositoryLocation,
  digest: string,
  tag: string,
  first: FetchedReferrers,
  signal?: AbortSignal,
): Promise<Referrers> {
  const referrers: ReferrerView[] = [];
  // The first page was asked with no query.
  const seen = new Set<string>(['']);
  let answer = first;
  let pages = 0;
  let filtered: string | undefined;
  for (;;) {
    pages++;
    referrers.push(...referrersIn(answer.bytes, answer.contentType));
    filtered ??= answer.filtersApplied;
    const next = answer.link === undefined ? undefined : nextPage(answer.link, location, digest);
    const unread =
      next === undefined
        ? undefined
        : next === 'elsewhere'
          ? 'the registry links its next page outside this list, which is not followed'
          : seen.has(next.toString())
            ? 'the registry links a page it already sent'
            : pages >= MAX_REFERRERS_PAGES
              ? `the registry lists more after the first ${MAX_REFERRERS_PAGES} pages`
              : undefined;
    if (next === undefined || next === 'elsewhere' || unread !== undefined) {
      const partial = [filtered && `the registry filtered the list (${filtered})`, unread].filter(Boolean).join('; ');
      return { via: 'api', tag, referrers, ...(pages > 1 && { pages }), ...(partial && { partial }) };
    }
    seen.add(next.toString());
    answer = await source.getReferrers(location, digest, signal, next);
  }
}

/**
 * The query of a Link header's next page, when it is this same list
 * (`/v2/<name>/referrers/<digest>?…`, relative or on any host, since the
 * proxy asks the same registry); 'elsewhere' for another path; undefined
 * when there is no next link.
 */
function nextPage(link: string, location: RepositoryLocation, digest: string): URLSearchParams | 'elsewhere' | undefined {
  const uri = nextLinkUri(link);
  if (uri === undefined) return undefined;
  const path = `/v2/${location.repository}/referrers/${digest}`;
  let url: URL;
  try {
    // The base only resolves a relative reference; it is never fetched.
    url = new URL(uri, `http://registry.invalid${path}`);
  } catch {
    return 'elsewhere';
  }
  return url.pathname === path ? url.searchParams : 'elsewhere';
}

function referrersIn(bytes: Uint8Array, contentType: string): ReferrerView[] {
  const parsed = parseManifestDocument(bytes, contentType);
  if (parsed.kind !== 'index') return [];
  return parsed.document.manifests.map((d) => ({
    digest: d.digest,
    mediaType: d.mediaType,
    size: d.size,
    ...(d.artifactType !== undefined && { artifactType: d.artifactType }),
    annotations: sortedEntries(d.annotations),
  }));
}

// A registry without the API answers 404 (distribution-spec: "registries that do not support the API"); a missing tag is one too.
function notFound(err: unknown): boolean {
  return err instanceof RegistryError && err.httpStatus === 404;
}
