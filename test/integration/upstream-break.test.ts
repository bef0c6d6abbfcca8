/**
 * A registry whose blob breaks off after the proxy's answer began (it closes
 * the connection part way, or stops sending): the proxy's stream fails with
 * words that say which and how far it got, the server logs one line and no
 * stack, and the app's server (Next's own pipe to the socket) ends the answer
 * by cutting it, so no cache keeps a cut blob.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeToNodeResponse } from 'next/dist/server/pipe-readable';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configureUpstream } from '@/app/api/_server/upstream';
import { MAX_MANIFEST_BYTES } from '@/lib/oci/parse';
import { decodeTrace, TRACE_HEADER } from '@/lib/registry/proxy-protocol';
import { drain } from '../support/drain-body';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream';
import { inProcessProxyFetch } from '../support/in-process-proxy';

const BLOB = `sha256:${'b'.repeat(64)}`;
// Declared above what the proxy reads whole: it streams, so its 200 is out before the break.
const DECLARED = 2 * MAX_MANIFEST_BYTES;
const SENT = 300 * 1024;

/** A registry that sends SENT of the DECLARED bytes, then closes the connection (`close`) or goes silent (`stall`). */
function breakingRegistry(how: 'close' | 'stall'): Promise<FakeUpstream> {
  return startFakeUpstream((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(DECLARED) });
    res.write(Buffer.alloc(SENT, 1), () => {
      if (how === 'close') setImmediate(() => res.destroy());
    });
  });
}

/**
 * Serves one proxied answer through Next's own pipe to a Node response, as
 * `next start` does, and reads it over HTTP: what the pipe threw (Next logs
 * it with its stack), and whether the client saw the answer end or break.
 */
async function throughNextPipe(answer: Response): Promise<{ pipeError?: unknown; clientBytes: number; clientBroke: boolean }> {
  let pipeError: unknown;
  const server = http.createServer((_req, res) => {
    res.writeHead(answer.status);
    pipeToNodeResponse(answer.body!, res).catch((err: unknown) => {
      pipeError = err;
      res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise((resolve) => {
      http.get(`http://127.0.0.1:${port}/`, (res) => {
        let clientBytes = 0;
        res.on('data', (chunk: Buffer) => (clientBytes += chunk.length));
        res.on('end', () => resolve({ pipeError, clientBytes, clientBroke: false }));
        res.on('error', () => resolve({ pipeError, clientBytes, clientBroke: true }));
      });
    });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const viaProxy = (host: string, init?: RequestInit) => inProcessProxyFetch(`/api/registry/${encodeURIComponent(host)}/v2/test/x/blobs/${BLOB}`, init);

afterEach(async () => {
  vi.restoreAllMocks();
  await configureUpstream();
});

describe('a blob that breaks off after the answer began', () => {
  const cases = [
    { how: 'close' as const, words: `the registry closed the connection after ${SENT} of ${DECLARED} bytes` },
    { how: 'stall' as const, words: `the registry stopped sending for 0.2 s, after ${SENT} of ${DECLARED} bytes` },
  ];

  it.each(cases)('fails its stream with what happened ($how), in one log line', async ({ how, words }) => {
    const registry = await breakingRegistry(how);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await configureUpstream({ timeouts: { bodyIdleMs: 200 } });
      const response = await viaProxy(registry.host);
      expect(response.status).toBe(200);
      const { bytes, error } = await drain(response.body!);
      expect(bytes).toBe(SENT);
      expect(error, 'got a complete body, want it to fail').toBeInstanceOf(Error);
      expect((error as Error).message).toBe(words);
      expect(warn.mock.calls.map((args) => args.join(' '))).toEqual([`GET ${registry.host}: ${words}`]);
    } finally {
      await registry.close();
    }
  });

  it.each(cases)('is cut by the app server without the stack of a failed answer ($how)', async ({ how }) => {
    const registry = await breakingRegistry(how);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await configureUpstream({ timeouts: { bodyIdleMs: 200 } });
      const { pipeError, clientBytes, clientBroke } = await throughNextPipe(await viaProxy(registry.host));
      expect(pipeError, `got ${String(pipeError)} out of the pipe, want the answer ended quietly`).toBeUndefined();
      expect(clientBroke, `got an answer that ended after ${clientBytes} bytes, want it cut`).toBe(true);
      expect(clientBytes).toBe(SENT);
    } finally {
      await registry.close();
    }
  });

  it('logs nothing when it is the page that went away', async () => {
    const registry = await breakingRegistry('stall');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const controller = new AbortController();
      const response = await viaProxy(registry.host, { signal: controller.signal });
      const reader = response.body!.getReader();
      await reader.read();
      controller.abort();
      await reader.read().catch(() => undefined);
      await registry.waitForClosed(1);
      expect(warn.mock.calls).toEqual([]);
    } finally {
      await registry.close();
    }
  });
});

describe('a body read whole that breaks off before the answer', () => {
  // Below what the proxy reads whole (a manifest, a config, a small layer): it answers only once the body is in.
  const WHOLE = 17_559;
  const PART = 8_779;
  const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

  /** A registry that sends PART of WHOLE bytes of every answer, then closes the connection or goes silent. */
  function cuttingRegistry(how: 'close' | 'stall', contentType: string): Promise<FakeUpstream> {
    return startFakeUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': contentType, 'content-length': String(WHOLE) });
      res.write(Buffer.alloc(PART, 0x20), () => {
        if (how === 'close') setImmediate(() => res.destroy());
      });
    });
  }

  const cases = [
    { what: 'manifest', how: 'close' as const, path: 'test/x/manifests/v1', type: MANIFEST, message: `the manifest: the connection closed after ${PART} of ${WHOLE} bytes` },
    { what: 'manifest', how: 'stall' as const, path: 'test/x/manifests/v1', type: MANIFEST, message: `the manifest: the registry stopped sending after ${PART} of ${WHOLE} bytes` },
    { what: 'blob', how: 'close' as const, path: `test/x/blobs/${BLOB}`, type: 'application/octet-stream', message: `blob ${BLOB}: the connection closed after ${PART} of ${WHOLE} bytes` },
    { what: 'blob', how: 'stall' as const, path: `test/x/blobs/${BLOB}`, type: 'application/octet-stream', message: `blob ${BLOB}: the registry stopped sending after ${PART} of ${WHOLE} bytes` },
  ];

  it.each(cases)('says a $what cut off ($how) is a broken transfer with the bytes that came, and its trace row says so', async ({ how, path, type, message }) => {
    const registry = await cuttingRegistry(how, type);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await configureUpstream({ timeouts: { bodyIdleMs: 200 } });
      const response = await inProcessProxyFetch(`/api/registry/${encodeURIComponent(registry.host)}/v2/${path}`);
      expect(response.status).toBe(502);
      const { error } = (await response.json()) as { error: { code: string; message: string; suggestion: string } };
      expect(error.code, `got ${error.code} (${error.message}), want TRANSFER_BROKEN`).toBe('TRANSFER_BROKEN');
      expect(error.message.startsWith(message), `got "${error.message}", want it to start with "${message}"`).toBe(true);
      expect(error.suggestion).toMatch(/Retry/);
      const served = decodeTrace(response.headers.get(TRACE_HEADER)).at(-1);
      expect(served).toMatchObject({ status: 200, receivedBytes: PART, responseHeaders: { 'content-length': String(WHOLE) } });
    } finally {
      await registry.close();
    }
  });
});
