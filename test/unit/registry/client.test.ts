import { describe, expect, it } from 'vitest';
import { RegistryClient, defaultSchemeFor, type RegistryClientOptions } from '@/lib/registry/client';
import {
  AuthError,
  HostNotAllowedError,
  NotARegistryError,
  RegistryError,
  TooManyRedirectsError,
  UnreachableError,
} from '@/lib/registry/errors';
import { makeHostChecker } from '@/lib/registry/host-policy';
import { TokenCache } from '@/lib/registry/token';
import type { TraceEntry } from '@/lib/registry/trace';
import {
  basicHeader,
  challengeAnswer,
  decodeBasic,
  DISTRIBUTION_HEADERS,
  errorAnswer,
  FakeNetwork,
  manifestAnswer,
  redirectAnswer,
  type SeenRequest,
} from './fake-network';

const REGISTRY = 'registry.test';
const AUTH = 'auth.test';
const CDN = 'cdn.test';
const REPO = 'library/ubuntu';
const MANIFEST_PATH = `/v2/${REPO}/manifests/latest`;
const BLOB = `sha256:${'ab'.repeat(32)}`;
const BLOB_PATH = `/v2/${REPO}/blobs/${BLOB}`;
const MANIFEST = '{"schemaVersion":2}';
const BEARER_CHALLENGE = `Bearer realm="https://${AUTH}/token",service="${REGISTRY}",scope="repository:${REPO}:pull"`;
const ALICE = { username: 'alice', password: 's3cret-pw' };

/** A registry whose manifest route answers only when `authorized` says so. */
function registry(authorized: (authorization: string | null) => boolean, challenge: string) {
  return (req: SeenRequest) => {
    if (!authorized(req.headers.get('authorization'))) return challengeAnswer(challenge);
    if (req.url.pathname === MANIFEST_PATH) return manifestAnswer(MANIFEST);
    return errorAnswer(404, 'MANIFEST_UNKNOWN', 'manifest unknown');
  };
}

/** A token server issuing `tok-<user|anon>-<n>`; rejects wrong passwords like Docker Hub. */
function tokenServer() {
  let issued = 0;
  return (req: SeenRequest) => {
    const basic = decodeBasic(req.headers.get('authorization'));
    if (basic !== undefined && basic !== `${ALICE.username}:${ALICE.password}`) {
      return Response.json({ details: 'incorrect username or password' }, { status: 401 });
    }
    issued++;
    return Response.json({ token: `tok-${basic ? 'alice' : 'anon'}-${issued}`, expires_in: 300 });
  };
}

/** Bearer registry (token server on another host) accepting any token, or only alice's. */
function bearerNetwork(accept: (token: string) => boolean = () => true): FakeNetwork {
  return new FakeNetwork()
    .on(
      `https://${REGISTRY}`,
      registry((h) => h?.startsWith('Bearer ') === true && accept(h.slice(7)), BEARER_CHALLENGE),
    )
    .on(`https://${AUTH}`, tokenServer());
}

function client(net: FakeNetwork, options: Partial<RegistryClientOptions> = {}) {
  const trace: TraceEntry[] = [];
  const c = new RegistryClient({
    fetch: net.fetch,
    tokenCache: new TokenCache(),
    trace: (entry) => trace.push(entry),
    // Retries happen at once here; their delays are checked in retry.test.ts.
    sleep: async () => {},
    ...options,
  });
  return { client: c, trace };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('got success, want an error');
}

describe('defaultSchemeFor', () => {
  // Docker's default (plain http for loopback), decided on the address each spelling reaches.
  it.each([
    ['localhost:5000', 'http'],
    ['127.0.0.1:5000', 'http'],
    ['127.1:5000', 'http'],
    ['2130706433:5000', 'http'],
    ['0x7f.1:5000', 'http'],
    ['0177.0.0.1:5000', 'http'],
    ['[::1]:5000', 'http'],
    ['[::ffff:127.0.0.1]:5000', 'http'],
    ['registry.example', 'https'],
    ['10.0.0.1:5000', 'https'],
    ['127.example:5000', 'https'],
    ['[::ffff:10.0.0.1]:5000', 'https'],
  ])('%s speaks %s', (host, want) => {
    expect(defaultSchemeFor(host)).toBe(want);
  });
});

