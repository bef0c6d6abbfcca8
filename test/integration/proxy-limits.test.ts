/**
 * The proxy's limits, retries, caching headers and abort handling, run
 * through the real route handler and its upstream against the test bed and
 * small local servers that misbehave on purpose.
 */
import type http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configureUpstream, upstream } from '@/app/api/_server/upstream';
import { sha256Digest } from '@/lib/digest';
import { PullscopeError } from '@/lib/errors';
import { inspectImage } from '@/lib/inspect/inspect-image';
import { ProxyClient } from '@/lib/inspect/proxy-client';
import { MAX_MANIFEST_BYTES } from '@/lib/oci/parse';
import { parseReference } from '@/lib/reference';
import { CREDENTIALS_HEADER, decodeTrace, encodeCredentials, TRACE_HEADER } from '@/lib/registry/proxy-protocol';
import { drain } from '../support/drain-body';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream';
import { inProcessProxyFetch } from '../support/in-process-proxy';
import { startProxyServer } from '../support/proxy-server';
import { loadTestBed } from '../support/test-bed';

const bed = loadTestBed();
const BLOB = `sha256:${'b'.repeat(64)}`;
const MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';

function viaProxy(host: string, apiPath: string, init?: RequestInit): Promise<Response> {
  return inProcessProxyFetch(`/api/registry/${encodeURIComponent(host)}/v2/${apiPath}`, init);
}

async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

/** Writes `total` bytes of `fill` in 64 KiB chunks, respecting backpressure. */
function writeBytes(res: http.ServerResponse, total: number, fill = 0x20): void {
  let sent = 0;
  const chunk = Buffer.alloc(64 * 1024, fill);
  const more = () => {
    while (sent < total) {
      const n = Math.min(chunk.length, total - sent);
      sent += n;
      if (!res.write(chunk.subarray(0, n))) return void res.once('drain', more);
    }
    res.end();
  };
  res.on('error', () => {});
  more();
}

afterEach(async () => {
  await configureUpstream();
});

