import { describe, expect, it } from 'vitest';
import { RegistryClient } from '@/lib/registry/client';
import { AuthError } from '@/lib/registry/errors';
import { decodeJwtHeader } from '@/lib/registry/jwt';
import { TokenCache } from '@/lib/registry/token';
import type { TraceEntry } from '@/lib/registry/trace';
import { challengeAnswer, decodeBasic, FakeNetwork, manifestAnswer, type SeenRequest } from './fake-network';

const REGISTRY = 'registry.test';
const REPO = 'team/app';
const CHALLENGE = `Bearer realm="https://auth.test/token",service="${REGISTRY}",scope="repository:${REPO}:pull"`;
const ALICE = { username: 'alice', password: 'pw-never-shown' };
const SIGNATURE = 'c2lnbmF0dXJlLW5ldmVyLXNob3du';
const CLAIMS = {
  iss: 'auth.test',
  sub: 'alice',
  aud: REGISTRY,
  iat: 1_700_000_000,
  nbf: 1_699_999_999,
  exp: 1_700_000_300,
  access: [{ type: 'repository', name: REPO, actions: ['pull'] }],
};

function b64url(json: unknown): string {
  return btoa(JSON.stringify(json)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

// A JWT shaped like Docker Hub's: a certificate chain in the header, claims with an access list.
const JWT = `${b64url({ alg: 'RS256', typ: 'JWT', x5c: ['MIIB-cert-one', 'MIIB-cert-two'] })}.${b64url(CLAIMS)}.${SIGNATURE}`;

function network() {
  return new FakeNetwork()
    .on(`https://${REGISTRY}`, (req: SeenRequest) =>
      req.headers.get('authorization') === `Bearer ${JWT}` ? manifestAnswer('{}') : challengeAnswer(CHALLENGE),
    )
    .on('https://auth.test', (req: SeenRequest) =>
      decodeBasic(req.headers.get('authorization')) === `${ALICE.username}:${ALICE.password}`
        ? Response.json({ token: JWT, access_token: JWT, expires_in: 300, issued_at: '2023-11-14T22:13:20Z' })
        : Response.json({ details: 'incorrect username or password' }, { status: 401 }),
    );
}

function setup(credentials = ALICE) {
  const trace: TraceEntry[] = [];
  const tokenCache = new TokenCache({ now: () => 1_700_000_000_000 });
  const client = new RegistryClient({
    fetch: network().fetch,
    tokenCache,
    credentials,
    trace: (entry) => trace.push(entry),
  });
  return { client, trace };
}

describe('tokens in the trace', () => {
  it('shows the decoded JWT on the token exchange and on the request that used it, never the token', async () => {
    const { client, trace } = setup();
    await client.request(REGISTRY, `/v2/${REPO}/manifests/v1`, { repository: REPO });

    expect(trace.map((t) => [t.kind, t.status])).toEqual([
      ['registry', 401],
      ['token', 200],
      ['registry', 200],
    ]);
    const issued = trace[1].token;
    expect(issued?.claims).toEqual(CLAIMS);
    expect(issued?.header).toEqual({ alg: 'RS256', typ: 'JWT', x5c: '2 certificates (not shown)' });
    expect(issued?.expiresInSeconds).toBe(300);
    expect(issued?.issuedAt).toBe(Date.parse('2023-11-14T22:13:20Z'));
    expect(issued?.url).toBe(`https://auth.test/token?service=${REGISTRY}&scope=repository%3Ateam%2Fapp%3Apull`);
    expect(trace[2].token).toEqual(issued);
    expect(trace[0].token).toBeUndefined();

    const shown = JSON.stringify(trace);
    for (const secret of [JWT, SIGNATURE, ALICE.password, btoa(`${ALICE.username}:${ALICE.password}`)]) {
      expect(shown.includes(secret), `got the trace holding ${secret}, want it absent`).toBe(false);
    }
  });

  it('shows the cached token on a later request that sends it without asking again', async () => {
    const { client, trace } = setup();
    await client.request(REGISTRY, `/v2/${REPO}/manifests/v1`, { repository: REPO });
    trace.length = 0;
    await client.request(REGISTRY, `/v2/${REPO}/manifests/v1`, { repository: REPO });
    // The exchanges that got the token come first, marked earlier; only the last request went out.
    expect(trace.map((t) => [t.kind, t.status, t.earlier === true])).toEqual([
      ['registry', 401, true],
      ['token', 200, true],
      ['registry', 200, false],
    ]);
    expect(trace[2].token?.claims).toEqual(CLAIMS);
    expect(trace[2].note).toContain('cached token');
  });

  it('still traces a refused token request, with nothing issued', async () => {
    const { client, trace } = setup({ username: 'alice', password: 'wrong' });
    await expect(client.request(REGISTRY, `/v2/${REPO}/manifests/v1`, { repository: REPO })).rejects.toBeInstanceOf(AuthError);
    expect(trace.map((t) => [t.kind, t.status])).toEqual([
      ['registry', 401],
      ['token', 401],
    ]);
    expect(trace[1].token).toBeUndefined();
  });
});

describe('decodeJwtHeader', () => {
  it.each([
    ['a JWT', JWT, { alg: 'RS256', typ: 'JWT', x5c: ['MIIB-cert-one', 'MIIB-cert-two'] }],
    ['an opaque token', 'opaque-token', undefined],
    ['a header that is not JSON', `bm90IGpzb24.${b64url(CLAIMS)}.sig`, undefined],
    ['a header that is a JSON array', `${b64url([1])}.${b64url(CLAIMS)}.sig`, undefined],
  ])('%s', (_name, token, want) => {
    expect(decodeJwtHeader(token)).toEqual(want);
  });
});
