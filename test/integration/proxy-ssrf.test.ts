/**
 * The proxy's SSRF defences, run through the real route handler and its
 * upstream (undici, the pinned connector): registry hosts, redirect hops and
 * token realms on loopback, private or metadata addresses are refused unless
 * the operator allows them; the address checked is the address connected
 * to; and only registry API paths can be reached at all. Counting servers
 * prove that a refused target never saw a connection.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/registry/[host]/v2/[...path]/route';
import { configureUpstream } from '@/app/api/_server/upstream';
import { sha256Digest } from '@/lib/digest';
import { decodeTrace, TRACE_HEADER } from '@/lib/registry/proxy-protocol';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream';
import { inProcessProxyFetch } from '../support/in-process-proxy';
import { loadTestBed } from '../support/test-bed';

const bed = loadTestBed();
const BLOB = `sha256:${'a'.repeat(64)}`;
const MULTI = bed.images['test/multi:v1'];

/** GET through the route with exact path segments (no URL normalization in between). */
function routeGet(host: string, segments: string[]): Promise<Response> {
  const request = new Request(`http://pullscope.test/api/registry/${encodeURIComponent(host)}/v2/${segments.join('/')}`);
  return GET(request, { params: Promise.resolve({ host, path: segments }) });
}

function viaProxy(host: string, apiPath: string): Promise<Response> {
  return inProcessProxyFetch(`/api/registry/${encodeURIComponent(host)}/v2/${apiPath}`);
}

async function errorOf(response: Response): Promise<{ status: number; code: string; classification?: string; address?: string }> {
  const body = (await response.json()) as { error: { code: string; classification?: string; address?: string } };
  return { status: response.status, ...body.error };
}

// A server on 127.0.0.2: loopback, but not the 127.0.0.1 the tests allow.
let forbidden: FakeUpstream;
beforeAll(async () => {
  forbidden = await startFakeUpstream((_req, res) => res.end('secret'), '127.0.0.2');
});
afterAll(async () => {
  await forbidden.close();
});

