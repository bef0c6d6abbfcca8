/**
 * A registry cannot make the proxy fetch through itself. The registry here
 * answers every referrers request with a redirect to the proxy's own URL for
 * the next level (`?d=N+1`), as a hostile registry would; the proxy is served
 * over HTTP so that the redirect really reaches it. Each level would be a
 * new proxy request holding an upstream slot while it waits for the next.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configureUpstream, upstream } from '@/app/api/_server/upstream';
import { sha256Digest } from '@/lib/digest';
import { decodeTrace, TRACE_HEADER } from '@/lib/registry/proxy-protocol';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream';
import { inProcessProxyFetch } from '../support/in-process-proxy';
import { startProxyServer, type ProxyServer } from '../support/proxy-server';
import { loadTestBed } from '../support/test-bed';

const bed = loadTestBed();
const SUBJECT = `sha256:${'c'.repeat(64)}`;
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

let proxy: ProxyServer;
let registry: FakeUpstream;
// How deep the registry redirects before it answers: past what the tests' upstream bound allows.
let levels = 0;

beforeAll(async () => {
  proxy = await startProxyServer();
  registry = await startFakeUpstream((req, res) => {
    const url = new URL(req.url ?? '/', 'http://registry.invalid');
    const depth = Number(url.searchParams.get('d') ?? '0');
    if (depth >= levels) {
      res.writeHead(200, { 'content-type': OCI_INDEX }).end(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] }));
      return;
    }
    const next = `${proxy.origin}/api/registry/${registry.host}/v2/loop/x/referrers/${SUBJECT}?d=${depth + 1}`;
    res.writeHead(307, { location: next }).end();
  });
});
afterAll(async () => {
  await Promise.all([proxy.close(), registry.close()]);
});
afterEach(async () => {
  await configureUpstream();
});

async function errorOf(response: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, ...body.error };
}

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 10));
}

describe('a registry that redirects into the proxy', () => {
  it('ends after one refused hop, with a loop error, not by fetching level after level', async () => {
    levels = 3;
    const before = registry.requests.length;
    const response = await inProcessProxyFetch(`/api/registry/${registry.host}/v2/loop/x/referrers/${SUBJECT}`);
    expect(await errorOf(response)).toMatchObject({ status: 508, code: 'REQUEST_LOOP' });
    expect(response.headers.get('cache-control')).toBe('no-store');
    // The registry saw the first request only; the proxy saw the redirected one, and refused it without going upstream.
    expect(registry.requests.length - before, 'requests the registry received').toBe(1);
    expect(proxy.requests).toHaveLength(1);
    expect(proxy.requests[0].headers['cdn-loop']).toBe('pullscope');
    const trace = decodeTrace(response.headers.get(TRACE_HEADER));
    expect(trace.map((t) => [t.status, t.kind])).toEqual([
      [307, 'registry'],
      [508, 'redirect'],
    ]);
    await waitFor(() => upstream().load.active === 0);
  });

  it('leaves the other users their upstream slots', async () => {
    levels = Number.MAX_SAFE_INTEGER;
    proxy.requests.length = 0;
    await configureUpstream({ maxConcurrent: 2 });
    const image = bed.images['test/layers:v1'];
    const [attack, ordinary] = await Promise.all([
      inProcessProxyFetch(`/api/registry/${registry.host}/v2/loop/x/referrers/${SUBJECT}`),
      inProcessProxyFetch(`/api/registry/${bed.anonymous.host}/v2/test/layers/manifests/${image.digest}`),
    ]);
    expect(await errorOf(attack)).toMatchObject({ status: 508, code: 'REQUEST_LOOP' });
    expect(ordinary.status).toBe(200);
    expect(await sha256Digest(new Uint8Array(await ordinary.arrayBuffer()))).toBe(image.digest);
    expect(proxy.requests).toHaveLength(1);
    await waitFor(() => upstream().load.active === 0);
  });

  it('refuses a request that arrives with the loop marker among other ids', async () => {
    const before = registry.requests.length;
    const response = await inProcessProxyFetch(`/api/registry/${registry.host}/v2/loop/x/referrers/${SUBJECT}`, {
      headers: { 'cdn-loop': 'cdn.example; depth=1, Pullscope' },
    });
    expect(await errorOf(response)).toMatchObject({ status: 508, code: 'REQUEST_LOOP' });
    expect(registry.requests.length - before).toBe(0);
  });
});