describe('size limits', () => {
  let server: FakeUpstream;
  beforeAll(async () => {
    server = await startFakeUpstream((req, res) => {
      const url = req.url ?? '';
      if (url.endsWith('/manifests/declared-big')) {
        res.writeHead(200, { 'content-type': MANIFEST_TYPE, 'content-length': String(MAX_MANIFEST_BYTES + 1) });
        writeBytes(res, MAX_MANIFEST_BYTES + 1);
      } else if (url.endsWith('/manifests/streamed-big')) {
        res.writeHead(200, { 'content-type': MANIFEST_TYPE }); // chunked: no Content-Length to go by
        writeBytes(res, 3 * MAX_MANIFEST_BYTES);
      } else if (url.endsWith('/manifests/at-limit')) {
        res.writeHead(200, { 'content-type': MANIFEST_TYPE });
        writeBytes(res, MAX_MANIFEST_BYTES);
      } else if (url.startsWith('/token')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        writeBytes(res, 8 * 1024 * 1024);
      } else {
        res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${server.host}/token",service="big"` }).end();
      }
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses a manifest whose Content-Length is above 4 MiB', async () => {
    const response = await viaProxy(server.host, 'test/x/manifests/declared-big');
    expect(response.status).toBe(502);
    expect(await errorCode(response)).toBe('DOCUMENT_TOO_LARGE');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a manifest without Content-Length once it passes 4 MiB, before it answers', async () => {
    const response = await viaProxy(server.host, 'test/x/manifests/streamed-big');
    expect(response.status).toBe(502);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({ code: 'DOCUMENT_TOO_LARGE', message: `the manifest is larger than ${MAX_MANIFEST_BYTES} bytes and was refused` });
    await waitFor(() => upstream().load.active === 0); // the rest of it is not read
  });

  it('tells the page why, over HTTP, when a manifest without Content-Length passes 4 MiB', async () => {
    const proxy = await startProxyServer();
    try {
      const client = new ProxyClient({ origin: proxy.origin });
      const error = await inspectImage(parseReference(`${server.host}/test/x:streamed-big`), { client }).catch((e: unknown) => e);
      expect(error, `got ${String(error)}, want the proxy's error`).toBeInstanceOf(PullscopeError);
      expect(error).toMatchObject({ code: 'DOCUMENT_TOO_LARGE', message: `the manifest is larger than ${MAX_MANIFEST_BYTES} bytes and was refused` });
    } finally {
      await proxy.close();
    }
  });

  it('passes a manifest of exactly 4 MiB', async () => {
    const response = await viaProxy(server.host, 'test/x/manifests/at-limit');
    expect(await drain(response.body)).toEqual({ bytes: MAX_MANIFEST_BYTES });
  });

  it('refuses a token answer above 1 MiB', async () => {
    const response = await viaProxy(server.host, 'test/x/manifests/v1');
    expect(response.status).toBe(502);
    expect(await errorCode(response)).toBe('BAD_TOKEN_RESPONSE');
  });
});

describe('retries', () => {
  it('answers 200 after a 503 with Retry-After, and the trace shows both tries', async () => {
    let calls = 0;
    const flaky = await startFakeUpstream((_req, res) => {
      calls++;
      if (calls === 1) return void res.writeHead(503, { 'retry-after': '1', 'content-type': 'text/plain' }).end('busy');
      res.writeHead(200, { 'content-type': MANIFEST_TYPE }).end('{"schemaVersion":2}');
    });
    try {
      const response = await viaProxy(flaky.host, 'test/x/manifests/v1');
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('{"schemaVersion":2}');
      const trace = decodeTrace(response.headers.get(TRACE_HEADER));
      expect(trace.map((t) => [t.status, t.note])).toEqual([
        [503, undefined],
        [200, 'retry 2 of 3 after 1 s'],
      ]);
      expect(trace[0].responseHeaders['retry-after']).toBe('1');
    } finally {
      await flaky.close();
    }
  });

  it('does not retry a 404', async () => {
    const missing = await startFakeUpstream((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"no"}]}');
    });
    try {
      const response = await viaProxy(missing.host, 'test/x/manifests/v1');
      expect(response.status).toBe(404);
      expect(missing.requests).toHaveLength(1);
    } finally {
      await missing.close();
    }
  });
});