describe('RegistryClient auth loop', () => {
  it('reads from an anonymous registry in one request, sending no Authorization', async () => {
    const net = new FakeNetwork().on(`https://${REGISTRY}`, registry(() => true, ''));
    const { client: c, trace } = client(net);
    const response = await c.request(REGISTRY, MANIFEST_PATH, { repository: REPO, accept: 'application/vnd.oci.image.manifest.v1+json' });
    expect(await response.text()).toBe(MANIFEST);
    expect(net.requests).toHaveLength(1);
    expect(net.requests[0].headers.get('authorization')).toBeNull();
    expect(net.requests[0].headers.get('accept')).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(net.requests[0].redirect, 'fetch must not follow redirects itself').toBe('manual');
    expect(trace.map((t) => [t.kind, t.status])).toEqual([['registry', 200]]);
  });

  it('answers a Basic challenge with the credentials, once', async () => {
    const net = new FakeNetwork().on(
      `https://${REGISTRY}`,
      registry((h) => h === basicHeader(ALICE.username, ALICE.password), 'Basic realm="Registry Realm"'),
    );
    const { client: c } = client(net, { credentials: ALICE });
    const response = await c.request(REGISTRY, MANIFEST_PATH, { repository: REPO });
    expect(response.status).toBe(200);
    expect(net.requests.map((r) => r.headers.get('authorization'))).toEqual([null, basicHeader('alice', 's3cret-pw')]);
  });

  it('sends Basic credentials up front to a registry that took them before, as Docker does: one exchange, not two', async () => {
    const net = new FakeNetwork().on(
      `https://${REGISTRY}`,
      registry((h) => h === basicHeader(ALICE.username, ALICE.password), 'Basic realm="Registry Realm"'),
    );
    const tokenCache = new TokenCache();
    const first = client(net, { credentials: ALICE, tokenCache });
    expect((await first.client.request(REGISTRY, MANIFEST_PATH, { repository: REPO })).status).toBe(200);
    const second = client(net, { credentials: ALICE, tokenCache });
    expect((await second.client.request(REGISTRY, MANIFEST_PATH, { repository: REPO })).status).toBe(200);
    expect(net.requests.map((r) => r.headers.get('authorization'))).toEqual([null, basicHeader('alice', 's3cret-pw'), basicHeader('alice', 's3cret-pw')]);
    expect(second.trace.map((t) => [t.status, t.note])).toEqual([[200, 'Basic credentials sent up front: this registry asked for them before']]);
    // Other credentials, or none, learn nothing of it: they meet the registry's 401 first.
    await failure(client(net, { credentials: { username: 'bob', password: 'x' }, tokenCache }).client.request(REGISTRY, MANIFEST_PATH, { repository: REPO }));
    expect(net.requests.at(-2)!.headers.get('authorization')).toBeNull();
    const anonymous = await failure(client(net, { tokenCache }).client.request(REGISTRY, MANIFEST_PATH, { repository: REPO }));
    expect((anonymous as AuthError).code).toBe('AUTH_REQUIRED');
    expect(net.requests.at(-1)!.headers.get('authorization')).toBeNull();
  });

  it('fails a password sent up front and refused at once, without sending it twice', async () => {
    let accept = true;
    const net = new FakeNetwork().on(`https://${REGISTRY}`, registry(() => accept, 'Basic realm="Registry Realm"'));
    const tokenCache = new TokenCache();
    await tokenCache.rememberBasic(REGISTRY, ALICE);
    accept = false;
    const err = await failure(client(net, { credentials: ALICE, tokenCache }).client.request(REGISTRY, MANIFEST_PATH, { repository: REPO }));
    expect((err as AuthError).code).toBe('AUTH_FAILED');
    expect((err as AuthError).message).toMatch(/answered 401 again to the username and password/);
    expect(net.requests).toHaveLength(1);
  });

  it('forgets a registry that now answers with a Bearer challenge', async () => {
    const net = bearerNetwork();
    const tokenCache = new TokenCache();
    await tokenCache.rememberBasic(REGISTRY, ALICE);
    const { client: c } = client(net, { credentials: ALICE, tokenCache });
    expect((await c.request(REGISTRY, MANIFEST_PATH, { repository: REPO })).status).toBe(200);
    expect(await tokenCache.takesBasic(REGISTRY, ALICE)).toBe(false);
  });

  it('asks for credentials when a Basic registry gets none, without retrying', async () => {
    const net = new FakeNetwork().on(`https://${REGISTRY}`, registry(() => false, 'Basic realm="Registry Realm"'));
    const err = await failure(client(net).client.request(REGISTRY, MANIFEST_PATH, { repository: REPO }));
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).code).toBe('AUTH_REQUIRED');
    expect((err as AuthError).suggestion).toContain("open 'Private repository'");
    expect(net.requests).toHaveLength(1);
  });

  it('fails a wrong Basic password after exactly one retry', async () => {
    const net = new FakeNetwork().on(`https://${REGISTRY}`, registry(() => false, 'Basic realm="Registry Realm"'));
    const { client: c } = client(net, { credentials: { username: 'alice', password: 'wrong' } });
    const err = await failure(c.request(REGISTRY, MANIFEST_PATH, { repository: REPO }));
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).code).toBe('AUTH_FAILED');
    expect((err as AuthError).message).toMatch(/^authentication failed for registry\.test: .*answered 401 again to the username and password/);
    expect((err as AuthError).message, 'no parentheses inside parentheses').not.toMatch(/\([^)]*\(/);
    expect(net.requests, `got ${net.requests.length} requests, want 2`).toHaveLength(2);
  });

  it('gets an anonymous token from a token server on another host for the challenge scope', async () => {
    const net = bearerNetwork();
    const { client: c, trace } = client(net);
    const response = await c.request(REGISTRY, MANIFEST_PATH, { repository: REPO });
    expect(await response.text()).toBe(MANIFEST);

    const [tokenRequest] = net.requestsTo(AUTH);
    expect(net.requestsTo(AUTH)).toHaveLength(1);
    expect(tokenRequest.url.searchParams.get('service')).toBe(REGISTRY);
    expect(tokenRequest.url.searchParams.getAll('scope')).toEqual([`repository:${REPO}:pull`]);
    expect(tokenRequest.headers.get('authorization')).toBeNull();
    expect(net.requestsTo(REGISTRY).map((r) => r.headers.get('authorization'))).toEqual([null, 'Bearer tok-anon-1']);
    expect(trace.map((t) => [t.kind, t.status])).toEqual([
      ['registry', 401],
      ['token', 200],
      ['registry', 200],
    ]);
  });

  it('sends credentials to the token server, never to the registry', async () => {
    const net = bearerNetwork((token) => token.startsWith('tok-alice'));
    const { client: c, trace } = client(net, { credentials: ALICE });
    await c.request(REGISTRY, MANIFEST_PATH, { repository: REPO });
    expect(decodeBasic(net.requestsTo(AUTH)[0].headers.get('authorization'))).toBe('alice:s3cret-pw');
    expect(net.requestsTo(REGISTRY).map((r) => r.headers.get('authorization'))).toEqual([null, 'Bearer tok-alice-1']);
    const shown = JSON.stringify(trace);
    expect(shown).not.toContain('s3cret-pw');
    expect(shown).not.toContain('tok-alice-1');
    expect(trace[1].requestHeaders.Authorization).toBe('Basic <redacted>');
    expect(trace[2].requestHeaders.Authorization).toBe('Bearer <redacted>');
  });

  it('reports the token server’s words for a wrong password, without retrying', async () => {
    const net = bearerNetwork();
    const { client: c } = client(net, { credentials: { username: 'alice', password: 'wrong' } });
    const err = await failure(c.request(REGISTRY, MANIFEST_PATH, { repository: REPO }));
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).code).toBe('AUTH_FAILED');
    expect((err as AuthError).message).toContain('incorrect username or password');
    expect(net.requestsTo(REGISTRY)).toHaveLength(1);
    expect(net.requestsTo(AUTH)).toHaveLength(1);
  });

  it('says credentials are needed when an anonymous token is refused, after one retry', async () => {
    const net = bearerNetwork((token) => token.startsWith('tok-alice'));
    const err = await failure(client(net).client.request(REGISTRY, MANIFEST_PATH, { repository: REPO }));
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).code).toBe('AUTH_REQUIRED');
    expect((err as AuthError).message).toContain('answered 401 again to an anonymous token');
    expect(net.requestsTo(REGISTRY)).toHaveLength(2);
    expect(net.requestsTo(AUTH)).toHaveLength(1);
  });

  it('reuses a cached token: no second token request', async () => {
    const net = bearerNetwork();
    const tokenCache = new TokenCache();
    for (let i = 0; i < 3; i++) {
      // A fresh client per request, as the proxy makes; the cache is what is shared.
      const { client: c } = client(net, { tokenCache });
      await c.request(REGISTRY, MANIFEST_PATH, { repository: REPO });
    }
    expect(net.requestsTo(AUTH)).toHaveLength(1);
    expect(net.requestsTo(REGISTRY).map((r) => r.headers.get('authorization'))).toEqual([
      null,
      'Bearer tok-anon-1',
      'Bearer tok-anon-1',
      'Bearer tok-anon-1',
    ]);
  });

  it('shows, before a request with a cached token, the challenge and token request that got it, marked earlier', async () => {
    const net = bearerNetwork();
    const tokenCache = new TokenCache();
    const first = client(net, { tokenCache });
    await first.client.request(REGISTRY, MANIFEST_PATH, { repository: REPO });
    expect(first.trace.map((e) => `${e.kind} ${e.status}${e.earlier ? ' earlier' : ''}`)).toEqual(['registry 401', 'token 200', 'registry 200']);
    // Another request (another visitor) with the same cache: the token is not asked for again, but the trace tells how it was got.
    const second = client(net, { tokenCache });
    await second.client.request(REGISTRY, MANIFEST_PATH, { repository: REPO });
    expect(net.requestsTo(AUTH)).toHaveLength(1);
    expect(second.trace.map((e) => `${e.kind} ${e.status}${e.earlier ? ' earlier' : ''}`)).toEqual([
      'registry 401 earlier',
      'token 200 earlier',
      'registry 200',
    ]);
    // The same records as traced then: the challenge header, and the token the token server issued (never its value).
    expect(second.trace.slice(0, 2).map(({ earlier: _, ...e }) => e)).toEqual(first.trace.slice(0, 2));
    expect(second.trace[0].responseHeaders['www-authenticate']).toBe(BEARER_CHALLENGE);
    expect(second.trace[1].token?.expiresInSeconds).toBe(300);
    expect(JSON.stringify(second.trace)).not.toContain('tok-anon-1');
    expect(second.trace[2].note).toContain('cached token');
  });

  it('does not share a cached token between different credentials', async () => {
    const net = bearerNetwork();
    const tokenCache = new TokenCache();
    await client(net, { tokenCache }).client.request(REGISTRY, MANIFEST_PATH, { repository: REPO });
    await client(net, { tokenCache, credentials: ALICE }).client.request(REGISTRY, MANIFEST_PATH, { repository: REPO });
    expect(net.requestsTo(AUTH)).toHaveLength(2);
    expect(net.requestsTo(REGISTRY).at(-1)?.headers.get('authorization')).toBe('Bearer tok-alice-2');
  });

  it('replaces a cached token the registry refuses, with a single retry', async () => {
    const net = bearerNetwork((token) => token !== 'stale');
    const tokenCache = new TokenCache();
    const scope = `repository:${REPO}:pull`;
    await tokenCache.set(REGISTRY, scope, undefined, { token: 'stale', expiresAt: Date.now() + 600_000, expiresInSeconds: 600, raw: {} });
    const { client: c, trace } = client(net, { tokenCache });
    await c.request(REGISTRY, MANIFEST_PATH, { repository: REPO });
    expect(net.requestsTo(REGISTRY).map((r) => r.headers.get('authorization'))).toEqual(['Bearer stale', 'Bearer tok-anon-1']);
    expect(net.requestsTo(AUTH)).toHaveLength(1);
    expect((await tokenCache.get(REGISTRY, scope))?.token).toBe('tok-anon-1');
    expect(trace[0].note).toContain('cached token');
  });

  it('refuses an authentication scheme it cannot answer', async () => {
    const net = new FakeNetwork().on(`https://${REGISTRY}`, registry(() => false, 'Negotiate abc=='));
    const err = await failure(client(net).client.request(REGISTRY, MANIFEST_PATH, { repository: REPO }));
    expect(err).toMatchObject({ code: 'AUTH_UNSUPPORTED', status: 502 });
  });
});

