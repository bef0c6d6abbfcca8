/**
 * A repository's tags, page by page (distribution-spec spec.md, "Listing
 * Tags", end-8):
 *
 *   GET /v2/<name>/tags/list?n=<page size>&last=<last tag of the previous page>
 *   200 { "name": <name>, "tags": [<tag>, …] }      ("tags" may be null when empty)
 *   Link: </v2/<name>/tags/list?n=<n>&last=<last>>; rel="next"   (when more follow)
 *
 * The Link URL is the registry's, usually relative to it; only its `n` and
 * `last` matter, and the next page is asked through our proxy like the first.
 */
import { PullscopeError } from '../errors';
import { nextLinkUri } from '../registry/link-header';
import type { ProxyClient, RepositoryLocation } from './proxy-client';

/** A tag list answer that is not `{ "tags": [string…] }`. */
export class BadTagListError extends PullscopeError {
  constructor(reason: string, cause?: unknown) {
    super('BAD_TAG_LIST', `the registry's tag list is not usable: ${reason}`, {
      suggestion: 'The tag list should be JSON like {"name": "…", "tags": ["…"]}; check the registry with "curl …/tags/list".',
      status: 502,
      cause,
    });
  }
}

/** Where the next page starts, read from a Link header. */
export interface NextTagsPage {
  last?: string;
  n?: number;
}

/** Options of listTags. */
export interface ListTagsOptions {
  /** `n`: tags per page (registries may send fewer). */
  pageSize?: number;
  signal?: AbortSignal;
}

/** The `last`/`n` of a tag list's `rel="next"` link; undefined when there is no next page. */
export function nextTagsPage(link: string | null | undefined): NextTagsPage | undefined {
  const uri = nextLinkUri(link);
  if (uri === undefined) return undefined;
  let query: URLSearchParams;
  try {
    // The base only makes a relative reference parseable; it is never fetched.
    query = new URL(uri, 'http://registry.invalid').searchParams;
  } catch {
    return undefined;
  }
  const last = query.get('last') ?? undefined;
  const n = Number(query.get('n'));
  return { ...(last !== undefined ? { last } : {}), ...(Number.isInteger(n) && n > 0 ? { n } : {}) };
}

/** The tags of a tag list body. */
export function parseTagList(bytes: Uint8Array): string[] {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new BadTagListError('the answer is not JSON', err);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new BadTagListError('the answer is not a JSON object');
  const tags = (json as { tags?: unknown }).tags;
  // distribution answers "tags": null for a repository without tags.
  if (tags === null || tags === undefined) return [];
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) throw new BadTagListError('"tags" is not a list of strings');
  return tags;
}

/** One page of a tag list, and whether the registry named a next one. */
export interface TagsPage {
  /** The page's tags not listed before (each tag once, however often the registry sends it). */
  tags: string[];
  /** A next page follows: the page ended with a `rel="next"` link that moves forward, and this page brought new tags. */
  more: boolean;
  /** Tags of this page that were listed already and are dropped; a registry that ignores `last` sends its first page again. */
  repeated: number;
}

/** Yields the repository's tags one page at a time, following the Link header until the last page. */
export async function* listTags(
  client: ProxyClient,
  location: RepositoryLocation,
  options: ListTagsOptions = {},
): AsyncGenerator<TagsPage, void, undefined> {
  let page: NextTagsPage = options.pageSize !== undefined ? { n: options.pageSize } : {};
  const seen = new Set<string>();
  const listed = new Set<string>();
  for (;;) {
    const { bytes, link } = await client.getTagsPage(location, page, options.signal);
    const sent = parseTagList(bytes);
    const tags = sent.filter((tag) => !listed.has(tag) && listed.add(tag));
    const next = nextTagsPage(link);
    // A registry whose next link does not move forward, or whose page brings nothing new (it ignored `last`), would page forever.
    const more = next?.last !== undefined && !seen.has(next.last) && (tags.length > 0 || sent.length === 0);
    // Told with the page, so a "next page" button is offered only when there is one.
    yield { tags, more, repeated: sent.length - tags.length };
    if (!more || next?.last === undefined) return;
    seen.add(next.last);
    page = { n: next.n ?? options.pageSize, last: next.last };
    if (page.n === undefined) delete page.n;
  }
}