describe('answers with large headers', () => {
  let server: FakeUpstream;
  beforeAll(async () => {
    server = await startFakeUpstream((req, res) => {
      const url = req.url ?? '';
      if (url.startsWith('/token')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"token":"t"}');
      } else if (url.includes('/huge-challenge/') && req.headers.authorization !== 'Bearer t') {
        // A 20 KB challenge, in a parameter the token request does not carry on.
        const challenge = `Bearer realm="http://${server.host}/token",service="big",error="${'e'.repeat(20_000)}"`;
        res.writeHead(401, { 'www-authenticate': challenge, 'content-type': 'application/json' }).end('{"errors":[{"code":"UNAUTHORIZED","message":"auth"}]}');
      } else {
        const size = url.includes('/beyond/') ? 200_000 : url.includes('/large/') ? 70_000 : 0;
        res.writeHead(200, { 'content-type': MANIFEST_TYPE, 'x-filler': 'a'.repeat(size) }).end('{"schemaVersion":2}');
      }
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it.each([
    ['a 70 KB header', 'test/large/manifests/v1'],
    ['a 20 KB challenge', 'test/huge-challenge/manifests/v1'],
  ])('reads an answer with %s, as skopeo does', async (_name, path) => {
    const response = await viaProxy(server.host, path);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"schemaVersion":2}');
  });

  it('says that headers past 128 KiB are too large, not that the registry cannot be reached, and sends once', async () => {
    const before = server.requests.length;
    const response = await viaProxy(server.host, 'test/beyond/manifests/v1');
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({ code: 'HEADERS_TOO_LARGE', message: `${server.host} answered with headers larger than 128 KiB` });
    expect(server.requests.length - before).toBe(1);
    const trace = decodeTrace(response.headers.get(TRACE_HEADER));
    expect(trace.map((t) => [t.status, t.note])).toEqual([[0, `${server.host} answered with headers larger than 128 KiB`]]);
  });
});

describe('upstream timeouts', () => {
  it('gives up on a registry that never answers, with a timeout the user can read', async () => {
    const silent = await startFakeUpstream(() => {
      // never answers
    });
    try {
      await configureUpstream({ timeouts: { headersMs: 200 } });
      const response = await viaProxy(silent.host, 'test/x/manifests/v1');
      expect(response.status).toBe(502);
      const body = (await response.json()) as { error: { code: string; reason: string } };
      expect(body.error).toMatchObject({ code: 'REGISTRY_UNREACHABLE', reason: 'no response in time (headers timeout)' });
      // A timeout is transient: three tries in all.
      expect(silent.requests).toHaveLength(3);
    } finally {
      await silent.close();
    }
  });

  it('says a registry that served the manifest and then timed out on a blob has the right name', async () => {
    const MANIFEST = '{"schemaVersion":2}';
    const flaky = await startFakeUpstream((req, res) => {
      if (req.url?.includes('/manifests/')) {
        res.writeHead(200, { 'content-type': MANIFEST_TYPE, 'content-length': String(MANIFEST.length) });
        res.end(MANIFEST);
      }
      // A blob: never answers.
    });
    try {
      await configureUpstream({ timeouts: { headersMs: 200 } });
      const manifest = await viaProxy(flaky.host, 'test/x/manifests/v1');
      expect(await manifest.text()).toBe(MANIFEST);
      // The page asks for each blob in a request of its own.
      const response = await viaProxy(flaky.host, `test/x/blobs/${BLOB}`);
      expect(response.status).toBe(502);
      const body = (await response.json()) as { error: { code: string; message: string; suggestion: string } };
      expect(body.error).toMatchObject({
        code: 'REGISTRY_UNREACHABLE',
        message: `cannot reach the registry ${flaky.host}: no response in time (headers timeout)`,
        role: 'registry',
        answeredBefore: true,
      });
      expect(body.error.suggestion).toBe(
        `${flaky.host} answered shortly before, so its name and port are right: it may be overloaded or restarting, or the network to it dropped. Retry in a moment.`,
      );
    } finally {
      await flaky.close();
    }
  });

  it.each([
    ['a body streamed on', 8 * 1024 * 1024],
    ['a body read whole before the answer', 1000],
  ])('ends %s that stalls', async (_name, declared) => {
    const stalling = await startFakeUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(declared) });
      res.write(Buffer.alloc(10)); // and nothing more
    });
    try {
      await configureUpstream({ timeouts: { bodyIdleMs: 200 } });
      const response = await viaProxy(stalling.host, `test/x/blobs/${BLOB}`);
      if (declared > MAX_MANIFEST_BYTES) {
        expect(response.status).toBe(200);
        const { bytes, error } = await drain(response.body);
        expect(bytes).toBe(10);
        expect(error, 'got a complete body, want a body timeout').toBeDefined();
      } else {
        expect(response.status).toBe(502);
        const body = (await response.json()) as { error: { code: string } };
        expect(body.error).toMatchObject({ code: 'TRANSFER_BROKEN', got: 10, want: declared, stalled: true });
      }
    } finally {
      await stalling.close();
    }
  });
});