describe('RegistryClient redirects', () => {
  const SIGNED = `https://${CDN}/blobs/ab?X-Amz-Expires=300&X-Amz-Signature=deadbeef`;

  function blobNetwork(cdn: (req: SeenRequest) => Response): FakeNetwork {
    return new FakeNetwork()
      .on(`https://${REGISTRY}`, (req) => {
        if (req.headers.get('authorization') !== basicHeader('alice', 's3cret-pw')) return challengeAnswer('Basic realm="r"');
        if (req.url.pathname === BLOB_PATH) return redirectAnswer(SIGNED);
        return errorAnswer(404, 'BLOB_UNKNOWN', 'blob unknown');
      })
      .on(`https://${CDN}`, cdn);
  }

  it('follows a 307 to another origin without the registry’s Authorization', async () => {
    const net = blobNetwork(() => new Response('layer bytes', { status: 200 }));
    const { client: c, trace } = client(net, { credentials: ALICE });
    const response = await c.request(REGISTRY, BLOB_PATH, { repository: REPO });
    expect(await response.text()).toBe('layer bytes');
    const [cdnRequest] = net.requestsTo(CDN);
    expect(cdnRequest.url.href).toBe(SIGNED);
    expect(cdnRequest.headers.get('authorization'), 'Authorization must not leave the registry origin').toBeNull();
    expect(trace.map((t) => [t.kind, t.status])).toEqual([
      ['registry', 401],
      ['registry', 307],
      ['redirect', 200],
    ]);
    expect(trace[1].note).toContain(`redirect to ${CDN}`);
    expect(trace[1].responseHeaders.location).toBe(`https://${CDN}/blobs/ab?X-Amz-Expires=300&X-Amz-Signature=…`);
    expect(trace[2].url).toBe(`https://${CDN}/blobs/ab?X-Amz-Expires=300&X-Amz-Signature=…`);
    expect(JSON.stringify(trace)).not.toContain('deadbeef');
  });

  it('resolves a relative Location and keeps Authorization on the registry’s own origin', async () => {
    const net = new FakeNetwork().on(`https://${REGISTRY}`, (req) => {
      if (req.headers.get('authorization') !== basicHeader('alice', 's3cret-pw')) return challengeAnswer('Basic realm="r"');
      if (req.url.pathname === BLOB_PATH) return redirectAnswer('../../../../storage/ab', 302);
      if (req.url.pathname === '/storage/ab') return new Response('layer bytes', { headers: DISTRIBUTION_HEADERS });
      return errorAnswer(404, 'BLOB_UNKNOWN', 'blob unknown');
    });
    const response = await client(net, { credentials: ALICE }).client.request(REGISTRY, BLOB_PATH, { repository: REPO });
    expect(await response.text()).toBe('layer bytes');
    const last = net.requests.at(-1)!;
    expect(last.url.pathname).toBe('/storage/ab');
    expect(last.headers.get('authorization')).toBe(basicHeader('alice', 's3cret-pw'));
  });

  it('follows a chain of exactly 5 redirects', async () => {
    const net = new FakeNetwork()
      .on(`https://${REGISTRY}`, () => redirectAnswer(`https://${CDN}/hop/1`))
      .on(`https://${CDN}`, (req) => {
        const n = Number(req.url.pathname.split('/').at(-1));
        return n < 5 ? redirectAnswer(`/hop/${n + 1}`, 308) : new Response('end');
      });
    const response = await client(net).client.request(REGISTRY, BLOB_PATH, { repository: REPO });
    expect(await response.text()).toBe('end');
    expect(net.requests).toHaveLength(6);
  });

  it('stops a redirect chain longer than 5 with TooManyRedirectsError', async () => {
    const net = new FakeNetwork()
      .on(`https://${REGISTRY}`, () => redirectAnswer(`https://${CDN}/hop/1`))
      .on(`https://${CDN}`, (req) => redirectAnswer(`/hop/${Number(req.url.pathname.split('/').at(-1)) + 1}`));
    const err = await failure(client(net).client.request(REGISTRY, BLOB_PATH, { repository: REPO }));
    expect(err).toBeInstanceOf(TooManyRedirectsError);
    expect((err as TooManyRedirectsError).maxRedirects).toBe(5);
    expect(net.requests, `got ${net.requests.length} requests, want the first and 5 hops`).toHaveLength(6);
  });

  it('checks every hop, and refuses a redirect to a private address before fetching it', async () => {
    const net = blobNetwork(() => new Response('secret metadata'));
    const addresses: Record<string, string[]> = { [REGISTRY]: ['203.0.114.10'], [CDN]: ['10.0.0.5'] };
    const checked: string[] = [];
    const policy = makeHostChecker({ resolve: async (h) => addresses[h] ?? [], allowed: new Set() });
    const { client: c, trace } = client(net, {
      credentials: ALICE,
      checkUrl: async (url) => {
        checked.push(url.host);
        await policy(url);
      },
    });
    const err = await failure(c.request(REGISTRY, BLOB_PATH, { repository: REPO }));
    expect(err).toBeInstanceOf(HostNotAllowedError);
    expect(err).toMatchObject({ host: CDN, address: '10.0.0.5', classification: 'private', status: 403 });
    expect(checked).toEqual([REGISTRY, REGISTRY, CDN]);
    expect(net.requestsTo(CDN)).toHaveLength(0);
    // The refused hop is a step of the pull too: a row with no answer that says why it was not sent.
    expect(trace.map((e) => [e.id, e.status, e.kind])).toEqual([
      [1, 401, 'registry'],
      [2, 307, 'registry'],
      [3, 0, 'redirect'],
    ]);
    expect(trace[2].url).toContain(CDN);
    expect(trace[2].note).toBe(`Authorization not sent: this host is not the registry; request not sent: refusing to fetch from ${CDN}: it resolves to 10.0.0.5, a private address`);
  });

  it('follows a registry on the internet to a public CDN, and never to a private host the operator lists', async () => {
    const INTERNAL = 'registry.internal:5000';
    const addresses: Record<string, string[]> = { [REGISTRY]: ['203.0.114.10'], [CDN]: ['203.0.114.20'], 'registry.internal': ['10.0.0.5'] };
    const policy = makeHostChecker({ resolve: async (h) => addresses[h] ?? [], allowed: new Set([INTERNAL]) });
    let location = '';
    const net = new FakeNetwork()
      .on(`https://${REGISTRY}`, () => redirectAnswer(location))
      .on(`https://${CDN}`, () => new Response('blob bytes'))
      .on(`https://${INTERNAL}`, () => new Response('{"repositories":["secret"]}'));
    const { client: c } = client(net, { checkUrl: policy });

    location = `https://${CDN}/any/path?X-Amz-Signature=abc`;
    expect(await (await c.request(REGISTRY, BLOB_PATH, { repository: REPO })).text()).toBe('blob bytes');

    location = `https://${INTERNAL}/v2/_catalog`;
    const err = await failure(c.request(REGISTRY, BLOB_PATH, { repository: REPO }));
    expect(err).toBeInstanceOf(HostNotAllowedError);
    expect(err).toMatchObject({ host: INTERNAL, classification: 'private', via: REGISTRY });
    expect(net.requestsTo(INTERNAL)).toHaveLength(0);
  });

  it('follows a listed registry to its listed storage', async () => {
    const STORAGE = 'storage.internal:9000';
    const addresses: Record<string, string[]> = { 'registry.internal': ['10.0.0.5'], 'storage.internal': ['10.0.0.6'] };
    const policy = makeHostChecker({ resolve: async (h) => addresses[h] ?? [], allowed: new Set(['registry.internal:5000', STORAGE]) });
    const net = new FakeNetwork()
      .on('https://registry.internal:5000', () => redirectAnswer(`https://${STORAGE}/bucket/blob?sig=1`))
      .on(`https://${STORAGE}`, () => new Response('blob bytes'));
    const { client: c } = client(net, { checkUrl: policy });
    expect(await (await c.request('registry.internal:5000', BLOB_PATH, { repository: REPO })).text()).toBe('blob bytes');
  });

  it('refuses a token realm that a registry on the internet puts on a private host the operator lists', async () => {
    const addresses: Record<string, string[]> = { [REGISTRY]: ['203.0.114.10'], 'auth.internal': ['10.0.0.8'] };
    const policy = makeHostChecker({ resolve: async (h) => addresses[h] ?? [], allowed: new Set(['auth.internal']) });
    const net = new FakeNetwork()
      .on(`https://${REGISTRY}`, () => challengeAnswer(`Bearer realm="https://auth.internal/internal/admin?key=1",service="x"`))
      .on('https://auth.internal', tokenServer());
    const { client: c } = client(net, { checkUrl: policy });
    const err = await failure(c.request(REGISTRY, MANIFEST_PATH, { repository: REPO }));
    expect(err).toMatchObject({ code: 'HOST_NOT_ALLOWED', host: 'auth.internal', via: REGISTRY });
    expect(net.requestsTo('auth.internal')).toHaveLength(0);
  });

  it('puts a name that does not resolve in the trace, as a request not sent', async () => {
    const net = new FakeNetwork();
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    const policy = makeHostChecker({
      resolve: async () => {
        throw notFound;
      },
      allowed: new Set(),
    });
    const { client: c, trace } = client(net, { checkUrl: policy });
    const err = await failure(c.request(REGISTRY, MANIFEST_PATH, { repository: REPO }));
    expect(err).toBeInstanceOf(UnreachableError);
    expect(net.requests).toHaveLength(0);
    expect(trace, `got ${JSON.stringify(trace)}, want one row`).toHaveLength(1);
    expect(trace[0]).toMatchObject({ id: 1, status: 0, notSent: true, method: 'GET', kind: 'registry', note: 'request not sent: DNS lookup failed (no such host)' });
    expect(trace[0].url).toBe(`https://${REGISTRY}${MANIFEST_PATH}`);
  });

  it('checks the token realm too', async () => {
    const net = bearerNetwork();
    const checked: string[] = [];
    const { client: c } = client(net, { checkUrl: async (url) => void checked.push(url.host) });
    await c.request(REGISTRY, MANIFEST_PATH, { repository: REPO });
    expect(checked).toEqual([REGISTRY, AUTH, REGISTRY]);
  });
});

