import { describe, expect, it } from 'vitest';
import { RegistryClient } from '@/lib/registry/client';
import { HostNotAllowedError, RegistryError, UnreachableError } from '@/lib/registry/errors';
import { isRetryableNetworkError, isRetryableStatus, parseRetryAfter, retryDelay, retryDelayAfter, retryNote, sleep } from '@/lib/registry/retry';
import { TokenCache } from '@/lib/registry/token';
import type { TraceEntry } from '@/lib/registry/trace';
import { challengeAnswer, errorAnswer, FakeNetwork, manifestAnswer } from './fake-network';

const REGISTRY = 'registry.test';
const REPO = 'library/ubuntu';
const PATH = `/v2/${REPO}/manifests/latest`;
const MANIFEST = '{"schemaVersion":2}';
const NOW = Date.UTC(2025, 0, 1);

describe('retry policy', () => {
  const statuses: [status: number, want: boolean][] = [
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [501, false], // Not Implemented will not change
    [505, false],
    [508, false], // Loop Detected: a loop does not end by sending again
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [408, false],
    [200, false],
  ];
  it.each(statuses)('isRetryableStatus(%i) is %s', (status, want) => {
    expect(isRetryableStatus(status)).toBe(want);
  });

  const failure = (code: string) => new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
  const networkErrors: [name: string, err: unknown, want: boolean][] = [
    ['connection reset', failure('ECONNRESET'), true],
    ['connect timeout', failure('UND_ERR_CONNECT_TIMEOUT'), true],
    ['headers timeout', failure('UND_ERR_HEADERS_TIMEOUT'), true],
    ['temporary DNS failure', failure('EAI_AGAIN'), true],
    ['socket closed', failure('UND_ERR_SOCKET'), true],
    ['no such host', failure('ENOTFOUND'), false],
    ['connection refused', failure('ECONNREFUSED'), false],
    ['bad certificate', failure('CERT_HAS_EXPIRED'), false],
    ['our own SSRF refusal', new TypeError('fetch failed', { cause: new HostNotAllowedError({ host: 'x', address: '10.0.0.1', classification: 'private' }) }), false],
    ['a plain error', new Error('boom'), false],
  ];
  it.each(networkErrors)('isRetryableNetworkError(%s) is %s', (_name, err, want) => {
    expect(isRetryableNetworkError(err)).toBe(want);
  });

  const retryAfters: [value: string | null, want: number | undefined][] = [
    ['3', 3000],
    ['0', 0],
    [' 7 ', 7000],
    [new Date(NOW + 4000).toUTCString(), 4000],
    [new Date(NOW - 4000).toUTCString(), 0],
    ['soon', undefined],
    [null, undefined],
  ];
  it.each(retryAfters)('parseRetryAfter(%s) is %s ms', (value, want) => {
    expect(parseRetryAfter(value, NOW)).toBe(want);
  });

  const delays: [nextTry: number, retryAfter: string | null, want: number | undefined][] = [
    [2, null, 1000], // backoff: 1 s, then 2 s
    [3, null, 2000],
    [2, '5', 5000], // the server's word wins
    [2, '10', 10_000], // up to the cap
    [2, '3600', undefined], // longer than the cap: do not retry early
  ];
  it.each(delays)('retryDelay(try %i, Retry-After %s) is %s ms', (nextTry, retryAfter, want) => {
    expect(retryDelay(nextTry, retryAfter, NOW)).toBe(want);
  });

  // Docker Hub's answer to a spent pull quota: 0 left, for a window of hours.
  const pullLimit = { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '0;w=21600', 'docker-ratelimit-source': '203.0.113.7' };
  const answers: [name: string, status: number, headers: Record<string, string>, want: number | undefined][] = [
    ['a 503: backoff', 503, {}, 1000],
    ['a 503 asking for 5 s', 503, { 'retry-after': '5' }, 5000],
    ['a 503 asking for an hour', 503, { 'retry-after': '3600' }, undefined],
    ['a 429 asking for 2 s: waited as told', 429, { 'retry-after': '2' }, 2000],
    ['a 429 asking for 10 s, the cap', 429, { 'retry-after': '10' }, 10_000],
    ['a 429 asking for 11 s', 429, { 'retry-after': '11' }, undefined],
    ['a 429 without Retry-After', 429, {}, undefined],
    ["Docker Hub's pull limit", 429, pullLimit, undefined],
    ["Docker Hub's pull limit, even with a short Retry-After", 429, { ...pullLimit, 'retry-after': '2' }, undefined],
    ['a spent quota that resets within the cap', 429, { 'ratelimit-limit': '10;w=60', 'ratelimit-remaining': '0', 'ratelimit-reset': '3', 'retry-after': '3' }, 3000],
    ['quota left, asking for 1 s', 429, { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '5;w=21600', 'retry-after': '1' }, 1000],
    ['a 404', 404, { 'retry-after': '1' }, undefined],
  ];
  it.each(answers)('retryDelayAfter(%s) is %s ms', (_name, status, headers, want) => {
    expect(retryDelayAfter(status, new Headers(headers), 2, NOW)).toBe(want);
  });

  it('names the try and the wait in the trace note', () => {
    expect(retryNote(2, 3, 1000)).toBe('retry 2 of 3 after 1 s');
    expect(retryNote(3, 3, 1500)).toBe('retry 3 of 3 after 1.5 s');
  });

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort(new Error('user left'));
    await expect(waiting).rejects.toThrow('user left');
  });
});

