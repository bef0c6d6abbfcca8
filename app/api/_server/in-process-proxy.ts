/**
 * The proxy called in this process: a fetch that serves the proxy's own URLs
 * (`/api/registry/<host>/v2/<path>`) by handing them to the handler the route
 * uses, as if the browser had asked. The page's first view goes through it so
 * its answers are exactly the ones the browser would have received.
 */
import { PROXY_BASE } from '@/lib/registry/proxy-protocol';
import { proxyRegistryRequest } from './registry-proxy';

// Only the handler sees this origin; the URLs the client asks for stay origin-relative.
const ORIGIN = 'http://pullscope.internal';

/** Serves a proxy URL through proxyRegistryRequest; any other URL is refused. */
export const inProcessProxyFetch: typeof fetch = async (input, init) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, ORIGIN);
  const prefix = `${PROXY_BASE}/`;
  const rest = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : '';
  const slash = rest.indexOf('/v2/');
  if (url.origin !== ORIGIN || slash < 0) throw new TypeError(`not a proxy URL: ${url.href}`);
  // The route's params arrive decoded, one per path segment.
  const segments = rest.slice(slash + 4).split('/').map(decodeURIComponent);
  return proxyRegistryRequest(new Request(url, init), decodeURIComponent(rest.slice(0, slash)), segments);
};
