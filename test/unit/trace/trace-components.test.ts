import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PullTracePanel } from '@/components/trace/pull-trace-panel';
import { TokenClaims } from '@/components/trace/token-claims';
import { RateLimitPanel } from '@/components/trace/rate-limit';
import { HowAPullWorks } from '@/components/trace/how-a-pull-works';
import { RepeatedTagsNote, TagItem, tagUrl } from '@/components/trace/tags-panel';
import { parseReference } from '@/lib/reference';
import type { TraceEntry, TraceToken } from '@/lib/registry/trace';

const token: TraceToken = {
  url: 'https://auth.test/token?service=registry.test&scope=repository%3Ateam%2Fapp%3Apull',
  claims: { iss: 'auth.test', aud: 'registry.test', sub: 'alice', exp: 2, iat: 1, access: [{ type: 'repository', name: 'team/app', actions: ['pull'] }] },
  expiresAt: Date.now() + 300_000,
  expiresInSeconds: 300,
};

const entries: TraceEntry[] = [
  {
    id: 1,
    method: 'GET',
    url: 'https://registry.test/v2/team/app/manifests/v1',
    status: 401,
    startedAt: 0,
    durationMs: 4,
    requestHeaders: { Accept: 'application/vnd.oci.image.index.v1+json' },
    responseHeaders: { 'www-authenticate': 'Bearer realm="https://auth.test/token",service="registry.test"' },
    kind: 'registry',
  },
  {
    id: 2,
    method: 'GET',
    url: token.url!,
    status: 200,
    startedAt: 0,
    durationMs: 9,
    requestHeaders: { Accept: 'application/json', Authorization: 'Basic <redacted>' },
    responseHeaders: { 'content-type': 'application/json' },
    kind: 'token',
    token,
  },
  {
    id: 3,
    method: 'GET',
    url: `https://registry.test/v2/team/app/blobs/sha256:${'ab'.repeat(32)}`,
    status: 307,
    startedAt: 0,
    durationMs: 7,
    requestHeaders: { Authorization: 'Bearer <redacted>' },
    responseHeaders: { location: 'https://cdn.test/data?X-Amz-Signature=…' },
    kind: 'registry',
    token,
  },
];

function count(html: string, testId: string): number {
  return html.split(`data-testid="${testId}"`).length - 1;
}

