/**
 * The pull trace against the real registries of the test bed: what the
 * proxy reports (401 → token → 200 with decoded claims, the 307 hop to the
 * CDN), the curl commands built from it, run for real, and tag paging.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentCache } from '@/lib/inspect/document-cache';
import { inspectImage } from '@/lib/inspect/inspect-image';
import { listTags, type TagsPage } from '@/lib/inspect/list-tags';
import { ProxyClient } from '@/lib/inspect/proxy-client';
import { parseReference } from '@/lib/reference';
import { decodeTrace, TRACE_HEADER } from '@/lib/registry/proxy-protocol';
import type { TraceEntry } from '@/lib/registry/trace';
import { CREDENTIALS_PLACEHOLDER, curlFor } from '@/lib/trace/curl';
import { shellQuote } from '@/lib/trace/shell-quote';
import { inProcessProxyFetch } from '../support/in-process-proxy';
import { loadTestBed } from '../support/test-bed';
import { startTagPagingRegistry, type TagPagingRegistry } from '../support/tag-paging-registry';

const bed = loadTestBed();
const alice = { username: bed.token.username, password: bed.token.password };
const JWT_SHAPE = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/;

function client(trace: TraceEntry[], credentials?: { username: string; password: string }) {
  return new ProxyClient({ fetch: inProcessProxyFetch, credentials, onTrace: (entries) => trace.push(...entries) });
}

function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${stderr.trim()}`, { cause: error }));
      else resolve(stdout);
    });
  });
}

/** Runs a trace's curl command in bash, the credentials put in for the placeholder here only. */
function runCurl(command: string, credentials?: { username: string; password: string }): Promise<string> {
  const withCreds = credentials ? command.replaceAll(CREDENTIALS_PLACEHOLDER, shellQuote(`${credentials.username}:${credentials.password}`)) : command;
  return run('bash', ['-c', `set -euo pipefail\n${withCreds}`]);
}

describe('the trace of a token-auth pull', () => {
  it('shows 401 → token → 200, the decoded claims, and no token or password anywhere', async () => {
    const trace: TraceEntry[] = [];
    const ref = parseReference(`${bed.token.host}/private/secret:v1`);
    const state = await inspectImage(ref, { client: client(trace, alice) });
    expect(state.resolvedDigest).toBe(bed.images['private/secret:v1'].digest);

    expect(trace.slice(0, 3).map((t) => `${t.kind}:${t.status}`)).toEqual(['registry:401', 'token:200', 'registry:200']);
    expect(trace[0].responseHeaders['www-authenticate']).toContain(`realm="${bed.token.realm}"`);
    const token = trace[1].token;
    expect(token?.claims).toMatchObject({
      sub: alice.username,
      aud: bed.token.service,
      access: [{ type: 'repository', name: 'private/secret', actions: ['pull'] }],
    });
    const claims = token!.claims as { iat: number; exp: number; nbf: number; iss: string };
    expect(claims.exp - claims.iat, `got a lifetime of ${claims.exp - claims.iat} s, want expires_in ${token!.expiresInSeconds}`).toBe(
      token!.expiresInSeconds,
    );
    expect(typeof claims.iss).toBe('string');
    expect(token?.header).toMatchObject({ alg: 'RS256', typ: 'JWT', x5c: '1 certificate (not shown)' });
    expect(token?.url).toContain(`${bed.token.realm}?service=${bed.token.service}&scope=`);
    // Every later request carries the (cached) token, and says which one; before each, the exchanges that got it come
    // again, marked earlier (the page's trace log shows them once).
    const later = trace.slice(2);
    for (const entry of later.filter((e) => !e.earlier)) expect(entry.token?.claims).toEqual(token?.claims);
    const earlier = later.filter((e) => e.earlier);
    expect(earlier.length).toBeGreaterThan(0);
    for (const entry of earlier) expect([trace[0], trace[1]]).toContainEqual({ ...entry, earlier: undefined });

    const serialized = JSON.stringify(trace);
    expect(serialized).not.toMatch(JWT_SHAPE);
    expect(serialized).not.toContain(alice.password);
    expect(serialized).not.toContain(btoa(`${alice.username}:${alice.password}`));
  });

  it('keeps the token out of the trace header of an anonymous pull too', async () => {
    const response = await inProcessProxyFetch(`/api/registry/${encodeURIComponent(bed.token.host)}/v2/test/multi/manifests/v1`);
    expect(response.status).toBe(200);
    const decoded = JSON.stringify(decodeTrace(response.headers.get(TRACE_HEADER)));
    expect(decoded).toContain('"kind":"token"');
    expect(decoded).not.toMatch(JWT_SHAPE);
  });
});

