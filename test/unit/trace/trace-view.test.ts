import { describe, expect, it } from 'vitest';
import type { TraceEntry, TraceToken } from '@/lib/registry/trace';
import { formatCountdown, latestRateLimit, latestToken, toTokenView, toTraceRows } from '@/lib/trace/trace-view';

function entry(over: Partial<TraceEntry>): TraceEntry {
  return {
    id: 1,
    method: 'GET',
    url: 'https://registry.test/v2/a/blobs/sha256:' + 'ab'.repeat(32),
    status: 200,
    startedAt: 0,
    durationMs: 3,
    requestHeaders: {},
    responseHeaders: {},
    kind: 'registry',
    ...over,
  };
}

const issued: TraceToken = {
  url: 'https://auth.test/token?service=r&scope=repository%3Aa%3Apull',
  header: { alg: 'RS256', typ: 'JWT', x5c: '1 certificate (not shown)' },
  claims: {
    iss: 'auth.test',
    aud: 'registry.test',
    sub: '',
    iat: 1_700_000_000,
    nbf: 1_699_999_999,
    exp: 1_700_000_300,
    jti: 'j-1',
    access: [{ type: 'repository', name: 'a', actions: ['pull'] }, 'junk'],
  },
  expiresAt: 1_700_000_300_000,
  expiresInSeconds: 300,
};

describe('toTraceRows', () => {
  it('numbers rows across proxied requests, reads sizes and shows a redirect as a hop to its host', () => {
    const rows = toTraceRows(
      [
        entry({ id: 1, status: 307, responseHeaders: { location: 'https://cdn.test/blob?sig=…' } }),
        entry({ id: 2, kind: 'redirect', url: 'https://cdn.test/blob?sig=…', responseHeaders: { 'content-length': '2048' } }),
        entry({ id: 1, status: 302, responseHeaders: { location: '/v2/a/blobs/other' } }),
      ],
      { credentialed: false },
    );
    expect(rows.map((r) => [r.position, r.host, r.hopTo, r.bytes])).toEqual([
      [1, 'registry.test', 'cdn.test', undefined],
      [2, 'cdn.test', undefined, 2048],
      [3, 'registry.test', 'registry.test', undefined],
    ]);
    expect(rows[0].curl).toContain(' -L ');
  });

  it('keeps the bytes that arrived of a body that broke off beside its Content-Length', () => {
    const rows = toTraceRows([entry({ responseHeaders: { 'content-length': '8192' }, receivedBytes: 2048 }), entry({ responseHeaders: { 'content-length': '8192' } })], { credentialed: false });
    expect(rows.map((r) => [r.bytes, r.receivedBytes])).toEqual([
      [8192, 2048],
      [8192, undefined],
    ]);
  });

  it('marks the exchange that issued a token', () => {
    const rows = toTraceRows([entry({ kind: 'token', token: issued }), entry({ token: issued })], { credentialed: false });
    expect(rows.map((r) => r.issuedToken)).toEqual([true, false]);
  });
});

describe('latestToken', () => {
  const cached: TraceToken = { ...issued, expiresAt: 1 };
  const later: TraceToken = { ...issued, expiresAt: 2 };

  it.each([
    ['the last issued token wins over a cached one sent later', [entry({ kind: 'token', token: issued }), entry({ token: cached })], issued],
    ['the last issued of several', [entry({ kind: 'token', token: issued }), entry({ kind: 'token', token: later })], later],
    ['a cached token when none was issued', [entry({}), entry({ token: cached })], cached],
    ['nothing without tokens', [entry({})], undefined],
  ])('%s', (_name, entries, want) => {
    expect(latestToken(entries)).toBe(want);
  });
});

describe('latestRateLimit', () => {
  it('reads the last answer that stated a limit', () => {
    const entries = [
      entry({ responseHeaders: { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '95;w=21600' } }),
      entry({ responseHeaders: { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '94;w=21600' } }),
      entry({ kind: 'redirect' }),
    ];
    expect(latestRateLimit(entries)).toEqual({ limit: 100, remaining: 94, windowSeconds: 21600 });
    expect(latestRateLimit([entry({})])).toBeUndefined();
  });
});

describe('toTokenView', () => {
  it('names the claims, reads the access list and keeps the rest', () => {
    const view = toTokenView(issued);
    expect(view).toMatchObject({
      issuer: 'auth.test',
      audience: 'registry.test',
      subject: '',
      issuedAt: 1_700_000_000_000,
      notBefore: 1_699_999_999_000,
      expiresAt: 1_700_000_300_000,
      lifetimeSeconds: 300,
      opaque: false,
    });
    expect(view.access).toEqual([{ type: 'repository', name: 'a', actions: ['pull'] }]);
    expect(view.otherClaims).toEqual([['jti', 'j-1']]);
    expect(view.header).toEqual([
      ['alg', 'RS256'],
      ['typ', 'JWT'],
      ['x5c', '1 certificate (not shown)'],
    ]);
  });

  it('says an opaque token has nothing to decode', () => {
    const view = toTokenView({ expiresAt: 5, expiresInSeconds: 60, issuedAt: 1 });
    expect(view.opaque).toBe(true);
    expect(view.issuedAt).toBe(1);
    expect(view.access).toBeUndefined();
  });

  it('tells a token with no access claim (nothing stated) from one with an empty list (nothing granted)', () => {
    expect(toTokenView({ ...issued, claims: { sub: '' } }).access).toBeUndefined();
    expect(toTokenView({ ...issued, claims: { access: [] } }).access).toEqual([]);
  });

  it('reads an audience list', () => {
    expect(toTokenView({ ...issued, claims: { aud: ['a', 'b'] } }).audience).toBe('a, b');
  });
});

describe('formatCountdown', () => {
  it.each([
    [298_400, '4 min 58 s left'],
    [59_600, '1 min 0 s left'],
    [5_000, '5 s left'],
    [0, '0 s left'],
    [-12_000, 'expired 12 s ago'],
  ])('%i ms to go reads %s', (ms, want) => {
    expect(formatCountdown(1_000_000 + ms, 1_000_000)).toBe(want);
  });
});