describe('a registry host on a non-public address', () => {
  afterEach(async () => {
    await configureUpstream(); // back to the environment's allow list
  });

  it.each([
    ['localhost', () => `localhost:${bed.anonymous.host.split(':')[1]}`],
    ['127.0.0.1', () => bed.anonymous.host],
    ['127.0.0.1 spelled in decimal', () => `2130706433:${bed.anonymous.host.split(':')[1]}`],
  ])('is refused with HOST_NOT_ALLOWED when the operator allows nothing: %s', async (_name, host) => {
    await configureUpstream({ allowedHosts: '' });
    const response = await viaProxy(host(), `test/multi/manifests/${MULTI.digest}`);
    expect(await errorOf(response)).toMatchObject({ status: 403, code: 'HOST_NOT_ALLOWED', classification: 'loopback' });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('is reached when the operator lists it (the tests’ 127.0.0.1)', async () => {
    const response = await viaProxy(bed.anonymous.host, `test/multi/manifests/${MULTI.digest}`);
    expect(response.status).toBe(200);
    await response.arrayBuffer();
  });

  it.each([
    ['127.0.0.2 (not the allowed 127.0.0.1)', () => forbidden.host],
    ['127.0.0.2 in hex', () => `0x7f.0.0.2:${forbidden.port}`],
    ['127.0.0.2 in octal', () => `0177.0.0.2:${forbidden.port}`],
  ])('is refused and never connected to: %s', async (_name, host) => {
    const response = await viaProxy(host(), 'test/x/manifests/v1');
    expect(await errorOf(response)).toMatchObject({ status: 403, code: 'HOST_NOT_ALLOWED', address: '127.0.0.2' });
    expect(forbidden.connections()).toBe(0);
  });

  it('is refused at connect time when DNS answers a public address first and loopback next (rebinding)', async () => {
    const rebinding = await startFakeUpstream((_req, res) => res.end('{}'));
    try {
      const answers = [['93.184.216.34'], ['127.0.0.1']];
      const lookups: string[] = [];
      await configureUpstream({
        allowedHosts: '',
        resolve: async (name) => {
          lookups.push(name);
          return answers.shift() ?? ['127.0.0.1'];
        },
      });
      const response = await viaProxy(`rebind.pullscope.test:${rebinding.port}`, 'test/x/manifests/v1');
      expect(await errorOf(response)).toMatchObject({ status: 403, code: 'HOST_NOT_ALLOWED', address: '127.0.0.1' });
      // Checked before the hop (public), then again by the connector (loopback): refused there.
      expect(lookups).toEqual(['rebind.pullscope.test', 'rebind.pullscope.test']);
      expect(rebinding.connections()).toBe(0);
      const trace = decodeTrace(response.headers.get(TRACE_HEADER));
      expect(trace.map((t) => t.status)).toEqual([0]);
      expect(trace[0].note).toContain('127.0.0.1, a loopback address');
    } finally {
      await rebinding.close();
    }
  });

  it('connects to the very address the policy checked (a name only our resolver knows)', async () => {
    const target = await startFakeUpstream((_req, res) => res.end('pinned'));
    const registry = await startFakeUpstream((_req, res) => {
      res.writeHead(307, { location: `http://pinned.pullscope.test:${target.port}/blob` }).end();
    });
    try {
      await configureUpstream({
        allowedHosts: `127.0.0.1,pinned.pullscope.test:${target.port}`,
        resolve: async (name) => (name === 'pinned.pullscope.test' ? ['127.0.0.1'] : []),
      });
      // Named by the digest of what the target serves: the proxy checks a blob it lets caches keep.
      const response = await viaProxy(registry.host, `test/x/blobs/${await sha256Digest(new TextEncoder().encode('pinned'))}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('pinned');
      expect(target.requests[0].headers.host).toBe(`pinned.pullscope.test:${target.port}`);
    } finally {
      await Promise.all([target.close(), registry.close()]);
    }
  });
});

describe('a redirect hop or token realm on a non-public address', () => {
  let registry: FakeUpstream;
  let location = '';
  let realm = '';
  beforeAll(async () => {
    registry = await startFakeUpstream((req, res) => {
      if (req.url?.includes('/blobs/')) {
        res.writeHead(307, { location }).end();
      } else {
        res.writeHead(401, { 'www-authenticate': `Bearer realm="${realm}",service="x"`, 'content-type': 'application/json' });
        res.end('{"errors":[{"code":"UNAUTHORIZED","message":"auth"}]}');
      }
    });
  });
  afterAll(async () => {
    await registry.close();
  });

  const targets: [name: string, url: () => string, classification: string][] = [
    ['127.0.0.2', () => `http://${forbidden.host}/blob`, 'loopback'],
    ['127.0.0.2 in decimal', () => `http://2130706434:${forbidden.port}/blob`, 'loopback'],
    ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['IPv4-mapped metadata', () => 'http://[::ffff:169.254.169.254]/latest/', 'link-local'],
    ['IPv6 loopback', () => `http://[::1]:${forbidden.port}/`, 'loopback'],
    ['a private network', () => 'http://10.1.2.3/blob', 'private'],
    ['CGNAT space', () => 'http://100.64.0.1/blob', 'cgnat'],
    ['the unspecified address', () => `http://0.0.0.0:${forbidden.port}/`, 'unspecified'],
    ['a file URL', () => 'file:///etc/passwd', 'scheme'],
  ];

  it.each(targets)('refuses a redirect to %s', async (_name, url, classification) => {
    location = url();
    const response = await viaProxy(registry.host, `test/x/blobs/${BLOB}`);
    expect(await errorOf(response)).toMatchObject({ status: 403, code: 'HOST_NOT_ALLOWED', classification });
    expect(forbidden.connections()).toBe(0);
    // The refused hop is in the trace, unanswered, with why it was not sent.
    const trace = decodeTrace(response.headers.get(TRACE_HEADER));
    expect(trace.map((t) => [t.status, t.kind])).toEqual([
      [307, 'registry'],
      [0, 'redirect'],
    ]);
    expect(trace[1].note).toContain('request not sent: refusing to fetch from');
  });

  it.each(targets.filter(([, , c]) => c !== 'scheme'))('refuses a token realm on %s', async (_name, url, classification) => {
    realm = url();
    const response = await viaProxy(registry.host, 'test/x/manifests/v1');
    expect(await errorOf(response)).toMatchObject({ status: 403, code: 'HOST_NOT_ALLOWED', classification });
    expect(forbidden.connections()).toBe(0);
  });
});

describe('only the registry API can be reached', () => {
  let counting: FakeUpstream;
  beforeAll(async () => {
    counting = await startFakeUpstream((_req, res) => res.end('{}'));
  });
  afterAll(async () => {
    await counting.close();
  });

  const paths: [name: string, host: () => string, segments: string[]][] = [
    ['dot-dot out of /v2', () => counting.host, ['..', '..', 'etc']],
    ['dot-dot inside a name', () => counting.host, ['test', '..', '..', 'etc', 'manifests', 'passwd']],
    ['encoded dot-dot', () => counting.host, ['%2e%2e', 'x', 'manifests', 'v1']],
    ['the catalog', () => counting.host, ['_catalog']],
    ['a blob upload', () => counting.host, ['test', 'x', 'blobs', 'uploads']],
    ['a blob by tag, not digest', () => counting.host, ['test', 'x', 'blobs', 'latest']],
    ['the API root', () => counting.host, []],
    ['a slash in a component', () => counting.host, ['test%2F..%2F..', 'manifests', 'v1']],
    ['a tag with a query', () => counting.host, ['test', 'x', 'manifests', 'v1?x=1']],
    ['userinfo in the host', () => `user:pw@${counting.host}`, ['test', 'x', 'manifests', 'v1']],
    ['a path in the host', () => `${counting.host}/admin`, ['test', 'x', 'manifests', 'v1']],
    ['a scheme in the host', () => `http://${counting.host}`, ['test', 'x', 'manifests', 'v1']],
    ['a fragment in the host', () => `${counting.host}#`, ['test', 'x', 'manifests', 'v1']],
    ['a space in the host', () => `${counting.host} x`, ['test', 'x', 'manifests', 'v1']],
    ['a port past 65535', () => '127.0.0.1:99999', ['test', 'x', 'manifests', 'v1']],
    ['port 0', () => '127.0.0.1:0', ['test', 'x', 'manifests', 'v1']],
  ];

  it.each(paths)('refuses %s with FORBIDDEN_PATH, sending nothing', async (_name, host, segments) => {
    const response = await routeGet(host(), segments);
    expect(await errorOf(response)).toMatchObject({ status: 400, code: 'FORBIDDEN_PATH' });
    expect(counting.connections()).toBe(0);
  });
});
