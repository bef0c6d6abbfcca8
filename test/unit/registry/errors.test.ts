import { describe, expect, it } from 'vitest';
import { DigestMismatchError } from '@/lib/digest';
import { PullscopeError } from '@/lib/errors';
import {
  AuthError,
  BadChallengeError,
  ContentEncodingError,
  BadTokenResponseError,
  errorFromWire,
  HeadersTooLargeError,
  HostNotAllowedError,
  NotARegistryError,
  parseRegistryErrorBody,
  parseRetryAfter,
  RegistryError,
  RequestLoopError,
  TooManyRedirectsError,
  UnreachableError,
} from '@/lib/registry/errors';

const DIST = { 'docker-distribution-api-version': 'registry/2.0' };

describe('parseRegistryErrorBody', () => {
  it('reads the first distribution error and keeps the others in detail', () => {
    const body = JSON.stringify({
      errors: [
        { code: 'DENIED', message: 'requested access to the resource is denied', detail: { repo: 'x' } },
        { code: 'UNAUTHORIZED', message: 'second' },
      ],
    });
    const err = parseRegistryErrorBody(403, new Headers(DIST), body, 'registry.test', { repository: 'team/app' });
    expect(err).toBeInstanceOf(RegistryError);
    expect(err).toMatchObject({
      code: 'DENIED',
      httpStatus: 403,
      status: 403,
      registryMessage: 'requested access to the resource is denied',
      detail: { detail: { repo: 'x' }, more: [{ code: 'UNAUTHORIZED', message: 'second', detail: undefined }] },
    });
  });

  const inferred: { name: string; status: number; body: string; headers: Record<string, string>; target?: 'manifest' | 'blob' | 'tags'; code: string; message: string }[] = [
    { name: 'bodiless manifest 404', status: 404, body: '', headers: DIST, target: 'manifest', code: 'MANIFEST_UNKNOWN', message: '' },
    { name: 'bodiless blob 404', status: 404, body: '', headers: DIST, target: 'blob', code: 'BLOB_UNKNOWN', message: '' },
    { name: 'plain-text 429', status: 429, body: 'slow down', headers: {}, code: 'TOOMANYREQUESTS', message: 'slow down' },
    { name: 'plain-text 401', status: 401, body: 'no', headers: DIST, code: 'UNAUTHORIZED', message: 'no' },
    { name: 'JSON without errors', status: 500, body: '{"message":"db down"}', headers: DIST, code: 'UNKNOWN', message: 'db down' },
    { name: 'HTML 500 (no words kept)', status: 500, body: '<html>oops</html>', headers: { 'content-type': 'text/html' }, code: 'UNKNOWN', message: '' },
    { name: 'lowercase code', status: 404, body: '{"errors":[{"code":"manifest_unknown"}]}', headers: DIST, code: 'MANIFEST_UNKNOWN', message: '' },
  ];

  it.each(inferred)('infers $code from a $name', ({ status, body, headers, target, code, message }) => {
    const err = parseRegistryErrorBody(status, new Headers(headers), body, 'registry.test', { target, reference: 'v1' });
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as RegistryError).code).toBe(code);
    expect((err as RegistryError).registryMessage).toBe(message);
  });

  it('reads an errors list without codes (Artifactory) as the registry\'s not-found, with its words', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const body = JSON.stringify({ errors: [{ status: 404, message: `Could not find blob ${digest}` }] });
    const headers = new Headers({ 'content-type': 'application/json' });
    const err = parseRegistryErrorBody(404, headers, body, 'artifactory.test', { target: 'blob', repository: 'team/app', reference: digest });
    expect(err).toBeInstanceOf(RegistryError);
    expect(err).toMatchObject({ code: 'BLOB_UNKNOWN', httpStatus: 404, registryMessage: `Could not find blob ${digest}` });
    expect(err.message).toBe(`blob ${digest} not found in artifactory.test/team/app: Could not find blob ${digest}`);
    expect(err.suggestion).toContain('The registry does not hold a blob the image names');
  });

  const wordless = [
    { name: 'an empty errors list', body: '{"errors":[]}' },
    { name: 'an entry with a status only', body: '{"errors":[{"status":404}]}' },
  ];
  it.each(wordless)('reads $name on a 404 as the registry\'s not-found, not a stray server', ({ body }) => {
    const headers = new Headers({ 'content-type': 'application/json' });
    const err = parseRegistryErrorBody(404, headers, body, 'registry.test', { target: 'manifest', repository: 'team/app', reference: 'v1' });
    expect(err, `got ${err.constructor.name} (${err.message}), want a RegistryError`).toBeInstanceOf(RegistryError);
    expect(err).toMatchObject({ code: 'MANIFEST_UNKNOWN', httpStatus: 404, registryMessage: '' });
    const bodiless = parseRegistryErrorBody(404, new Headers(DIST), '', 'registry.test', { target: 'manifest', repository: 'team/app', reference: 'v1' });
    expect(err.message).toBe(bodiless.message);
    expect(err.suggestion).toBe(bodiless.suggestion);
  });

  it('leaves out the spec\'s stock words of a not-found code', () => {
    const body = JSON.stringify({ errors: [{ code: 'BLOB_UNKNOWN', message: 'blob unknown to registry' }] });
    const err = parseRegistryErrorBody(404, new Headers(DIST), body, 'registry.test', { target: 'blob', repository: 'team/app', reference: 'sha256:1' });
    expect(err.message).toBe('blob sha256:1 not found in registry.test/team/app');
  });

  it('truncates a long plain-text body in the message', () => {
    const err = parseRegistryErrorBody(502, new Headers(), 'x'.repeat(1000), 'registry.test') as RegistryError;
    expect(err.registryMessage).toBe(`${'x'.repeat(200)}…`);
  });

  it('never calls a redirect target or a token server "not a registry"', () => {
    const html = '<html>nope</html>';
    const headers = new Headers({ 'content-type': 'text/html' });
    expect(parseRegistryErrorBody(404, headers, html, 'cdn.test', { viaRedirect: true })).toBeInstanceOf(RegistryError);
    expect(parseRegistryErrorBody(404, headers, html, 'auth.test', { target: 'token' })).toBeInstanceOf(RegistryError);
    expect(parseRegistryErrorBody(404, headers, html, 'registry.test')).toBeInstanceOf(NotARegistryError);
  });
});

