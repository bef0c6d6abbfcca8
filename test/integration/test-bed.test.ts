/**
 * Smoke tests of the test bed itself, with plain fetch: each registry answers
 * the way its auth scheme says, the token server follows its policy, the
 * redirect registry sends blobs to the CDN stand-in, and the images are the
 * ones the state file names.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadTestBed, skopeoInspect } from '../support/test-bed';

const bed = loadTestBed();

const acceptAll = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

function sha256(bytes: ArrayBuffer | Uint8Array): string {
  return 'sha256:' + createHash('sha256').update(new Uint8Array(bytes)).digest('hex');
}

function basic(username: string, password: string): string {
  return 'Basic ' + Buffer.from(`${username}:${password}`).toString('base64');
}

interface TokenAnswer {
  token: string;
  access_token: string;
  expires_in: number;
  issued_at: string;
}

/** Asks the token server for `scope`, with Basic credentials when given. */
async function requestToken(scope: string, credentials?: { username: string; password: string }): Promise<Response> {
  const url = new URL(bed.token.realm);
  url.searchParams.set('service', bed.token.service);
  url.searchParams.set('scope', scope);
  const headers: Record<string, string> = credentials ? { Authorization: basic(credentials.username, credentials.password) } : {};
  return fetch(url, { headers });
}

async function token(scope: string, credentials?: { username: string; password: string }): Promise<string> {
  const response = await requestToken(scope, credentials);
  expect(response.status, `token for ${scope}: got HTTP ${response.status}, want 200`).toBe(200);
  return ((await response.json()) as TokenAnswer).token;
}