describe('the trace of a Basic registry', () => {
  it('shows its 401 once: later requests with the same credentials send them up front, as Docker does', async () => {
    const creds = { username: bed.basic.username, password: bed.basic.password };
    const ref = parseReference(`${bed.basic.host}/test/docker:v1`);
    // The first pull of this server process may meet the challenge; the one after it does not.
    await inspectImage(ref, { client: client([], creds) });
    const trace: TraceEntry[] = [];
    const state = await inspectImage(ref, { client: client(trace, creds) });
    expect(state.config?.check.ok).toBe(true);
    const registry = trace.filter((t) => t.kind === 'registry');
    expect(registry.map((t) => t.status)).toEqual(registry.map(() => 200));
    expect(registry.map((t) => t.note)).toEqual(registry.map(() => 'Basic credentials sent up front: this registry asked for them before'));
    // Other credentials are not sent up front: nobody learns which credentials were used before. A wrong password meets the
    // challenge, is sent once, and is refused.
    const wrong: TraceEntry[] = [];
    const err = await inspectImage(ref, { client: client(wrong, { ...creds, password: 'wrong' }) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'AUTH_FAILED' });
    expect(wrong.filter((t) => t.kind === 'registry').map((t) => t.status)).toEqual([401, 401]);
  });
});

describe('the trace of a redirecting registry', () => {
  it('shows the 307 hop to the CDN host, with Authorization sent to the registry only', async () => {
    const trace: TraceEntry[] = [];
    const ref = parseReference(`${bed.redirect.host}/test/layers:v1`);
    const c = client(trace);
    const state = await inspectImage(ref, { client: c });
    const layer = state.manifest!.view.layers[0];
    trace.length = 0;
    const response = await c.getBlob({ apiHost: ref.apiHost, repository: ref.repository }, layer.digest);
    expect(sha256(new Uint8Array(await response.arrayBuffer()))).toBe(layer.digest);

    const cdnHost = new URL(bed.redirect.cdnOrigin).host;
    const redirectAt = trace.findIndex((t) => t.status === 307);
    expect(redirectAt, `got statuses ${trace.map((t) => t.status)}, want a 307`).toBeGreaterThanOrEqual(0);
    const [registryHop, cdnHop] = trace.slice(redirectAt, redirectAt + 2);
    expect(registryHop.kind).toBe('registry');
    expect(registryHop.requestHeaders.Authorization).toBe('Bearer <redacted>');
    expect(new URL(registryHop.responseHeaders.location).host).toBe(cdnHost);
    expect(registryHop.note).toContain(`redirect to ${cdnHost}`);
    expect(cdnHop.kind).toBe('redirect');
    expect(new URL(cdnHop.url).host).toBe(cdnHost);
    expect(cdnHop.status).toBe(200);
    expect(Object.keys(cdnHop.requestHeaders).map((h) => h.toLowerCase())).not.toContain('authorization');
    expect(cdnHop.token).toBeUndefined();
  });
});

