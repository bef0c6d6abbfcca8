/**
 * A front for a test-bed registry that counts pulls as Docker Hub does and
 * says so in the same headers: `ratelimit-limit: 100;w=21600`,
 * `ratelimit-remaining`, and `docker-ratelimit-source` naming what the
 * pulls are counted for. Manifests of repositories under `limited/` answer
 * Docker Hub's 429 for a spent quota (0 left, no Retry-After); everything
 * else, auth challenges included, comes from the real registry.
 */
import { forward, passBack, startFront, type RegistryFront } from './registry-front';

/** What the front says it counts pulls for: an address from TEST-NET-3 (RFC 5737), as Docker Hub names a client's IP. */
export const RATE_LIMIT_SOURCE = '203.0.113.7';

/** A running front, and the manifest requests its spent repositories received. */
export interface RateLimitedRegistry extends RegistryFront {
  limitedRequests: Array<{ method: string; path: string }>;
}

const MANIFEST_PATH = /^\/v2\/.+\/manifests\/[^/]+$/;

/** Starts a front for `upstreamHost` (e.g. the bed's `127.0.0.1:PORT`) that states `remaining` of 100 pulls left. */
export async function startRateLimitedRegistry(upstreamHost: string, remaining = 42): Promise<RateLimitedRegistry> {
  const limitedRequests: RateLimitedRegistry['limitedRequests'] = [];
  const quota = (left: number) => ({ 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': `${left};w=21600`, 'docker-ratelimit-source': RATE_LIMIT_SOURCE });
  const front = await startFront((request, response) => {
    const path = request.url ?? '/';
    const manifest = MANIFEST_PATH.test(path.split('?')[0]);
    if (manifest && path.startsWith('/v2/limited/')) {
      limitedRequests.push({ method: request.method ?? '', path });
      response.writeHead(429, { 'content-type': 'application/json', ...quota(0) });
      response.end(
        request.method === 'HEAD'
          ? undefined
          : '{"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit"}]}',
      );
      return;
    }
    forward(upstreamHost, request, response, path, request.headers, (answer) => {
      if (manifest) for (const [name, value] of Object.entries(quota(remaining))) answer.headers[name] = value;
      passBack(answer, response);
    });
  });
  return { ...front, limitedRequests };
}