describe('RegistryClient errors', () => {
  const registryErrors: {
    name: string;
    host?: string;
    path: string;
    answer: () => Response;
    code: string;
    status: number;
    message: string;
    suggestion?: string;
    retryAfterSeconds?: number;
    temporary: boolean;
  }[] = [
    {
      name: 'an unknown tag',
      path: `/v2/${REPO}/manifests/nope`,
      answer: () => errorAnswer(404, 'MANIFEST_UNKNOWN', 'manifest unknown'),
      code: 'MANIFEST_UNKNOWN',
      status: 404,
      message: `tag 'nope' not found in registry.test/${REPO}`,
      suggestion: 'Check the tag',
      temporary: false,
    },
    {
      name: 'an unknown tag on Docker Hub, named as users write it',
      host: 'registry-1.docker.io',
      path: `/v2/${REPO}/manifests/nope`,
      answer: () => errorAnswer(404, 'MANIFEST_UNKNOWN', 'manifest unknown'),
      code: 'MANIFEST_UNKNOWN',
      status: 404,
      message: `tag 'nope' not found in docker.io/${REPO}`,
      temporary: false,
    },
    {
      name: 'an unknown manifest digest, on a bodiless HEAD-style 404',
      path: `/v2/${REPO}/manifests/${BLOB}`,
      answer: () => new Response(null, { status: 404, headers: DISTRIBUTION_HEADERS }),
      code: 'MANIFEST_UNKNOWN',
      status: 404,
      message: `manifest ${BLOB} not found in registry.test/${REPO}`,
      suggestion: 'Check that the digest belongs to this repository on this registry',
      temporary: false,
    },
    {
      name: 'an unknown repository',
      path: MANIFEST_PATH,
      answer: () => errorAnswer(404, 'NAME_UNKNOWN', 'repository name not known to registry'),
      code: 'NAME_UNKNOWN',
      status: 404,
      message: `repository '${REPO}' not found on registry.test`,
      suggestion: 'it may be private: open',
      temporary: false,
    },
    {
      name: 'a rate limit with Retry-After',
      path: MANIFEST_PATH,
      answer: () => errorAnswer(429, 'TOOMANYREQUESTS', 'You have reached your pull rate limit.', { 'retry-after': '30' }),
      code: 'TOOMANYREQUESTS',
      status: 429,
      message: 'rate limited by registry.test: retry after 30 s',
      retryAfterSeconds: 30,
      temporary: true,
    },
    {
      name: 'a denied repository',
      path: MANIFEST_PATH,
      answer: () => errorAnswer(403, 'DENIED', 'requested access to the resource is denied'),
      code: 'DENIED',
      status: 403,
      message: `access to registry.test/${REPO} denied: requested access to the resource is denied`,
      temporary: false,
    },
    {
      name: 'a server failure behind an HTML error page',
      path: MANIFEST_PATH,
      answer: () => new Response('<html><body>502 Bad Gateway</body></html>', { status: 503, headers: { 'content-type': 'text/html' } }),
      code: 'UNKNOWN',
      status: 502,
      message: 'registry.test failed with HTTP 503',
      temporary: true,
    },
  ];

  it.each(registryErrors)('maps $name to RegistryError $code', async (c) => {
    const host = c.host ?? REGISTRY;
    const net = new FakeNetwork().on(`https://${host}`, c.answer);
    const err = await failure(client(net).client.request(host, c.path, { repository: REPO }));
    expect(err).toBeInstanceOf(RegistryError);
    const e = err as RegistryError;
    expect({ code: e.code, status: e.status, message: e.message, temporary: e.temporary }).toEqual({
      code: c.code,
      status: c.status,
      message: c.message,
      temporary: c.temporary,
    });
    expect(e.registry).toBe(host);
    expect(e.retryAfterSeconds).toBe(c.retryAfterSeconds);
    if (c.suggestion) expect(e.suggestion).toContain(c.suggestion);
  });

  const notRegistries: { name: string; answer: () => Response; path: string }[] = [
    {
      name: 'a website answering 200 HTML',
      path: MANIFEST_PATH,
      answer: () => new Response('<!doctype html><title>Shop</title>', { headers: { 'content-type': 'text/html; charset=utf-8' } }),
    },
    {
      name: 'a web server’s HTML 404',
      path: MANIFEST_PATH,
      answer: () => new Response('<html>Not Found</html>', { status: 404, headers: { 'content-type': 'text/html' } }),
    },
    {
      name: 'a plain-text 404 without distribution headers',
      path: MANIFEST_PATH,
      answer: () => new Response('404 page not found', { status: 404 }),
    },
    { name: 'a bare 404 on /v2/', path: '/v2/', answer: () => new Response(null, { status: 404 }) },
  ];

  it.each(notRegistries)('reports $name as NotARegistryError', async ({ path, answer }) => {
    const net = new FakeNetwork().on(`https://${REGISTRY}`, answer);
    const err = await failure(client(net).client.request(REGISTRY, path, { repository: REPO }));
    expect(err).toBeInstanceOf(NotARegistryError);
    expect(err).toMatchObject({ code: 'NOT_A_REGISTRY', status: 502, host: REGISTRY });
  });

  it('reports a fetch that throws as UnreachableError naming the host and cause', async () => {
    const net = new FakeNetwork(); // no handlers: every host fails DNS
    const { client: c, trace } = client(net);
    const err = await failure(c.request('nowhere.test', MANIFEST_PATH, { repository: REPO }));
    expect(err).toBeInstanceOf(UnreachableError);
    const e = err as UnreachableError;
    expect(e.message).toBe('cannot reach the registry nowhere.test: DNS lookup failed (no such host)');
    expect(e.status).toBe(502);
    expect(e.cause).toBeInstanceOf(TypeError);
    expect(trace.map((t) => [t.status, t.note])).toEqual([[0, 'DNS lookup failed (no such host)']]);
  });

  it('lets an abort through as an abort, not as an unreachable registry', async () => {
    const net = new FakeNetwork().on(`https://${REGISTRY}`, () => manifestAnswer(MANIFEST));
    const controller = new AbortController();
    controller.abort();
    const err = await failure(client(net).client.request(REGISTRY, MANIFEST_PATH, { repository: REPO, signal: controller.signal }));
    expect(err).not.toBeInstanceOf(UnreachableError);
    expect((err as Error).name).toBe('AbortError');
  });

  it('reports a storage host’s error after a redirect under that host, not as the registry’s', async () => {
    const net = new FakeNetwork()
      .on(`https://${REGISTRY}`, () => redirectAnswer(`https://${CDN}/blobs/ab?sig=x`))
      .on(`https://${CDN}`, () => new Response('<Error><Code>AccessDenied</Code></Error>', { status: 403, headers: { 'content-type': 'application/xml' } }));
    const err = await failure(client(net).client.request(REGISTRY, BLOB_PATH, { repository: REPO }));
    expect(err).toBeInstanceOf(RegistryError);
    expect(err).toMatchObject({ code: 'DENIED', registry: CDN, httpStatus: 403 });
  });

  it('uses http for loopback registries and https elsewhere', async () => {
    const net = new FakeNetwork()
      .on('http://localhost:5000', () => manifestAnswer(MANIFEST))
      .on('http://127.0.0.1:5000', () => manifestAnswer(MANIFEST))
      .on('http://[::1]:5000', () => manifestAnswer(MANIFEST))
      .on(`https://${REGISTRY}:5000`, () => manifestAnswer(MANIFEST));
    const { client: c } = client(net);
    for (const host of ['localhost:5000', '127.0.0.1:5000', '[::1]:5000', `${REGISTRY}:5000`]) {
      await c.request(host, MANIFEST_PATH, { repository: REPO });
    }
    expect(net.requests.map((r) => r.url.protocol)).toEqual(['http:', 'http:', 'http:', 'https:']);
  });
});
