import { describe, expect, it } from 'vitest';
import { sha256Digest } from '@/lib/digest';
import { recordFirstView } from '@/lib/inspect/record-first-view';
import { parseReference } from '@/lib/reference';

const encoder = new TextEncoder();
const reference = parseReference('registry.test/team/app:v1');
const base = '/api/registry/registry.test/v2/team/app';

/** A one-layer image's manifest and config, built here, and a proxy stand-in serving them (the config as `configAnswer` says). */
async function image(configAnswer: 'served' | 'never' | 'error' = 'served') {
  const config = encoder.encode(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Env: ['A=1'] }, rootfs: { type: 'layers', diff_ids: [`sha256:${'1'.repeat(64)}`] } }));
  const configDigest = await sha256Digest(config);
  const manifest = encoder.encode(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.byteLength },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${'2'.repeat(64)}`, size: 10 }],
    }),
  );
  const proxy = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (url === `${base}/manifests/v1`) return new Response(manifest, { headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' } });
    if (url === `${base}/blobs/${configDigest}` && configAnswer === 'served') return new Response(config, { headers: { 'content-type': 'application/octet-stream' } });
    if (configAnswer === 'never') {
      return new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    }
    return Response.json({ error: { code: 'BLOB_UNKNOWN', message: 'blob unknown' } }, { status: 404 });
  }) as typeof fetch;
  return { proxy, manifest, config, configDigest };
}

describe('recordFirstView', () => {
  it('records every answer of the first inspection and leaves each check to the tab', async () => {
    const { proxy, configDigest } = await image();
    const recording = await recordFirstView(reference, { fetch: proxy, budgetMs: 60_000, maxBytes: 512 * 1024 });
    expect(recording?.answers.map((a) => a.url)).toEqual([`${base}/manifests/v1`, `${base}/blobs/${configDigest}`]);
    expect(recording?.state.config?.view.env.map((e) => e.name)).toEqual(['A']);
    expect(recording?.state.config?.check).toEqual({ subject: 'config', bytes: expect.any(Number), renderedFrom: configDigest, pending: true });
    expect(recording?.state.manifest?.check).toMatchObject({ pending: true });
  });

  it('carries what it had when the time ran out, and stops asking', async () => {
    const { proxy } = await image('never');
    const recording = await recordFirstView(reference, { fetch: proxy, budgetMs: 1000, maxBytes: 512 * 1024 });
    expect(recording?.answers.map((a) => a.url)).toEqual([`${base}/manifests/v1`]);
    expect(recording?.state.manifest).toBeDefined();
    expect(recording?.state.config).toBeUndefined();
  });

  it('carries nothing past the byte cap', async () => {
    const { proxy, manifest } = await image();
    expect(await recordFirstView(reference, { fetch: proxy, budgetMs: 60_000, maxBytes: manifest.byteLength })).toBeUndefined();
  });

  it('carries nothing when the inspection fails: the tab redoes it and reports the error', async () => {
    const { proxy } = await image('error');
    expect(await recordFirstView(reference, { fetch: proxy, budgetMs: 60_000, maxBytes: 512 * 1024 })).toBeUndefined();
  });
});