describe('a rate limit (TOOMANYREQUESTS)', () => {
  // Docker Hub's answer to a spent pull quota.
  const dockerHub = { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '0;w=21600', 'docker-ratelimit-source': '203.0.113.7' };
  const body = '{"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your unauthenticated pull rate limit."}]}';
  const cases: { name: string; headers: Record<string, string>; credentialed: boolean; message: string; suggestion: string[] }[] = [
    {
      name: 'anonymous: the quota of this server’s address, shared, as the registry names it',
      headers: dockerHub,
      credentialed: false,
      message: 'rate limited by docker.io: 0 of 100 pulls left in this 6 h window',
      suggestion: ['reach the registry from this Pullscope server', "the quota of the server's address (203.0.113.7, as the registry reports it), not yours", 'everyone who uses this server without credentials shares it', "Private repository' to pull on your own account's quota"],
    },
    {
      name: 'with credentials: the account’s quota',
      headers: dockerHub,
      credentialed: true,
      message: 'rate limited by docker.io: 0 of 100 pulls left in this 6 h window',
      suggestion: ["made with your credentials, so they count against your account's quota (the registry counts them for 203.0.113.7)"],
    },
    {
      name: 'a reset the registry states',
      headers: { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '0', 'ratelimit-reset': '8000' },
      credentialed: false,
      message: 'rate limited by docker.io: 0 of 100 pulls left in this 6 h window; it resets in 2 h 14 min',
      suggestion: ["the quota of the server's address, not yours"],
    },
    {
      name: 'only a Retry-After',
      headers: { 'retry-after': '3600' },
      credentialed: false,
      message: 'rate limited by docker.io: retry after 1 h',
      suggestion: ['this Pullscope server'],
    },
  ];
  it.each(cases)('says whose quota it is and when it comes back: $name', ({ headers, credentialed, message, suggestion }) => {
    const err = parseRegistryErrorBody(429, new Headers(headers), body, 'registry-1.docker.io', { repository: 'library/ubuntu', credentialed }) as RegistryError;
    expect(err.code).toBe('TOOMANYREQUESTS');
    expect(err.message).toBe(message);
    for (const words of suggestion) expect(err.suggestion, `got '${err.suggestion}', want it to hold '${words}'`).toContain(words);
    expect(err.suggestion).not.toContain('per IP address');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-01-01T00:00:00Z');
  const cases: [value: string | null, want: number | undefined][] = [
    ['30', 30],
    [' 0 ', 0],
    ['Mon, 01 Jan 2024 00:01:30 GMT', 90],
    ['Sun, 31 Dec 2023 23:00:00 GMT', 0],
    ['soon', undefined],
    ['-5', undefined],
    [null, undefined],
  ];
  it.each(cases)('reads %j as %j seconds', (value, want) => {
    expect(parseRetryAfter(value, now)).toBe(want);
  });
});

describe('errorFromWire', () => {
  const errors: { name: string; error: PullscopeError; type: abstract new (...args: never[]) => PullscopeError; fields: string[] }[] = [
    {
      name: 'RegistryError',
      error: new RegistryError({
        code: 'TOOMANYREQUESTS',
        httpStatus: 429,
        registry: 'registry-1.docker.io',
        registryMessage: 'You have reached your pull rate limit.',
        retryAfterSeconds: 21600,
        repository: 'library/ubuntu',
        reference: 'latest',
        detail: { limit: 100 },
        rateLimit: { limit: 100, remaining: 0, windowSeconds: 21600, source: '203.0.113.7' },
        credentialed: false,
      }),
      type: RegistryError,
      fields: ['httpStatus', 'registry', 'registryMessage', 'retryAfterSeconds', 'repository', 'reference', 'detail', 'rateLimit', 'credentialed', 'temporary'],
    },
    {
      name: 'RegistryError with a code outside the spec',
      error: new RegistryError({ code: 'QUOTA_EXCEEDED', httpStatus: 403, registry: 'r.test', registryMessage: 'quota' }),
      type: RegistryError,
      fields: ['httpStatus', 'registry', 'registryMessage', 'temporary'],
    },
    {
      name: 'AuthError AUTH_FAILED',
      error: new AuthError({ code: 'AUTH_FAILED', registry: 'ghcr.io', repository: 'o/i', registryMessage: 'denied', reason: 'second 401' }),
      type: AuthError,
      fields: ['registry', 'repository', 'registryMessage', 'reason'],
    },
    {
      name: 'AuthError AUTH_REQUIRED',
      error: new AuthError({ code: 'AUTH_REQUIRED', registry: 'ghcr.io', repository: 'o/i' }),
      type: AuthError,
      fields: ['registry', 'repository'],
    },
    {
      name: 'UnreachableError',
      error: UnreachableError.fromFetchFailure('nowhere.test', new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })),
      type: UnreachableError,
      fields: ['host', 'reason'],
    },
    {
      name: 'NotARegistryError',
      error: new NotARegistryError({ host: 'example.com', httpStatus: 200, contentType: 'text/html' }),
      type: NotARegistryError,
      fields: ['host', 'httpStatus', 'contentType'],
    },
    {
      name: 'TooManyRedirectsError',
      error: new TooManyRedirectsError({ url: 'https://r.test/v2/a/blobs/x', maxRedirects: 5 }),
      type: TooManyRedirectsError,
      fields: ['url', 'maxRedirects'],
    },
    {
      name: 'HostNotAllowedError',
      error: new HostNotAllowedError({ host: 'evil.test', address: '169.254.169.254', classification: 'link-local' }),
      type: HostNotAllowedError,
      fields: ['host', 'address', 'classification'],
    },
    {
      name: 'BadChallengeError',
      error: new BadChallengeError('Bearer realm="x', 'unterminated quoted string'),
      type: BadChallengeError,
      fields: ['header', 'reason'],
    },
    {
      name: 'BadTokenResponseError',
      error: new BadTokenResponseError({ realm: 'https://auth.test/token', reason: 'no token' }),
      type: BadTokenResponseError,
      fields: ['realm', 'reason'],
    },
    {
      name: 'HeadersTooLargeError',
      error: new HeadersTooLargeError({ host: 'registry.example', limit: 128 * 1024 }),
      type: HeadersTooLargeError,
      fields: ['host', 'limit'],
    },
    {
      name: 'ContentEncodingError (a coding not decoded)',
      error: new ContentEncodingError({ host: 'registry.example', encoding: 'zstd' }),
      type: ContentEncodingError,
      fields: ['host', 'encoding'],
    },
    {
      name: 'ContentEncodingError (a body not in its coding)',
      error: new ContentEncodingError({ host: 'registry.example', encoding: 'gzip', reason: 'incorrect header check' }),
      type: ContentEncodingError,
      fields: ['host', 'encoding', 'reason'],
    },
    {
      name: 'RequestLoopError (the hop that refused)',
      error: new RequestLoopError({ host: 'pullscope.example' }),
      type: RequestLoopError,
      fields: ['host'],
    },
    {
      name: 'RequestLoopError (refused here)',
      error: new RequestLoopError(),
      type: RequestLoopError,
      fields: ['host'],
    },
    {
      name: 'DigestMismatchError',
      error: new DigestMismatchError('manifest', `sha256:${'a'.repeat(64)}`, `sha256:${'b'.repeat(64)}`, 1234),
      type: DigestMismatchError,
      fields: ['want', 'got', 'bytes', 'subject'],
    },
  ];

  it.each(errors)('rebuilds $name from its JSON wire form', ({ error, type, fields }) => {
    const wire = JSON.parse(JSON.stringify({ error: error.toWire() })).error;
    const rebuilt = errorFromWire(wire, error.status);
    expect(rebuilt, `got ${rebuilt.constructor.name}, want ${type.name}`).toBeInstanceOf(type);
    expect(rebuilt).toBeInstanceOf(PullscopeError);
    expect({ code: rebuilt.code, message: rebuilt.message, suggestion: rebuilt.suggestion, status: rebuilt.status }).toEqual({
      code: error.code,
      message: error.message,
      suggestion: error.suggestion,
      status: error.status,
    });
    for (const field of fields) {
      const got = (rebuilt as unknown as Record<string, unknown>)[field];
      const want = (error as unknown as Record<string, unknown>)[field];
      expect(got, `field ${field}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`).toEqual(want);
    }
  });

  it('keeps an unknown code as a plain PullscopeError with the response status', () => {
    const rebuilt = errorFromWire({ code: 'BAD_REFERENCE', message: 'invalid reference', suggestion: 'fix it' }, 400);
    expect(rebuilt).toBeInstanceOf(PullscopeError);
    expect(rebuilt).toMatchObject({ code: 'BAD_REFERENCE', message: 'invalid reference', suggestion: 'fix it', status: 400 });
  });

  it('falls back to a plain PullscopeError when a known code lacks its fields', () => {
    const rebuilt = errorFromWire({ code: 'HOST_NOT_ALLOWED', message: 'refused', suggestion: '' }, 403);
    expect(rebuilt).not.toBeInstanceOf(HostNotAllowedError);
    expect(rebuilt).toMatchObject({ code: 'HOST_NOT_ALLOWED', message: 'refused', status: 403 });
  });
});
