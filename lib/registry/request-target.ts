/**
 * Distribution API paths (distribution-spec spec.md, "Endpoints"):
 *
 *   /v2/                              end-1   (API version check)
 *   /v2/<name>/blobs/<digest>         end-2
 *   /v2/<name>/manifests/<reference>  end-3
 *   /v2/<name>/tags/list              end-8
 *   /v2/<name>/referrers/<digest>     end-12
 *
 * <name> may itself contain '/', so the path is read from its end.
 */

/** What an API path addresses. */
export type RequestTarget = 'ping' | 'manifest' | 'blob' | 'tags' | 'referrers' | 'other';

/** The parts of an API path that error messages name. */
export interface RequestTargetInfo {
  target: RequestTarget;
  repository?: string;
  /** Tag or digest for manifests; digest for blobs and referrers. */
  reference?: string;
}

const NAMED = /^\/v2\/(.+)\/(manifests|blobs|referrers)\/([^/]+)$/;
const TAGS = /^\/v2\/(.+)\/tags\/list$/;
const TARGETS: Record<string, RequestTarget> = { manifests: 'manifest', blobs: 'blob', referrers: 'referrers' };

/** Reads the target, repository and reference out of an API path (query string ignored). */
export function describeRequestTarget(path: string): RequestTargetInfo {
  const bare = path.split('?')[0];
  if (bare === '/v2/' || bare === '/v2') return { target: 'ping' };
  const named = NAMED.exec(bare);
  if (named) return { target: TARGETS[named[2]], repository: named[1], reference: safeDecode(named[3]) };
  const tags = TAGS.exec(bare);
  if (tags) return { target: 'tags', repository: tags[1] };
  return { target: 'other' };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