function claims(jwt: string): { access: { type: string; name: string; actions: string[] }[]; sub: string; aud: string } {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

describe('test bed state', () => {
  it('loadTestBed explains how to start the bed when no state file exists', () => {
    expect(() => loadTestBed('/nonexistent/state.json')).toThrow(/the test bed is not running: start it with/);
  });

  it.each([
    'test/layers:v1',
    'test/docker:v1',
    'test/multi:v1',
    'test/list:v1',
    'private/secret:v1',
    // The layer-test images; test/integration/test-bed-layer-images.test.ts checks their layers.
    'test/whiteouts:v1',
    'test/zstd:v1',
    'test/plain:v1',
    'test/multimember:v1',
    'test/corrupt:v1',
    'test/shares-base:v1',
    'test/big:v1',
  ])('names image %s', (key) => {
    const image = bed.images[key];
    expect(image, `images[${key}]`).toBeDefined();
    expect(`${image.repository}:${image.tag}`).toBe(key);
    expect(image.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('anonymous registry', () => {
  it('answers /v2/ with 200', async () => {
    const response = await fetch(`http://${bed.anonymous.host}/v2/`);
    expect(response.status).toBe(200);
  });

  it.each([
    ['test/layers:v1', 'application/vnd.oci.image.manifest.v1+json'],
    ['test/docker:v1', 'application/vnd.docker.distribution.manifest.v2+json'],
    ['test/multi:v1', 'application/vnd.oci.image.index.v1+json'],
    ['test/list:v1', 'application/vnd.docker.distribution.manifest.list.v2+json'],
    ['test/whiteouts:v1', 'application/vnd.oci.image.manifest.v1+json'],
    ['test/zstd:v1', 'application/vnd.oci.image.manifest.v1+json'],
    ['test/plain:v1', 'application/vnd.oci.image.manifest.v1+json'],
    ['test/multimember:v1', 'application/vnd.oci.image.manifest.v1+json'],
    ['test/corrupt:v1', 'application/vnd.oci.image.manifest.v1+json'],
    ['test/shares-base:v1', 'application/vnd.oci.image.manifest.v1+json'],
    ['test/big:v1', 'application/vnd.oci.image.manifest.v1+json'],
  ])('serves %s as %s with the digest the state names', async (key, mediaType) => {
    const image = bed.images[key];
    const response = await fetch(`http://${bed.anonymous.host}/v2/${image.repository}/manifests/${image.tag}`, {
      headers: { Accept: acceptAll },
    });
    const bytes = await response.arrayBuffer();
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe(mediaType);
    expect(image.mediaType).toBe(mediaType);
    expect(response.headers.get('Docker-Content-Digest')).toBe(image.digest);
    expect(sha256(bytes)).toBe(image.digest);
  });
});

describe('basic-auth registry', () => {
  it('challenges with Basic realm', async () => {
    const response = await fetch(`http://${bed.basic.host}/v2/`);
    expect(response.status).toBe(401);
    expect(response.headers.get('WWW-Authenticate')).toMatch(/^Basic realm="[^"]+"/);
  });

  it.each([
    ['the right password', bed.basic.password, 200],
    ['a wrong password', 'not-the-password', 401],
  ])('answers %s with %i', async (_name, password, status) => {
    const response = await fetch(`http://${bed.basic.host}/v2/`, {
      headers: { Authorization: basic(bed.basic.username, password) },
    });
    expect(response.status).toBe(status);
  });
});

describe('token-auth registry and token server', () => {
  it('challenges with Bearer realm and service', async () => {
    const response = await fetch(`http://${bed.token.host}/v2/`);
    expect(response.status).toBe(401);
    expect(response.headers.get('WWW-Authenticate')).toBe(
      `Bearer realm="${bed.token.realm}",service="${bed.token.service}"`,
    );
  });

  it('grants anonymous pull of a public repository, in the token spec shape', async () => {
    const response = await requestToken('repository:test/layers:pull');
    expect(response.status).toBe(200);
    const answer = (await response.json()) as TokenAnswer;
    expect(answer.access_token).toBe(answer.token);
    expect(answer.expires_in).toBeGreaterThan(0);
    expect(Number.isNaN(Date.parse(answer.issued_at))).toBe(false);
    expect(claims(answer.token).access).toEqual([{ type: 'repository', name: 'test/layers', actions: ['pull'] }]);
    expect(claims(answer.token).aud).toBe(bed.token.service);
  });

  it('grants only the allowed actions (pull, not push)', async () => {
    const jwt = await token('repository:test/layers:pull,push', bed.token);
    expect(claims(jwt).access).toEqual([{ type: 'repository', name: 'test/layers', actions: ['pull'] }]);
  });

  it('grants anonymous clients nothing on private/*, and the registry refuses that token', async () => {
    const jwt = await token('repository:private/secret:pull');
    expect(claims(jwt).access).toEqual([]);
    const response = await fetch(`http://${bed.token.host}/v2/private/secret/manifests/v1`, {
      headers: { Authorization: `Bearer ${jwt}`, Accept: acceptAll },
    });
    expect(response.status).toBe(401);
  });

  it('grants alice pull of private/*, and the registry serves the manifest', async () => {
    const jwt = await token('repository:private/secret:pull', bed.token);
    expect(claims(jwt).sub).toBe(bed.token.username);
    const response = await fetch(`http://${bed.token.host}/v2/private/secret/manifests/v1`, {
      headers: { Authorization: `Bearer ${jwt}`, Accept: acceptAll },
    });
    const bytes = await response.arrayBuffer();
    expect(response.status).toBe(200);
    expect(response.headers.get('Docker-Content-Digest')).toBe(bed.images['private/secret:v1'].digest);
    expect(sha256(bytes)).toBe(bed.images['private/secret:v1'].digest);
  });

  it('rejects a wrong password with 401 and a JSON error', async () => {
    const response = await requestToken('repository:private/secret:pull', { username: bed.token.username, password: 'wrong' });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ details: 'incorrect username or password' });
  });

  it.each(['test/layers:v1', 'test/docker:v1', 'test/multi:v1', 'test/list:v1'])(
    'serves %s with a token, with the digest the state names',
    async (key) => {
      const image = bed.images[key];
      const jwt = await token(`repository:${image.repository}:pull`);
      const response = await fetch(`http://${bed.token.host}/v2/${image.repository}/manifests/${image.tag}`, {
        headers: { Authorization: `Bearer ${jwt}`, Accept: acceptAll },
      });
      await response.arrayBuffer();
      expect(response.status).toBe(200);
      expect(response.headers.get('Docker-Content-Digest')).toBe(image.digest);
    },
  );
});

describe('redirect registry and CDN', () => {
  const image = bed.images['test/layers:v1'];

  async function firstLayer(jwt: string): Promise<string> {
    const response = await fetch(`http://${bed.redirect.host}/v2/${image.repository}/manifests/${image.digest}`, {
      headers: { Authorization: `Bearer ${jwt}`, Accept: acceptAll },
    });
    expect(response.status).toBe(200);
    const manifest = (await response.json()) as { layers: { digest: string }[] };
    return manifest.layers[0].digest;
  }

  it('answers a blob GET with 307 to the CDN, which serves the exact bytes and refuses Authorization', async () => {
    const challenge = await fetch(`http://${bed.redirect.host}/v2/`);
    expect(challenge.status).toBe(401);
    const jwt = await token(`repository:${image.repository}:pull`);
    const digest = await firstLayer(jwt);

    const blob = await fetch(`http://${bed.redirect.host}/v2/${image.repository}/blobs/${digest}`, {
      headers: { Authorization: `Bearer ${jwt}` },
      redirect: 'manual',
    });
    await blob.arrayBuffer();
    expect(blob.status).toBe(307);
    const location = blob.headers.get('Location') ?? '';
    expect(location.startsWith(bed.redirect.cdnOrigin + '/'), `got Location ${location}, want it under ${bed.redirect.cdnOrigin}`).toBe(true);

    const cdn = await fetch(location);
    expect(cdn.status).toBe(200);
    expect(sha256(await cdn.arrayBuffer())).toBe(digest);

    const withAuth = await fetch(location, { headers: { Authorization: `Bearer ${jwt}` } });
    expect(withAuth.status).toBe(400);
    expect(await withAuth.text()).toContain('Only one auth mechanism allowed');
  });
});

describe('skopeo cross-check', () => {
  it('lists linux/amd64 and linux/arm64/v8 in test/multi:v1, plus an attestation for amd64', async () => {
    const image = bed.images['test/multi:v1'];
    const raw = await skopeoInspect(`${bed.anonymous.host}/${image.repository}:${image.tag}`, { raw: true });
    expect(sha256(raw)).toBe(image.digest);
    const index = JSON.parse(new TextDecoder().decode(raw)) as {
      manifests: { digest: string; platform: { os: string; architecture: string; variant?: string }; annotations?: Record<string, string> }[];
    };
    const platforms = index.manifests.map((m) => [m.platform.os, m.platform.architecture, m.platform.variant].filter(Boolean).join('/'));
    expect(platforms).toEqual(['linux/amd64', 'linux/arm64/v8', 'unknown/unknown']);
    expect(index.manifests[2].annotations).toEqual({
      'vnd.docker.reference.digest': index.manifests[0].digest,
      'vnd.docker.reference.type': 'attestation-manifest',
    });
  });

  it('reads the config of test/layers:v1 with its Entrypoint, Cmd and empty-layer history', async () => {
    const config = await skopeoInspect(`${bed.anonymous.host}/test/layers:v1`, { config: true });
    expect(config.config.Entrypoint).toEqual(['/app/bin/run.sh']);
    expect(config.config.Cmd).toEqual(['--serve', '--port=8080']);
    const layers = config.history.filter((h: { empty_layer?: boolean }) => !h.empty_layer).length;
    expect(layers).toBe(config.rootfs.diff_ids.length);
    expect(layers).toBeGreaterThanOrEqual(4);
    expect(config.history.length).toBeGreaterThan(layers);
  });

  it('pulls private/secret:v1 through the token registry with alice credentials', async () => {
    const summary = await skopeoInspect(`${bed.token.host}/private/secret:v1`, {
      creds: `${bed.token.username}:${bed.token.password}`,
    });
    expect(summary.Digest).toBe(bed.images['private/secret:v1'].digest);
  });
});