describe('concurrency and aborts', () => {
  /** A blob server that sends a first chunk and then trickles until the client goes away. */
  async function trickling(): Promise<FakeUpstream> {
    return startFakeUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write(Buffer.alloc(1024));
      const timer = setInterval(() => res.write(Buffer.alloc(16)), 50);
      res.on('close', () => clearInterval(timer));
    });
  }

  it('aborting the browser-side request closes the upstream connection', async () => {
    const slow = await trickling();
    try {
      const controller = new AbortController();
      const response = await viaProxy(slow.host, `test/x/blobs/${BLOB}`, { signal: controller.signal });
      const reader = response.body!.getReader();
      await reader.read();
      expect(slow.connections()).toBe(1);
      controller.abort();
      await slow.waitForClosed(1); // the test times out if the proxy keeps the upstream open
      expect(slow.requests).toHaveLength(1);
      expect(upstream().load.active).toBe(0);
    } finally {
      await slow.close();
    }
  });

  it('aborting while the registry has not answered yet closes the upstream connection, and frees its slot', async () => {
    // Takes the request and never answers: only the abort can end the wait (the headers timeout is far away).
    const silent = await startFakeUpstream(() => {});
    try {
      const controller = new AbortController();
      const pending = viaProxy(silent.host, 'test/x/manifests/v1', { signal: controller.signal });
      await waitFor(() => silent.requests.length === 1);
      controller.abort();
      await pending.catch(() => undefined);
      await silent.waitForClosed(1); // the test times out if the proxy keeps the upstream open
      await waitFor(() => upstream().load.active === 0);
    } finally {
      await silent.close();
    }
  });

  it('frees the slot of a blob sent whole, so the next request is not queued behind it', async () => {
    const quick = await startFakeUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '10' });
      res.end(Buffer.alloc(10, 7));
    });
    try {
      await configureUpstream({ maxConcurrent: 1 });
      const digest = await sha256Digest(new Uint8Array(10).fill(7));
      for (let i = 0; i < 3; i++) {
        const response = await viaProxy(quick.host, `test/x/blobs/${digest}`);
        expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array(10).fill(7));
        await waitFor(() => upstream().load.active === 0); // the test times out if the slot is never freed
      }
      expect(quick.requests).toHaveLength(3);
    } finally {
      await quick.close();
    }
  });

  it('queues upstream requests beyond the bound until one finishes', async () => {
    const slow = await trickling();
    try {
      await configureUpstream({ maxConcurrent: 2 });
      const controllers = [new AbortController(), new AbortController(), new AbortController()];
      const first = await viaProxy(slow.host, `test/x/blobs/${BLOB}`, { signal: controllers[0].signal });
      await viaProxy(slow.host, `test/x/blobs/${BLOB}`, { signal: controllers[1].signal });
      const third = viaProxy(slow.host, `test/x/blobs/${BLOB}`, { signal: controllers[2].signal });
      await waitFor(() => upstream().load.queued === 1);
      expect(slow.requests).toHaveLength(2);
      await first.body!.cancel();
      controllers[0].abort();
      expect((await third).status).toBe(200);
      expect(slow.requests).toHaveLength(3);
      for (const c of controllers) c.abort();
    } finally {
      await slow.close();
    }
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 10));
}

