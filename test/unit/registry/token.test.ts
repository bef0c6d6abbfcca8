import { describe, expect, it } from 'vitest';
import { AuthError, BadTokenResponseError, RegistryError } from '@/lib/registry/errors';
import { requestToken, TokenCache, type TokenGrant } from '@/lib/registry/token';
import { decodeBasic, FakeNetwork } from './fake-network';

const REALM = 'https://auth.test/token';
const NOW = 1_700_000_000_000;

function tokenServer(answer: () => Response): FakeNetwork {
  return new FakeNetwork().on('https://auth.test', answer);
}

async function grantFor(body: unknown): Promise<TokenGrant> {
  const net = tokenServer(() => Response.json(body));
  return requestToken({ fetch: net.fetch, realm: REALM, scopes: ['repository:a:pull'], now: () => NOW });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('got success, want an error');
}

describe('requestToken', () => {
  it('asks the realm for the service and every scope, anonymously', async () => {
    const net = tokenServer(() => Response.json({ token: 't' }));
    await requestToken({
      fetch: net.fetch,
      realm: 'https://auth.test/token?account=keep',
      service: 'registry.test',
      scopes: ['repository:a:pull', 'repository:b:pull'],
    });
    expect(net.requests).toHaveLength(1);
    const { url, headers } = net.requests[0];
    expect(url.pathname).toBe('/token');
    expect(url.searchParams.get('account')).toBe('keep');
    expect(url.searchParams.get('service')).toBe('registry.test');
    expect(url.searchParams.getAll('scope')).toEqual(['repository:a:pull', 'repository:b:pull']);
    expect(headers.get('authorization')).toBeNull();
  });

  it('sends credentials as UTF-8 Basic authorization', async () => {
    const net = tokenServer(() => Response.json({ token: 't' }));
    await requestToken({
      fetch: net.fetch,
      realm: REALM,
      scopes: ['repository:a:pull'],
      credentials: { username: 'alice', password: 'pässwörd:with:colons' },
    });
    expect(decodeBasic(net.requests[0].headers.get('authorization'))).toBe('alice:pässwörd:with:colons');
  });

  const tokenFields: { name: string; body: Record<string, unknown>; want: string }[] = [
    { name: 'token only', body: { token: 'from-token' }, want: 'from-token' },
    { name: 'access_token only', body: { access_token: 'from-access' }, want: 'from-access' },
    { name: 'both, token wins', body: { token: 'from-token', access_token: 'from-access' }, want: 'from-token' },
    { name: 'empty token, access_token set', body: { token: '', access_token: 'from-access' }, want: 'from-access' },
  ];

  it.each(tokenFields)('takes the token from $name', async ({ body, want }) => {
    expect((await grantFor(body)).token).toBe(want);
  });

  const lifetimes: { name: string; expires_in: unknown; want: number }[] = [
    { name: 'absent: 60 s default', expires_in: undefined, want: 60 },
    { name: 'as stated', expires_in: 300, want: 300 },
    { name: 'below 60: raised to 60', expires_in: 10, want: 60 },
    { name: 'not a number: 60 s default', expires_in: '300', want: 60 },
    { name: 'an hour: as stated', expires_in: 3600, want: 3600 },
    { name: 'past an hour: cut to an hour', expires_in: 1e12, want: 3600 },
  ];

  it.each(lifetimes)('reads expires_in $name', async ({ expires_in, want }) => {
    const grant = await grantFor({ token: 't', expires_in });
    expect(grant.expiresInSeconds).toBe(want);
    expect(grant.expiresAt, `got expiresAt ${grant.expiresAt}, want now + ${want} s`).toBe(NOW + want * 1000);
  });

  it('says what the token server stated when it cut the lifetime, and only then', async () => {
    expect((await grantFor({ token: 't', expires_in: 1e12 })).statedExpiresInSeconds).toBe(1e12);
    expect((await grantFor({ token: 't', expires_in: 3600 })).statedExpiresInSeconds).toBeUndefined();
  });

  it('keeps issued_at and the rest of the answer, but no token field, in raw', async () => {
    const grant = await grantFor({
      token: 'secret-1',
      access_token: 'secret-1',
      refresh_token: 'secret-2',
      expires_in: 300,
      issued_at: '2023-11-14T22:13:20Z',
    });
    expect(grant.issuedAt).toBe(Date.parse('2023-11-14T22:13:20Z'));
    expect(grant.raw).toEqual({ expires_in: 300, issued_at: '2023-11-14T22:13:20Z' });
    expect(JSON.stringify(grant.raw)).not.toContain('secret');
  });

  it('decodes the claims of a JWT token', async () => {
    const b64url = (o: unknown) => btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const claims = { iss: 'auth.test', access: [{ type: 'repository', name: 'a', actions: ['pull'] }] };
    const grant = await grantFor({ token: `${b64url({ alg: 'none' })}.${b64url(claims)}.sig` });
    expect(grant.claims).toEqual(claims);
    expect((await grantFor({ token: 'opaque' })).claims).toBeUndefined();
  });

  const badAnswers: { name: string; answer: () => Response }[] = [
    { name: 'no token field', answer: () => Response.json({ expires_in: 60 }) },
    { name: 'not JSON', answer: () => new Response('<html>login</html>', { status: 200 }) },
    { name: 'a JSON array', answer: () => Response.json(['t']) },
  ];

  it.each(badAnswers)('refuses a 200 answer with $name', async ({ answer }) => {
    const net = tokenServer(answer);
    const err = await failure(requestToken({ fetch: net.fetch, realm: REALM, scopes: [] }));
    expect(err).toBeInstanceOf(BadTokenResponseError);
  });

  const refusals: { name: string; status: number; body: unknown; credentials: boolean; code: string; said: string }[] = [
    {
      name: "Docker Hub's 401 to a wrong password",
      status: 401,
      body: { details: 'incorrect username or password' },
      credentials: true,
      code: 'AUTH_FAILED',
      said: 'incorrect username or password',
    },
    {
      name: 'a distribution-style 401',
      status: 401,
      body: { errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] },
      credentials: true,
      code: 'AUTH_FAILED',
      said: 'bad credentials',
    },
    {
      name: 'a 403 to an anonymous request',
      status: 403,
      body: { error: 'anonymous access disabled' },
      credentials: false,
      code: 'AUTH_REQUIRED',
      said: 'anonymous access disabled',
    },
  ];

  it.each(refusals)('turns $name into AuthError with the server’s words', async ({ status, body, credentials, code, said }) => {
    const net = tokenServer(() => Response.json(body, { status }));
    const err = await failure(
      requestToken({
        fetch: net.fetch,
        realm: REALM,
        scopes: ['repository:a:pull'],
        registry: 'registry.test',
        ...(credentials ? { credentials: { username: 'alice', password: 'wrong' } } : {}),
      }),
    );
    expect(err).toBeInstanceOf(AuthError);
    const auth = err as AuthError;
    expect(auth.code).toBe(code);
    expect(auth.status).toBe(401);
    expect(auth.registryMessage).toBe(said);
    expect(auth.message).toContain(said);
    expect(auth.message).not.toContain('wrong');
    if (code === 'AUTH_FAILED') expect(auth.message).toMatch(/^authentication failed for registry\.test: /);
  });

  it('reports a rate-limited token server as TOOMANYREQUESTS', async () => {
    const net = tokenServer(() => new Response('slow down', { status: 429, headers: { 'retry-after': '12' } }));
    const err = await failure(requestToken({ fetch: net.fetch, realm: REALM, scopes: [] }));
    expect(err).toBeInstanceOf(RegistryError);
    expect(err).toMatchObject({ code: 'TOOMANYREQUESTS', retryAfterSeconds: 12, temporary: true });
  });
});

