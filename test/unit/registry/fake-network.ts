/**
 * An in-memory network for registry client unit tests: a fetch function that
 * routes by origin to handlers and records every request it was given.
 * Integration tests use a real registry instead.
 */

/** One request as the fake network received it. */
export interface SeenRequest {
  url: URL;
  method: string;
  headers: Headers;
  redirect: RequestRedirect | undefined;
}

/** Answers one request for an origin. */
export type Handler = (request: SeenRequest) => Response | Promise<Response>;

/** Every response a registry sends carries this header (distribution spec, "API Version Check"). */
export const DISTRIBUTION_HEADERS = { 'docker-distribution-api-version': 'registry/2.0' };

/** A fake network: `fetch` routes by origin; unknown hosts fail like a DNS miss. */
export class FakeNetwork {
  readonly requests: SeenRequest[] = [];
  private readonly handlers = new Map<string, Handler>();

  /** Serves an origin such as 'https://registry.test'. */
  on(origin: string, handler: Handler): this {
    this.handlers.set(origin, handler);
    return this;
  }

  /** Requests sent to one host. */
  requestsTo(host: string): SeenRequest[] {
    return this.requests.filter((r) => r.url.host === host);
  }

  readonly fetch: typeof fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    if (init?.signal?.aborted) throw init.signal.reason;
    const url = new URL(input instanceof Request ? input.url : String(input));
    const seen: SeenRequest = {
      url,
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      redirect: init?.redirect,
    };
    this.requests.push(seen);
    const handler = this.handlers.get(url.origin);
    if (!handler) {
      const cause = Object.assign(new Error(`getaddrinfo ENOTFOUND ${url.hostname}`), { code: 'ENOTFOUND' });
      throw new TypeError('fetch failed', { cause });
    }
    return handler(seen);
  };
}

/** A distribution error answer. */
export function errorAnswer(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return Response.json(
    { errors: [{ code, message, detail: null }] },
    { status, headers: { ...DISTRIBUTION_HEADERS, ...headers } },
  );
}

/** A 401 carrying a challenge, as registries send it. */
export function challengeAnswer(challenge: string): Response {
  return errorAnswer(401, 'UNAUTHORIZED', 'authentication required', { 'www-authenticate': challenge });
}

/** A manifest answer. */
export function manifestAnswer(body: string): Response {
  return new Response(body, {
    status: 200,
    headers: { ...DISTRIBUTION_HEADERS, 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
  });
}

/** A redirect answer. */
export function redirectAnswer(location: string, status = 307): Response {
  return new Response(null, { status, headers: { ...DISTRIBUTION_HEADERS, location } });
}

/** `Basic base64(user:password)` computed independently of the code under test. */
export function basicHeader(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

/** Decodes a Basic header back to `user:password` (UTF-8). */
export function decodeBasic(header: string | null): string | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const binary = atob(header.slice(6));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}
