/**
 * The registry proxy: one browser request in, the registry's answer streamed
 * back. The auth loop, redirects, retries and SSRF checks happen in
 * lib/registry and the upstream (upstream.ts); this file only adapts HTTP to
 * them and decides the caching headers; answer-body.ts bounds documents and
 * checks what caches may keep.
 */
import { isSha256Digest } from '@/lib/digest';
import { asPullscopeError } from '@/lib/errors';
import { MANIFEST_ACCEPT, MediaType } from '@/lib/oci/media-types';
import { BrokenTransferError } from '@/lib/pipeline/broken-transfer-error';
import { AnsweredHosts } from '@/lib/registry/answered-hosts';
import { ForbiddenPathError, formatApiPath, forwardedQuery, parseApiPath, type ApiPath } from '@/lib/registry/api-path';
import { discardBody } from '@/lib/registry/body';
import { RegistryClient } from '@/lib/registry/client';
import { RequestLoopError } from '@/lib/registry/errors';
import { CREDENTIALS_HEADER, LOOP_HEADER, TRACE_HEADER, cameThroughPullscope, decodeCredentials, encodeTrace } from '@/lib/registry/proxy-protocol';
import { TokenCache } from '@/lib/registry/token';
import type { TraceEntry } from '@/lib/registry/trace';
import { answerBody } from './answer-body';
import { errorAnswer } from './error-answer';
import { processWide } from './process-wide';
import { upstream as currentUpstream } from './upstream';

// Tokens are keyed by registry + scope + a salted hash of the credential, so
// one process-wide cache is safe to share between users (and between the
// page's first view and the registry route).
const tokenCache = processWide('token-cache', () => new TokenCache());
// The page fetches a manifest and each blob in requests of their own: a blob's failure is told knowing the registry just answered.
const answeredHosts = processWide('answered-hosts', () => new AnsweredHosts());

// The headers a browser needs to verify and label what it receives. Not
// Content-Length: Next drops it from every route handler's answer (its
// sendResponse, since a body fetch decoded would no longer match it), so the
// browser never sees it; the page knows a blob's size from its descriptor,
// and the pull trace shows the registry's own Content-Length.
const PASSED_HEADERS = ['content-type', 'docker-content-digest', 'ratelimit-limit', 'ratelimit-remaining', 'link', 'oci-filters-applied'];

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** Forwards one GET or HEAD to a registry API path and streams the answer. */
export async function proxyRegistryRequest(request: Request, rawHost: string, segments: string[]): Promise<Response> {
  const trace: TraceEntry[] = [];
  const credentials = decodeCredentials(request.headers.get(CREDENTIALS_HEADER));
  try {
    // A request the proxy sent itself, brought back by a registry's redirect: fetching it would take another upstream slot, and so on at every level.
    if (cameThroughPullscope(request.headers.get(LOOP_HEADER))) throw new RequestLoopError();
    const host = safeDecode(rawHost);
    if (host === undefined || !HOST.test(host)) throw new ForbiddenPathError(rawHost, 'not a registry host');
    const port = Number(/:(\d+)$/.exec(host)?.[1] ?? '443');
    if (port < 1 || port > 65535) throw new ForbiddenPathError(host, `port ${port} is out of range (1 to 65535)`);
    const api = parseApiPath(segments);
    const method = request.method === 'HEAD' ? 'HEAD' : 'GET';
    const path = formatApiPath(api) + forwardedQuery(api, new URL(request.url).searchParams);
    const { fetch, checkUrl } = currentUpstream();
    const client = new RegistryClient({
      fetch,
      tokenCache,
      answeredHosts,
      credentials,
      checkUrl,
      trace: (entry) => trace.push(entry),
    });
    const upstream = await client.request(host.toLowerCase(), path, {
      method,
      accept: api.kind === 'manifest' ? MANIFEST_ACCEPT : api.kind === 'referrers' ? MediaType.OciIndex : undefined,
      signal: request.signal,
      repository: api.repository,
    });
    const headers = new Headers();
    for (const name of PASSED_HEADERS) {
      const value = upstream.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    if (api.kind === 'blob') {
      // A blob is bytes for the page's workers, whatever type the registry labels it with: answered as
      // its own type (text/html, image/svg+xml), a blob opened in a tab would render as a page of
      // Pullscope's origin. The trace keeps the registry's Content-Type.
      headers.set('content-type', 'application/octet-stream');
      headers.set('content-disposition', 'attachment');
    }
    headers.set(TRACE_HEADER, encodeTrace(trace));
    const digest = cacheableDigest(api, upstream.headers, Boolean(credentials));
    if (method === 'HEAD') {
      await discardBody(upstream);
      headers.set('cache-control', cacheControl(Boolean(credentials), digest, digest !== undefined));
      return new Response(null, { status: upstream.status, headers });
    }
    const { body, immutable } = await answerBody(upstream, {
      // A referrers answer is an index too.
      document: api.kind === 'manifest' ? 'the manifest' : api.kind === 'referrers' ? 'the referrers list' : undefined,
      digest,
    });
    headers.set('cache-control', cacheControl(Boolean(credentials), digest, immutable));
    return new Response(body, { status: upstream.status, headers });
  } catch (err) {
    return errorAnswer(request.method, asPullscopeError(err), withReceivedBytes(trace, err));
  }
}

/**
 * The trace, its last exchange marked with the bytes that came when its body
 * broke off while read whole (reported at its headers, the row would read
 * the whole Content-Length). Only when those bytes count what Content-Length
 * does: a body decoded from a Content-Encoding counts other bytes.
 */
function withReceivedBytes(trace: TraceEntry[], err: unknown): TraceEntry[] {
  const served = trace.at(-1);
  if (!(err instanceof BrokenTransferError) || err.want === undefined || !served) return trace;
  return [...trace.slice(0, -1), { ...served, receivedBytes: err.got }];
}

/**
 * The digest an answer may be kept under for good, if its bytes are that
 * digest's content (answer-body.ts checks). Content named by a digest never
 * changes, so an anonymous by-digest answer may be cached anywhere, once
 * checked (sha256, the one algorithm the proxy and the browser check);
 * anything credentialed must never be stored, and an answer whose
 * Docker-Content-Digest names other content is not the one asked for.
 */
function cacheableDigest(api: ApiPath, upstreamHeaders: Headers, credentialed: boolean): string | undefined {
  if (credentialed || (api.kind !== 'blob' && api.kind !== 'manifest') || !isSha256Digest(api.reference)) return undefined;
  const named = upstreamHeaders.get('docker-content-digest');
  return named === null || named.trim() === api.reference ? api.reference : undefined;
}

/** Cache-Control of an answer: credentialed never stored; checked content kept for good; content that failed its check never stored. */
function cacheControl(credentialed: boolean, digest: string | undefined, immutable: boolean): string {
  if (credentialed) return 'private, no-store';
  if (immutable) return 'public, max-age=31536000, immutable';
  return digest === undefined ? 'no-cache' : 'no-store';
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