describe('the curl commands of the trace, run against the test registries', () => {
  type Case = { name: string; image: string; host: string; credentials?: { username: string; password: string } };
  const cases: Case[] = [
    { name: 'token registry, private image, credentials', image: 'private/secret:v1', host: bed.token.host, credentials: alice },
    { name: 'redirecting registry (blob via the CDN)', image: 'test/layers:v1', host: bed.redirect.host },
    { name: 'Basic registry', image: 'test/docker:v1', host: bed.basic.host, credentials: { username: bed.basic.username, password: bed.basic.password } },
    { name: 'index on the anonymous registry', image: 'test/multi:v1', host: bed.anonymous.host },
  ];

  it.each(cases)('$name: every manifest and blob command hashes to its digest', async ({ image, host, credentials }) => {
    const trace: TraceEntry[] = [];
    const ref = parseReference(`${host}/${image}`);
    const c = client(trace, credentials);
    const state = await inspectImage(ref, { client: c });
    const layer = state.manifest!.view.layers[0];
    await (await c.getBlob({ apiHost: ref.apiHost, repository: ref.repository }, layer.digest)).arrayBuffer();

    // Each document and blob the pull fetched, with the digest that named it.
    const wanted = new Map<string, string>([[`/manifests/${ref.tag}`, state.resolvedDigest!]]);
    if (state.index) wanted.set(`/manifests/${state.manifest!.view.digest}`, state.manifest!.view.digest);
    wanted.set(`/blobs/${state.config!.check.computed}`, state.config!.check.computed);
    wanted.set(`/blobs/${layer.digest}`, layer.digest);

    const ctx = { credentialed: credentials !== undefined };
    const checked: string[] = [];
    for (const entry of trace) {
      if (entry.kind !== 'registry' || entry.method !== 'GET' || entry.status >= 400) continue;
      const path = new URL(entry.url).pathname;
      const key = [...wanted.keys()].find((k) => path.endsWith(k));
      if (!key) continue;
      const command = curlFor(entry, ctx);
      expect(command).not.toContain(credentials?.password ?? '\0');
      const output = await runCurl(command, credentials);
      const hex = output.trim().split(/\s+/)[0];
      expect(`sha256:${hex}`, `command:\n${command}\ngot ${hex}, want ${wanted.get(key)}`).toBe(wanted.get(key));
      checked.push(key);
    }
    expect(new Set(checked)).toEqual(new Set(wanted.keys()));
  });

  it('the token command answers a token for the traced scope', async () => {
    const trace: TraceEntry[] = [];
    // The redirecting registry shares the token server; no other test asks it for this scope, so no token is cached.
    await inspectImage(parseReference(`${bed.redirect.host}/private/secret:v1`), { client: client(trace, alice) });
    const tokenEntry = trace.find((t) => t.kind === 'token' && t.status === 200);
    expect(tokenEntry, `got ${trace.map((t) => `${t.kind}:${t.status}`)}, want a token exchange`).toBeDefined();
    const command = curlFor(tokenEntry!, { credentialed: true });
    expect(command).toContain(`-u ${CREDENTIALS_PLACEHOLDER}`);
    const answer = JSON.parse(await runCurl(command, alice)) as { token: string };
    const claims = JSON.parse(Buffer.from(answer.token.split('.')[1], 'base64url').toString('utf8'));
    expect(claims.access).toEqual([{ type: 'repository', name: 'private/secret', actions: ['pull'] }]);
  });
});

describe('resolving a tag with HEAD', () => {
  it('re-inspects a cached tag with a HEAD and no manifest GET, with the same result', async () => {
    const cache = new DocumentCache();
    const ref = parseReference(`${bed.token.host}/test/multi:v1`);
    const first = await inspectImage(ref, { client: client([]), documentCache: cache });
    expect(first.fetched?.top).toBe('registry');

    const trace: TraceEntry[] = [];
    const second = await inspectImage(ref, { client: client(trace), documentCache: cache });
    expect(second.resolvedDigest).toBe(first.resolvedDigest);
    expect(second.config?.check.ok).toBe(true);
    expect(second.config?.check.computed).toBe(first.config?.check.computed);
    expect(second.fetched).toMatchObject({ top: 'head-then-cache', manifest: 'cache', config: 'cache' });
    expect(second.fetched?.note).toContain('HEAD does not count as a pull');
    const registryRequests = trace.filter((t) => t.kind === 'registry' && t.status < 400).map((t) => `${t.method} ${new URL(t.url).pathname}`);
    expect(registryRequests).toEqual(['HEAD /v2/test/multi/manifests/v1']);
  });

  it('fetches again when the tag now names a digest that is not cached', async () => {
    const cache = new DocumentCache();
    const location = { apiHost: bed.anonymous.host, repository: 'test/multi' };
    await inspectImage(parseReference(`${bed.anonymous.host}/test/docker:v1`), { client: client([]), documentCache: cache });
    // Another repository's documents do not make a HEAD worthwhile.
    expect(cache.knowsRepository(location)).toBe(false);
    const trace: TraceEntry[] = [];
    const state = await inspectImage(parseReference(`${bed.anonymous.host}/test/multi:v1`), { client: client(trace), documentCache: cache });
    expect(state.fetched?.top).toBe('registry');
    expect(trace.map((t) => t.method)).not.toContain('HEAD');
  });
});

