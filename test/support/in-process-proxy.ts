/**
 * A fetch that serves Pullscope's proxy URLs by calling the route handler
 * in this process: the integration tests exercise the real route, its glue
 * and lib/registry against the real registries, without a Next server.
 */
import { GET, HEAD } from '@/app/api/registry/[host]/v2/[...path]/route';
import { PROXY_BASE } from '@/lib/registry/proxy-protocol';

const ORIGIN = 'http://pullscope.test';

/** Routes `/api/registry/<host>/v2/<path>` to the route handler; anything else is a test bug. */
export const inProcessProxyFetch: typeof fetch = async (input, init) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, ORIGIN);
  const prefix = `${PROXY_BASE}/`;
  if (!url.pathname.startsWith(prefix)) throw new Error(`not a proxy URL: ${url.href}`);
  const rest = url.pathname.slice(prefix.length);
  const slash = rest.indexOf('/v2/');
  const host = rest.slice(0, slash);
  const path = rest.slice(slash + 4).split('/').map(decodeURIComponent);
  const request = new Request(url, init);
  const context = { params: Promise.resolve({ host: decodeURIComponent(host), path }) };
  return request.method === 'HEAD' ? HEAD(request, context) : GET(request, context);
};
