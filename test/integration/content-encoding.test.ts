/**
 * Registries that compress their answers for the wire (Content-Encoding),
 * through the real route handler and its upstream: the proxy asks for the
 * stored bytes, decodes gzip, deflate and br when they come compressed
 * anyway (digests name the stored bytes), and names any other coding.
 */
import { createHash } from 'node:crypto';
import type http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PullscopeError } from '@/lib/errors';
import { inspectImage } from '@/lib/inspect/inspect-image';
import { ProxyClient } from '@/lib/inspect/proxy-client';
import { parseReference } from '@/lib/reference';
import { ContentEncodingError } from '@/lib/registry/errors';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream';
import { inProcessProxyFetch } from '../support/in-process-proxy';

const encoder = new TextEncoder();
const sha256Digest = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const config = encoder.encode(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Cmd: ['/bin/sh'] }, rootfs: { type: 'layers', diff_ids: [] } }));
const layer = new Uint8Array(zlib.gzipSync(Buffer.alloc(64 * 1024, 7)));
const manifest = encoder.encode(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256Digest(config), size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256Digest(layer), size: layer.length }],
  }),
);
const blobs = new Map([sha256Digest(config), sha256Digest(layer), sha256Digest(manifest)].map((d, i) => [d, [config, layer, manifest][i]]));

/** How each repository compresses every answer: `Content-Encoding` and the body sent under it. */
const ENCODINGS: Record<string, { header: string; encode: (bytes: Uint8Array) => Uint8Array }> = {
  gzip: { header: 'gzip', encode: (b) => zlib.gzipSync(b) },
  deflate: { header: 'deflate', encode: (b) => zlib.deflateSync(b) },
  br: { header: 'br', encode: (b) => zlib.brotliCompressSync(b) },
  'gzip-then-br': { header: 'gzip, br', encode: (b) => zlib.brotliCompressSync(zlib.gzipSync(b)) },
  zstd: { header: 'zstd', encode: (b) => b },
  'gzip-broken': { header: 'gzip', encode: (b) => b },
};

function answer(req: http.IncomingMessage, res: http.ServerResponse): void {
  const match = /^\/v2\/encoded\/([^/]+)\/(manifests|blobs)\/(.+)$/.exec(req.url ?? '');
  const bytes = match && (match[2] === 'manifests' && !match[3].startsWith('sha256:') ? manifest : blobs.get(match[3]));
  if (!match || !bytes || !ENCODINGS[match[1]]) {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"NAME_UNKNOWN","message":"no"}]}');
    return;
  }
  const { header, encode } = ENCODINGS[match[1]];
  const body = encode(bytes);
  const type = match[2] === 'manifests' ? 'application/vnd.oci.image.manifest.v1+json' : 'application/octet-stream';
  res.writeHead(200, { 'content-type': type, 'content-encoding': header, 'content-length': body.length, 'docker-content-digest': sha256Digest(bytes) });
  res.end(body);
}

describe('answers compressed for the wire', () => {
  let server: FakeUpstream;
  const client = new ProxyClient({ fetch: inProcessProxyFetch });
  const viaProxy = (apiPath: string) => inProcessProxyFetch(`/api/registry/${encodeURIComponent(server.host)}/v2/${apiPath}`);

  beforeAll(async () => {
    server = await startFakeUpstream(answer);
  });
  afterAll(async () => {
    await server.close();
  });

  it('asks the registry for its content as stored (Accept-Encoding: identity)', async () => {
    await (await viaProxy('encoded/gzip/manifests/v1')).arrayBuffer();
    const asked = server.requests.filter((r) => r.path.startsWith('/v2/encoded/gzip/'));
    expect(asked.length).toBeGreaterThan(0);
    for (const r of asked) expect(r.headers['accept-encoding'], `got ${r.headers['accept-encoding']} for ${r.path}, want identity`).toBe('identity');
  });

  it.each(['gzip', 'deflate', 'br', 'gzip-then-br'])('reads the manifest and config of a registry that sends them %s anyway', async (repo) => {
    const state = await inspectImage(parseReference(`${server.host}/encoded/${repo}:v1`), { client });
    expect(state.resolvedDigest).toBe(sha256Digest(manifest));
    expect(state.manifest?.check.mismatches).toEqual([]);
    expect(state.config?.check.mismatches).toEqual([]);
    expect(state.config?.view).toMatchObject({ os: 'linux', architecture: 'amd64' });
  });

  it('passes on the stored bytes of a blob sent compressed, checked against its digest', async () => {
    const digest = sha256Digest(layer);
    const response = await viaProxy(`encoded/br/blobs/${digest}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(response.status).toBe(200);
    expect(sha256Digest(bytes), `got ${bytes.length} bytes, want the ${layer.length} stored`).toBe(digest);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  const refused: { repo: string; want: string }[] = [
    { repo: 'zstd', want: 'sent its answer with Content-Encoding: zstd, which Pullscope does not decode' },
    { repo: 'gzip-broken', want: 'sent its answer with Content-Encoding: gzip, but the body does not decode' },
  ];

  it.each(refused)('names the Content-Encoding of a manifest it cannot decode ($repo)', async ({ repo, want }) => {
    const error = await inspectImage(parseReference(`${server.host}/encoded/${repo}:v1`), { client }).catch((e: unknown) => e);
    expect(error, `got ${String(error)}, want a ContentEncodingError`).toBeInstanceOf(ContentEncodingError);
    expect((error as PullscopeError).message).toContain(`${server.host} ${want}`);
    expect((error as PullscopeError).suggestion).toContain('Accept-Encoding: identity');
  });
});
