/**
 * Pushing a one-layer OCI image straight to a registry: blob uploads (a
 * POST, then one monolithic PUT with `?digest=`, streamed from the file) and
 * a manifest PUT. distribution spec, "Pushing blobs" and "Pushing Manifests".
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { LayerBlob } from './layer-inputs';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';

/** A pushed image: what its tag resolves to. */
export interface PushedImage {
  reference: string;
  manifestDigest: string;
}

/** Pushes `layer` as the only layer of `host/repository:tag`, with a config naming `diffId`. */
export async function pushOneLayerImage(
  host: string,
  repository: string,
  tag: string,
  layer: LayerBlob,
  diffId: string,
): Promise<PushedImage> {
  const config = Buffer.from(
    JSON.stringify({
      created: '1970-01-01T00:00:00Z',
      architecture: 'amd64',
      os: 'linux',
      config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['/bin/sh'], WorkingDir: '/' },
      rootfs: { type: 'layers', diff_ids: [diffId] },
      history: [{ created: '1970-01-01T00:00:00Z', created_by: `pullscope bench: ${layer.compression} layer` }],
    }),
  );
  const configDigest = sha256(config);
  await uploadBlob(host, repository, configDigest, config.length, () => config);
  await uploadBlob(host, repository, layer.digest, layer.size, () => fs.createReadStream(layer.path, { highWaterMark: 1024 * 1024 }));
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: OCI_CONFIG, digest: configDigest, size: config.length },
      layers: [{ mediaType: layer.mediaType, digest: layer.digest, size: layer.size }],
    }),
  );
  const response = await request('PUT', `http://${host}/v2/${repository}/manifests/${tag}`, { 'Content-Type': OCI_MANIFEST }, manifest.length, () => manifest);
  expectStatus(response, 201, `putting the manifest of ${repository}:${tag}`);
  const manifestDigest = sha256(manifest);
  if (response.headers['docker-content-digest'] !== manifestDigest) {
    throw new Error(`${repository}:${tag}: registry says ${response.headers['docker-content-digest']}, want ${manifestDigest}`);
  }
  return { reference: `${host}/${repository}:${tag}`, manifestDigest };
}

async function uploadBlob(host: string, repository: string, digest: string, size: number, body: () => Buffer | NodeJS.ReadableStream): Promise<void> {
  const start = await request('POST', `http://${host}/v2/${repository}/blobs/uploads/`, {}, 0, () => Buffer.alloc(0));
  expectStatus(start, 202, `starting an upload to ${repository}`);
  const location = new URL(String(start.headers.location ?? ''), `http://${host}`);
  location.searchParams.set('digest', digest);
  const put = await request('PUT', location.href, { 'Content-Type': 'application/octet-stream' }, size, body);
  expectStatus(put, 201, `uploading ${digest} to ${repository}`);
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(method: string, url: string, headers: http.OutgoingHttpHeaders, length: number, body: () => Buffer | NodeJS.ReadableStream): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { ...headers, 'Content-Length': length } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    const payload = body();
    if (Buffer.isBuffer(payload)) req.end(payload);
    else payload.pipe(req);
  });
}

function expectStatus(answer: Answer, want: number, what: string): void {
  if (answer.status !== want) throw new Error(`${what}: got HTTP ${answer.status}, want ${want}: ${answer.body.slice(0, 300)}`);
}

function sha256(bytes: Buffer): string {
  return `sha256:${crypto.createHash('sha256').update(bytes).digest('hex')}`;
}