describe('TokenCache', () => {
  const alice = { username: 'alice', password: 'hunter2' };
  const grant = (token: string, expiresAt: number): TokenGrant => ({ token, expiresAt, expiresInSeconds: 60, raw: {} });

  it('finds a token by registry, scope and credential, and nothing else', async () => {
    const cache = new TokenCache({ now: () => NOW });
    await cache.set('registry.test', 'repository:a:pull', alice, grant('t-alice', NOW + 60_000));
    await cache.set('registry.test', 'repository:a:pull', undefined, grant('t-anon', NOW + 60_000));

    expect((await cache.get('registry.test', 'repository:a:pull', alice))?.token).toBe('t-alice');
    expect((await cache.get('REGISTRY.test', 'repository:a:pull', { ...alice }))?.token).toBe('t-alice');
    expect((await cache.get('registry.test', 'repository:a:pull'))?.token).toBe('t-anon');
    expect(await cache.get('registry.test', 'repository:a:pull', { username: 'alice', password: 'other' })).toBeUndefined();
    expect(await cache.get('registry.test', 'repository:b:pull', alice)).toBeUndefined();
    expect(await cache.get('other.test', 'repository:a:pull', alice)).toBeUndefined();
  });

  it('never stores the raw credentials', async () => {
    const cache = new TokenCache();
    await cache.set('registry.test', 'repository:a:pull', alice, grant('t', Date.now() + 60_000));
    const keys = [...(cache as unknown as { entries: Map<string, TokenGrant> }).entries.keys()].join('\n');
    expect(keys).not.toContain('hunter2');
    expect(keys).not.toContain('alice');
  });

  it('keys the same credentials differently in two caches (per-cache salt)', async () => {
    const keysOf = async () => {
      const cache = new TokenCache();
      await cache.set('registry.test', 's', alice, grant('t', Date.now() + 60_000));
      return [...(cache as unknown as { entries: Map<string, TokenGrant> }).entries.keys()][0];
    };
    expect(await keysOf()).not.toBe(await keysOf());
  });

  it('treats a token within the safety margin of expiry as gone', async () => {
    let now = NOW;
    const cache = new TokenCache({ now: () => now, safetyMarginMs: 10_000 });
    await cache.set('registry.test', 's', undefined, grant('t', NOW + 60_000));
    now = NOW + 49_999;
    expect((await cache.get('registry.test', 's'))?.token).toBe('t');
    now = NOW + 50_000;
    expect(await cache.get('registry.test', 's')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops the least recently used entry beyond its bound', async () => {
    const cache = new TokenCache({ maxEntries: 2, now: () => NOW });
    await cache.set('r', 'a', undefined, grant('ta', NOW + 60_000));
    await cache.set('r', 'b', undefined, grant('tb', NOW + 60_000));
    await cache.get('r', 'a'); // a is now more recent than b
    await cache.set('r', 'c', undefined, grant('tc', NOW + 60_000));
    expect(cache.size).toBe(2);
    expect((await cache.get('r', 'a'))?.token).toBe('ta');
    expect(await cache.get('r', 'b')).toBeUndefined();
    expect((await cache.get('r', 'c'))?.token).toBe('tc');
  });
});