describe('answers named by a digest', () => {
  const content = new TextEncoder().encode('{"architecture":"amd64","os":"linux"}');
  let right = '';
  const wrong = `sha256:${'d'.repeat(64)}`;
  let server: FakeUpstream;
  beforeAll(async () => {
    right = await sha256Digest(content);
    server = await startFakeUpstream((req, res) => {
      const url = req.url ?? '';
      const type = url.includes('/manifests/') ? MANIFEST_TYPE : 'application/octet-stream';
      if (url.includes('/catalog/blobs/')) {
        // Another path of a listed host, where a pull may not go.
        res.writeHead(307, { location: `http://${bed.anonymous.host}/v2/_catalog` }).end();
      } else if (url.includes('/named-other/')) {
        res.writeHead(200, { 'content-type': type, 'docker-content-digest': wrong }).end(req.method === 'HEAD' ? undefined : content);
      } else if (url.includes('/unsized/')) {
        res.writeHead(200, { 'content-type': type }).end(content); // chunked: sent before the whole is known
      } else {
        res.writeHead(200, { 'content-type': type, 'content-length': String(content.length) }).end(content);
      }
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it.each([
    ['a blob of a declared size', () => `test/x/blobs/${right}`],
    ['a blob of no declared size', () => `test/unsized/blobs/${right}`],
  ])('passes %s that is its digest’s content whole, to be kept for good', async (_name, path) => {
    const response = await viaProxy(server.host, path());
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await drain(response.body)).toEqual({ bytes: content.length });
  });

  it.each([
    ['a blob', () => `test/x/blobs/${wrong}`],
    ['a blob redirected to the catalog of a listed registry', () => `test/catalog/blobs/${right}`],
    ['a manifest by digest of no declared size', () => `test/unsized/manifests/${wrong}`],
  ])('passes on %s whose bytes are not its digest’s content as it came, never to be stored', async (_name, path) => {
    const response = await viaProxy(server.host, path());
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    // The page's own checks then say what is wrong with it, as they would without the proxy.
    const { bytes, error } = await drain(response.body);
    expect(error).toBeUndefined();
    expect(bytes).toBeGreaterThan(0);
  });

  it('cuts off a blob of no declared size whose bytes are not its digest’s content, so no cache keeps it', async () => {
    const response = await viaProxy(server.host, `test/unsized/blobs/${wrong}`);
    const { error } = await drain(response.body);
    expect(error, 'got a complete body, want it cut off by the digest check').toBeDefined();
  });

  it('lets no cache keep an answer whose Docker-Content-Digest names other content', async () => {
    const response = await viaProxy(server.host, `test/named-other/manifests/${right}`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });
});

describe('caching headers', () => {
  const anonymous = bed.anonymous.host;
  const basic = { username: bed.basic.username, password: bed.basic.password };
  let layersDigest = '';
  let configDigest = '';
  beforeAll(async () => {
    layersDigest = bed.images['test/layers:v1'].digest;
    const manifest = (await (await viaProxy(anonymous, `test/layers/manifests/${layersDigest}`)).json()) as { config: { digest: string } };
    configDigest = manifest.config.digest;
  });

  const cases: [name: string, request: () => Promise<Response>, status: number, want: string][] = [
    ['an anonymous manifest by digest', () => viaProxy(anonymous, `test/layers/manifests/${layersDigest}`), 200, 'public, max-age=31536000, immutable'],
    ['an anonymous blob', () => viaProxy(anonymous, `test/layers/blobs/${configDigest}`), 200, 'public, max-age=31536000, immutable'],
    ['an anonymous HEAD by digest', () => viaProxy(anonymous, `test/layers/manifests/${layersDigest}`, { method: 'HEAD' }), 200, 'public, max-age=31536000, immutable'],
    ['an anonymous manifest by tag', () => viaProxy(anonymous, 'test/layers/manifests/v1'), 200, 'no-cache'],
    ['an anonymous tag list', () => viaProxy(anonymous, 'test/layers/tags/list'), 200, 'no-cache'],
    [
      'a credentialed manifest by digest',
      () => viaProxy(bed.basic.host, `test/layers/manifests/${layersDigest}`, { headers: { [CREDENTIALS_HEADER]: encodeCredentials(basic.username, basic.password) } }),
      200,
      'private, no-store',
    ],
    [
      'a credentialed blob',
      () => viaProxy(bed.basic.host, `test/layers/blobs/${configDigest}`, { headers: { [CREDENTIALS_HEADER]: encodeCredentials(basic.username, basic.password) } }),
      200,
      'private, no-store',
    ],
    ['an error (unknown manifest)', () => viaProxy(anonymous, 'test/layers/manifests/no-such-tag'), 404, 'no-store'],
    ['an error (credentials refused)', () => viaProxy(bed.basic.host, 'test/layers/manifests/v1', { headers: { [CREDENTIALS_HEADER]: encodeCredentials('alice', 'wrong') } }), 401, 'no-store'],
  ];

  it.each(cases)('%s → %s', async (_name, request, status, want) => {
    const response = await request();
    await response.arrayBuffer();
    expect(response.status).toBe(status);
    expect(response.headers.get('cache-control')).toBe(want);
  });
});
