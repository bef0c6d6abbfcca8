/**
 * The registry API paths the proxy forwards, read from the route's path
 * segments (everything after `/api/registry/<host>/v2/`), per
 * distribution-spec spec.md "Endpoints" (pull only):
 *
 *   <name>/manifests/<reference>   end-3
 *   <name>/blobs/<digest>          end-2
 *   <name>/tags/list               end-8
 *   <name>/referrers/<digest>      end-12 (distribution-spec 1.1)
 *
 *   name      = path-component *( "/" path-component )
 *   component = [a-z0-9]+ *( ( "." / "_" / "__" / 1*"-" ) [a-z0-9]+ )
 *   reference = tag / digest
 *   tag       = [a-zA-Z0-9_] 0*127[a-zA-Z0-9._-]
 *
 * Anything else (uploads, catalog, deletes, `..`) is refused, so the proxy
 * can only ever pull.
 */
import { isDigest } from '../digest';
import { PullscopeError } from '../errors';

/** One pull-only API request the proxy may forward. */
export type ApiPath =
  | { kind: 'manifest'; repository: string; reference: string }
  | { kind: 'blob'; repository: string; reference: string }
  | { kind: 'tags'; repository: string }
  | { kind: 'referrers'; repository: string; reference: string };

/** A proxy path or host that is not a pull-only registry API request. */
export class ForbiddenPathError extends PullscopeError {
  readonly path: string;
  readonly reason: string;

  constructor(path: string, reason: string) {
    super('FORBIDDEN_PATH', `the proxy does not forward '${path}': ${reason}`, {
      suggestion:
        'The proxy forwards only manifest, blob, tag-list and referrers reads: /v2/<name>/manifests/<reference>, /v2/<name>/blobs/<digest>, /v2/<name>/tags/list, /v2/<name>/referrers/<digest>.',
      status: 400,
    });
    this.path = path;
    this.reason = reason;
  }

  protected override wireData() {
    return { path: this.path, reason: this.reason };
  }
}

const COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;

/** Reads the route's segments after `/v2/` into an ApiPath; throws ForbiddenPathError otherwise. */
export function parseApiPath(segments: string[]): ApiPath {
  const shown = `/v2/${segments.join('/')}`;
  if (segments.length >= 3 && segments[segments.length - 2] === 'tags' && segments[segments.length - 1] === 'list') {
    return { kind: 'tags', repository: repositoryOf(segments.slice(0, -2), shown) };
  }
  if (segments.length < 3) throw new ForbiddenPathError(shown, 'not a manifest, blob, tag list or referrers path');
  const action = segments[segments.length - 2];
  const reference = segments[segments.length - 1];
  const repository = repositoryOf(segments.slice(0, -2), shown);
  if (action === 'manifests') {
    if (!TAG.test(reference) && !isDigest(reference)) throw new ForbiddenPathError(shown, `'${reference}' is neither a tag nor a digest`);
    return { kind: 'manifest', repository, reference };
  }
  if (action === 'blobs') {
    if (!isDigest(reference)) throw new ForbiddenPathError(shown, `'${reference}' is not a digest`);
    return { kind: 'blob', repository, reference };
  }
  if (action === 'referrers') {
    if (!isDigest(reference)) throw new ForbiddenPathError(shown, `'${reference}' is not a digest`);
    return { kind: 'referrers', repository, reference };
  }
  throw new ForbiddenPathError(shown, 'not a manifest, blob, tag list or referrers path');
}

/** The upstream path of an ApiPath, e.g. `/v2/library/ubuntu/manifests/latest`. */
export function formatApiPath(api: ApiPath): string {
  switch (api.kind) {
    case 'manifest':
      return `/v2/${api.repository}/manifests/${api.reference}`;
    case 'blob':
      return `/v2/${api.repository}/blobs/${api.reference}`;
    case 'tags':
      return `/v2/${api.repository}/tags/list`;
    case 'referrers':
      return `/v2/${api.repository}/referrers/${api.reference}`;
  }
}

/** A referrers page's query is the registry's own (its next link's); past this it is not one. */
const MAX_REFERRERS_QUERY = 2048;

/**
 * The query string forwarded with `api` (with its `?`, or ''): a tag list's
 * `n` and `last`; a referrers page's whole query, since the registry's next
 * link may carry any cursor (`?n=…&next_token=…`). Nothing for manifests and
 * blobs.
 */
export function forwardedQuery(api: ApiPath, incoming: URLSearchParams): string {
  const query = new URLSearchParams();
  if (api.kind === 'tags') {
    for (const key of ['n', 'last']) {
      const value = incoming.get(key);
      if (value !== null) query.set(key, value);
    }
  } else if (api.kind === 'referrers') {
    for (const [key, value] of incoming) query.append(key, value);
  }
  const text = query.toString();
  if (text.length > MAX_REFERRERS_QUERY) {
    throw new ForbiddenPathError(`${formatApiPath(api)}?…`, `a query of ${text.length} characters is longer than a registry's page cursor (at most ${MAX_REFERRERS_QUERY})`);
  }
  return text === '' ? '' : `?${text}`;
}

function repositoryOf(components: string[], shown: string): string {
  if (components.length === 0) throw new ForbiddenPathError(shown, 'no repository name');
  for (const c of components) {
    if (!COMPONENT.test(c)) throw new ForbiddenPathError(shown, `'${c}' is not a valid repository name component`);
  }
  return components.join('/');
}