describe('tags, paged with the Link header', () => {
  const repository = 'test/paged-tags';
  const tags = ['a1', 'a2', 'b1', 'b2', 'c1', 'c2', 'd1'];
  const fronts: TagPagingRegistry[] = [];
  const paged: Record<string, string> = {};

  beforeAll(async () => {
    // The bed's registries share one storage, so tags pushed to the anonymous one appear on all.
    for (const tag of tags) {
      await run('skopeo', [
        'copy',
        '--src-tls-verify=false',
        '--dest-tls-verify=false',
        `docker://${bed.anonymous.host}/test/docker:v1`,
        `docker://${bed.anonymous.host}/${repository}:${tag}`,
      ]);
    }
    for (const [name, host] of [
      ['anonymous', bed.anonymous.host],
      ['token', bed.token.host],
    ]) {
      const front = await startTagPagingRegistry(host);
      fronts.push(front);
      paged[name] = front.host;
    }
  });

  afterAll(async () => {
    await Promise.all(fronts.map((front) => front.close()));
  });

  it.each(['anonymous', 'token'])(
    'lists every tag of a %s registry that pages, three per page, following the next links through the proxy',
    async (name) => {
      const trace: TraceEntry[] = [];
      const pages: TagsPage[] = [];
      for await (const page of listTags(client(trace), { apiHost: paged[name], repository }, { pageSize: 3 })) pages.push(page);

      // Each page says whether another follows: the last one, with no next link, says none does.
      expect(pages).toEqual([
        { tags: ['a1', 'a2', 'b1'], more: true, repeated: 0 },
        { tags: ['b2', 'c1', 'c2'], more: true, repeated: 0 },
        { tags: ['d1'], more: false, repeated: 0 },
      ]);
      const listed = trace.filter((t) => t.kind === 'registry' && t.status === 200).map((t) => new URL(t.url).search);
      expect(listed).toEqual(['?n=3', '?n=3&last=b1', '?n=3&last=c2']);
    },
  );

  it.each([
    ['anonymous', bed.anonymous.host],
    ['token', bed.token.host],
  ])('lists every tag of the %s registry, which answers them all at once', async (_name, host) => {
    const pages: TagsPage[] = [];
    for await (const page of listTags(client([]), { apiHost: host, repository }, { pageSize: 3 })) pages.push(page);
    // docker-registry 2.8 ignores n and answers one unordered page, with no next link.
    expect(pages.flatMap((p) => p.tags).sort()).toEqual(tags);
    expect(pages.map((p) => p.more)).toEqual([false]);
  });

  it('passes the registry-relative Link header through the proxy unchanged', async () => {
    const response = await inProcessProxyFetch(`/api/registry/${encodeURIComponent(paged.anonymous)}/v2/${repository}/tags/list?n=2&last=a2`);
    expect(response.status).toBe(200);
    expect(response.headers.get('link')).toBe(`</v2/${repository}/tags/list?last=b2&n=2>; rel="next"`);
    expect(((await response.json()) as { tags: string[] }).tags).toEqual(['b1', 'b2']);
  });

  it('each tag page command returns the same page', async () => {
    const trace: TraceEntry[] = [];
    const iterator = listTags(client(trace), { apiHost: paged.anonymous, repository }, { pageSize: 3 });
    await iterator.next();
    const second = ((await iterator.next()).value as TagsPage).tags;
    await iterator.return(undefined);
    const entry = trace.filter((t) => t.status === 200)[1];
    const answer = JSON.parse(await runCurl(curlFor(entry, { credentialed: false })));
    expect(answer.tags).toEqual(second);
  });
});