describe('trace components', () => {
  it('render one row and one curl command per exchange, the hop to the CDN host, and the placeholder for credentials', () => {
    const html = renderToStaticMarkup(createElement(PullTracePanel, { entries, credentialed: true }));
    expect(count(html, 'pull-trace')).toBe(1);
    expect(count(html, 'trace-row')).toBe(3);
    expect(count(html, 'curl-command')).toBe(3);
    expect(html).toContain('the next hop goes to <span class="font-mono">cdn.test</span>');
    expect(html).toContain('-u USER:PASS');
  });

  it('render a registry’s header value with a control character in it as its escape', () => {
    // Bytes past ASCII in a header read as Latin-1: 0x9b is the C1 control CSI, an ANSI escape's start.
    const hostile: TraceEntry = { ...entries[1], responseHeaders: { 'content-type': 'application/json\u009b31m\u202e' } };
    const html = renderToStaticMarkup(createElement(PullTracePanel, { entries: [hostile], credentialed: false }));
    expect(html).toContain('application/json<span data-testid="hidden-character"');
    expect(html).toContain('>\\u009b</span>31m<span');
    expect(html).not.toMatch(/[\u009b\u202e]/);
  });

  it('render a body that broke off as cut after what arrived, not as its Content-Length', () => {
    const blob: TraceEntry = { ...entries[2], id: 1, status: 200, url: 'https://cdn.test/data', kind: 'redirect', responseHeaders: { 'content-length': '8192' } };
    const whole = renderToStaticMarkup(createElement(PullTracePanel, { entries: [blob], credentialed: false }));
    expect(count(whole, 'trace-cut')).toBe(0);
    expect(whole).toContain('8 KiB');
    const cut = renderToStaticMarkup(createElement(PullTracePanel, { entries: [{ ...blob, receivedBytes: 2048 }], credentialed: false }));
    expect(count(cut, 'trace-cut')).toBe(1);
    expect(cut).toMatch(/data-testid="trace-cut"[^>]*>cut off after 2 KiB of 8 KiB</);
  });

  it('render the token claims and access list', () => {
    const html = renderToStaticMarkup(createElement(TokenClaims, { token }));
    expect(count(html, 'token-claims')).toBe(1);
    expect(html).toContain('repository:team/app — pull');
    expect(html).toContain('min');
  });

  it('render a token with no access claim as not stating its grants, and an empty one as granting nothing', () => {
    const { access: _, ...withoutAccess } = token.claims!;
    const unstated = renderToStaticMarkup(createElement(TokenClaims, { token: { ...token, claims: withoutAccess } }));
    expect(count(unstated, 'token-access-unstated')).toBe(1);
    expect(count(unstated, 'token-access-none')).toBe(0);
    expect(unstated).not.toContain('refuse the pull');
    const empty = renderToStaticMarkup(createElement(TokenClaims, { token: { ...token, claims: { ...token.claims, access: [] } } }));
    expect(count(empty, 'token-access-none')).toBe(1);
    expect(count(empty, 'token-access-unstated')).toBe(0);
  });

  it('render the lifetime the token server stated when the proxy cut it to an hour', () => {
    const capped = renderToStaticMarkup(createElement(TokenClaims, { token: { ...token, expiresInSeconds: 3600, statedExpiresInSeconds: 1e12 } }));
    expect(capped).toMatch(/data-testid="token-lifetime-capped"[^>]*>The token server stated 1,000,000,000,000 s; Pullscope keeps and uses a token for 60 min at\s+most/);
    expect(count(renderToStaticMarkup(createElement(TokenClaims, { token })), 'token-lifetime-capped')).toBe(0);
  });

  it('render the rate limit sentence, and whose quota it is', () => {
    const rate = { limit: 100, remaining: 93, windowSeconds: 21600, source: '203.0.113.7' };
    const anonymous = renderToStaticMarkup(createElement(RateLimitPanel, { rate, credentialed: false }));
    expect(count(anonymous, 'rate-limit')).toBe(1);
    expect(anonymous).toContain('93 of 100 pulls left in this 6 h window');
    expect(anonymous).toContain('a HEAD request');
    expect(anonymous).toContain('from this Pullscope server');
    expect(anonymous).toContain('203.0.113.7, as the registry reports it');
    const signedIn = renderToStaticMarkup(createElement(RateLimitPanel, { rate, credentialed: true }));
    expect(signedIn).toContain('your account&#x27;s quota');
    expect(signedIn).not.toContain('Pullscope server');
  });

  it('explain a pull with links to the specs', () => {
    const html = renderToStaticMarkup(createElement(HowAPullWorks));
    expect(html).toContain('https://github.com/opencontainers/image-spec/blob/main/config.md#layer-chainid');
  });

  it.each([
    ['ubuntu', 'jammy', '/?image=docker.io%2Flibrary%2Fubuntu%3Ajammy'],
    ['127.0.0.1:5000/team/app@sha256:' + 'cd'.repeat(32), 'v2', '/?image=127.0.0.1%3A5000%2Fteam%2Fapp%3Av2'],
  ])('link a tag of %s to its view', (input, tag, want) => {
    expect(tagUrl(parseReference(input), tag)).toBe(want);
  });
});

describe('a listed tag', () => {
  const reference = parseReference('registry.test/team/app:v1');

  it('links a tag of the tag grammar to its view', () => {
    const html = renderToStaticMarkup(createElement(TagItem, { reference, tag: 'v1.2_rc-3' }));
    expect(count(html, 'tag-link')).toBe(1);
    expect(html).toContain('href="/?image=registry.test%2Fteam%2Fapp%3Av1.2_rc-3"');
  });

  it.each([
    ['markup', '<b>x</b>', '&lt;b&gt;x&lt;/b&gt;'],
    ['a format character', 'v1\u202egpj', 'v1\\u202egpj'],
    ['a leading dot', '.hidden', '.hidden'],
    ['too long', 'a'.repeat(129), 'a'.repeat(129)],
  ])('lists a name with %s unlinked, visible and marked', (_name, tag, shown) => {
    const html = renderToStaticMarkup(createElement(TagItem, { reference, tag: JSON.parse(`"${tag}"`) as string }));
    expect(count(html, 'tag-link')).toBe(0);
    expect(html).not.toContain('href=');
    expect(count(html, 'tag-invalid')).toBe(1);
    expect(html).toContain(shown);
    expect(html).toContain('(not a valid tag)');
  });

  it('says the registry repeated its page, and how many tags came again', () => {
    const html = renderToStaticMarkup(createElement(RepeatedTagsNote, { count: 2 }));
    expect(html).toContain('The registry repeated its page: 2 tags it had already listed came again');
  });
});