describe('RegistryClient retries', () => {
  function setup(answers: Array<() => Response>) {
    const waits: number[] = [];
    const trace: TraceEntry[] = [];
    let sent = 0;
    const net = new FakeNetwork().on(`https://${REGISTRY}`, () => {
      const answer = answers[Math.min(sent, answers.length - 1)];
      sent++;
      return answer();
    });
    const client = new RegistryClient({
      fetch: net.fetch,
      tokenCache: new TokenCache(),
      trace: (entry) => trace.push(entry),
      sleep: async (ms) => void waits.push(ms),
    });
    return { client, waits, trace, sent: () => sent };
  }
  const unavailable = () => errorAnswer(503, 'UNAVAILABLE', 'try later');

  it('sends again after a 503 and shows each try in the trace', async () => {
    const { client, waits, trace } = setup([unavailable, () => manifestAnswer(MANIFEST)]);
    const response = await client.request(REGISTRY, PATH, { repository: REPO });
    expect(await response.text()).toBe(MANIFEST);
    expect(waits).toEqual([1000]);
    expect(trace.map((t) => `${t.status} ${t.note ?? ''}`.trim())).toEqual(['503', '200 retry 2 of 3 after 1 s']);
  });

  it('waits as long as Retry-After says on a 429', async () => {
    const limited = () => errorAnswer(429, 'TOOMANYREQUESTS', 'slow down', { 'retry-after': '2' });
    const { client, waits, trace } = setup([limited, () => manifestAnswer(MANIFEST)]);
    await client.request(REGISTRY, PATH, { repository: REPO });
    expect(waits).toEqual([2000]);
    expect(trace[1].note).toBe('retry 2 of 3 after 2 s');
  });

  it('gives up after 3 tries with the last answer’s error', async () => {
    const { client, waits, trace, sent } = setup([unavailable]);
    const err = await client.request(REGISTRY, PATH, { repository: REPO }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect(err).toMatchObject({ httpStatus: 503 });
    expect(sent()).toBe(3);
    expect(waits).toEqual([1000, 2000]);
    expect(trace.map((t) => t.note)).toEqual([undefined, 'retry 2 of 3 after 1 s', 'retry 3 of 3 after 2 s']);
  });

  it("fails at once on Docker Hub's pull limit, saying whose quota is spent", async () => {
    const limited = () =>
      errorAnswer(429, 'TOOMANYREQUESTS', 'You have reached your unauthenticated pull rate limit.', {
        'ratelimit-limit': '100;w=21600',
        'ratelimit-remaining': '0;w=21600',
        'docker-ratelimit-source': '203.0.113.7',
      });
    const { client, waits, sent, trace } = setup([limited]);
    const err = await client.request(REGISTRY, PATH, { repository: REPO }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect(sent(), `got ${sent()} requests, want 1`).toBe(1);
    expect(waits).toEqual([]);
    expect(trace.map((t) => t.note)).toEqual([undefined]);
    expect((err as RegistryError).message).toBe('rate limited by registry.test: 0 of 100 pulls left in this 6 h window');
    expect((err as RegistryError).suggestion).toContain("the quota of the server's address (203.0.113.7, as the registry reports it)");
  });

  it('does not retry a 429 without Retry-After', async () => {
    const { client, sent } = setup([() => errorAnswer(429, 'TOOMANYREQUESTS', 'slow down')]);
    await client.request(REGISTRY, PATH, { repository: REPO }).catch(() => undefined);
    expect(sent()).toBe(1);
  });

  it('does not retry a 429 whose Retry-After is beyond the cap', async () => {
    const { client, sent } = setup([() => errorAnswer(429, 'TOOMANYREQUESTS', 'pull rate limit', { 'retry-after': '21600' })]);
    const err = await client.request(REGISTRY, PATH, { repository: REPO }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TOOMANYREQUESTS' });
    expect(sent()).toBe(1);
  });

  it.each([
    ['404', () => errorAnswer(404, 'MANIFEST_UNKNOWN', 'manifest unknown')],
    ['403', () => errorAnswer(403, 'DENIED', 'denied')],
    ['400', () => errorAnswer(400, 'NAME_INVALID', 'bad name')],
    ['501', () => errorAnswer(501, 'UNSUPPORTED', 'no')],
  ])('does not retry a %s', async (_name, answer) => {
    const { client, sent, waits } = setup([answer]);
    await client.request(REGISTRY, PATH, { repository: REPO }).catch(() => undefined);
    expect(sent()).toBe(1);
    expect(waits).toEqual([]);
  });

  it('retries a connection reset but not a host that does not exist', async () => {
    const waits: number[] = [];
    let tries = 0;
    const reset: typeof fetch = async () => {
      tries++;
      if (tries === 1) throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
      return manifestAnswer(MANIFEST);
    };
    const trace: TraceEntry[] = [];
    const client = new RegistryClient({ fetch: reset, tokenCache: new TokenCache(), trace: (e) => trace.push(e), sleep: async (ms) => void waits.push(ms) });
    expect(await (await client.request(REGISTRY, PATH, { repository: REPO })).text()).toBe(MANIFEST);
    expect(trace.map((t) => t.status)).toEqual([0, 200]);
    expect(trace[1].note).toBe('retry 2 of 3 after 1 s');

    const net = new FakeNetwork(); // answers ENOTFOUND for every host
    const nowhere = new RegistryClient({ fetch: net.fetch, tokenCache: new TokenCache(), sleep: async (ms) => void waits.push(ms) });
    await expect(nowhere.request(REGISTRY, PATH, { repository: REPO })).rejects.toBeInstanceOf(UnreachableError);
    expect(net.requests).toHaveLength(1);
  });

  it('keeps an SSRF refusal raised inside fetch as HostNotAllowedError, and does not retry it', async () => {
    let tries = 0;
    const refusing: typeof fetch = async () => {
      tries++;
      throw new TypeError('fetch failed', { cause: new HostNotAllowedError({ host: REGISTRY, address: '127.0.0.1', classification: 'loopback' }) });
    };
    const trace: TraceEntry[] = [];
    const client = new RegistryClient({ fetch: refusing, tokenCache: new TokenCache(), trace: (e) => trace.push(e), sleep: async () => {} });
    const err = await client.request(REGISTRY, PATH, { repository: REPO }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostNotAllowedError);
    expect(tries).toBe(1);
    expect(trace[0].note).toContain('127.0.0.1, a loopback address');
  });

  it('retries the token request too', async () => {
    const waits: number[] = [];
    let tokenTries = 0;
    const net = new FakeNetwork()
      .on(`https://${REGISTRY}`, (req) =>
        req.headers.get('authorization') === 'Bearer t1' ? manifestAnswer(MANIFEST) : challengeAnswer(`Bearer realm="https://auth.test/token",service="${REGISTRY}"`),
      )
      .on('https://auth.test', () => (++tokenTries === 1 ? errorAnswer(502, 'UNKNOWN', 'bad gateway') : Response.json({ token: 't1' })));
    const trace: TraceEntry[] = [];
    const client = new RegistryClient({ fetch: net.fetch, tokenCache: new TokenCache(), trace: (e) => trace.push(e), sleep: async (ms) => void waits.push(ms) });
    expect(await (await client.request(REGISTRY, PATH, { repository: REPO })).text()).toBe(MANIFEST);
    expect(trace.map((t) => `${t.kind}:${t.status}`)).toEqual(['registry:401', 'token:502', 'token:200', 'registry:200']);
    expect(trace[2].note).toBe('retry 2 of 3 after 1 s');
  });
});
