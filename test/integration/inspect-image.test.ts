/**
 * The whole inspection path — our route handler, lib/registry and
 * lib/inspect — against the real registries of the test bed, checked
 * against what skopeo says about the same images.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { inspectImage } from '@/lib/inspect/inspect-image';
import { findReferrers } from '@/lib/inspect/referrers';
import { ProxyClient } from '@/lib/inspect/proxy-client';
import { parseReference } from '@/lib/reference';
import { PullscopeError } from '@/lib/errors';
import { AuthError, RegistryError } from '@/lib/registry/errors';
import type { TraceEntry } from '@/lib/registry/trace';
import { loadTestBed, skopeoInspect } from '../support/test-bed';
import { inProcessProxyFetch } from '../support/in-process-proxy';
import { startReferrersRegistry, type ReferrersRegistry } from '../support/referrers-registry';
import { putManifest, uploadBlob } from '../../scripts/test-bed/registry-writer';

const bed = loadTestBed();

type Mode = { name: string; host: string; creds?: { username: string; password: string } };
const modes: Mode[] = [
  { name: 'anonymous', host: bed.anonymous.host },
  { name: 'basic', host: bed.basic.host, creds: { username: bed.basic.username, password: bed.basic.password } },
  { name: 'token', host: bed.token.host },
  { name: 'redirect', host: bed.redirect.host },
];

function client(creds?: Mode['creds'], trace?: TraceEntry[]) {
  return new ProxyClient({ fetch: inProcessProxyFetch, credentials: creds, onTrace: (t) => trace?.push(...t) });
}

function skopeoCreds(mode: Mode) {
  return mode.creds ? `${mode.creds.username}:${mode.creds.password}` : undefined;
}

describe.each(modes)('inspecting from the $name registry', (mode) => {
  it('resolves a multi-platform index and its amd64 manifest to the digests skopeo reports', async () => {
    const ref = parseReference(`${mode.host}/test/multi:v1`);
    const state = await inspectImage(ref, { client: client(mode.creds) });
    const want = bed.images['test/multi:v1'];
    expect(state.resolvedDigest).toBe(want.digest);
    expect(state.index?.check.ok).toBe(true);
    expect(state.index?.view.platforms.map((p) => p.platform)).toEqual(['linux/amd64', 'linux/arm64/v8']);
    expect(state.index?.view.attestations).toHaveLength(1);
    expect(state.platform?.chosen).toBe('linux/amd64');

    // skopeo reports the index's digest and the layers of the platform it picks (linux/amd64 here).
    const inspected = await skopeoInspect(`docker://${mode.host}/test/multi:v1`, { creds: skopeoCreds(mode) });
    expect(state.resolvedDigest).toBe(inspected.Digest);
    const manifestDigest = state.manifest!.view.digest;
    const rawManifest = await skopeoInspect(`docker://${mode.host}/test/multi@${manifestDigest}`, { creds: skopeoCreds(mode), raw: true });
    expect(`sha256:${createHash('sha256').update(rawManifest).digest('hex')}`).toBe(manifestDigest);
    expect(state.manifest?.check.ok).toBe(true);
    expect(state.manifest?.view.layers.map((l) => l.digest)).toEqual(inspected.Layers);
    expect(state.config?.check.ok).toBe(true);
    expect(state.config?.view.env.map((e) => `${e.name}=${e.value}`)).toEqual(inspected.Env ?? []);
    expect(state.config?.view.architecture).toBe(inspected.Architecture);
  });

  it('follows a platform choice to the arm64 manifest', async () => {
    const ref = parseReference(`${mode.host}/test/multi:v1`);
    const state = await inspectImage(ref, { client: client(mode.creds), platform: 'linux/arm64/v8' });
    expect(state.platform?.chosen).toBe('linux/arm64/v8');
    expect(state.config?.view.architecture).toBe('arm64');
    expect(state.config?.view.variant).toBe('v8');
  });

  it('reads a Docker schema 2 image with its config and history', async () => {
    const ref = parseReference(`${mode.host}/test/docker:v1`);
    const state = await inspectImage(ref, { client: client(mode.creds) });
    const inspected = await skopeoInspect(`docker://${mode.host}/test/docker:v1`, { creds: skopeoCreds(mode) });
    expect(state.index).toBeUndefined();
    expect(state.manifest?.view.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
    expect(state.manifest?.view.digest).toBe(inspected.Digest);
    expect(state.manifest?.view.layers.map((l) => l.digest)).toEqual(inspected.Layers);
    const rawConfig = await skopeoInspect(`docker://${mode.host}/test/docker:v1`, { creds: skopeoCreds(mode), config: true, raw: true });
    expect(state.config?.check.computed).toBe(`sha256:${createHash('sha256').update(rawConfig).digest('hex')}`);
    const history = state.config!.view.history;
    const layered = history.filter((h) => !h.emptyLayer);
    expect(layered.map((h) => h.layer?.digest)).toEqual(inspected.Layers);
    expect(history.some((h) => h.emptyLayer)).toBe(true);
  });

  it('answers an unknown tag with MANIFEST_UNKNOWN, naming the tag', async () => {
    const ref = parseReference(`${mode.host}/test/multi:no-such-tag`);
    const err = await inspectImage(ref, { client: client(mode.creds) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as RegistryError).code).toBe('MANIFEST_UNKNOWN');
    expect((err as RegistryError).message).toContain('no-such-tag');
  });

  it('says what a HEAD of an unknown tag met, though its answer has no body', async () => {
    const err = await client(mode.creds)
      .resolveDigest({ apiHost: mode.host, repository: 'test/multi' }, 'no-such-tag')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect(err).toMatchObject({ code: 'MANIFEST_UNKNOWN', httpStatus: 404, reference: 'no-such-tag' });
  });
});

describe('an index holding an OCI artifact beside its image', () => {
  it("lists the artifact as an entry with no platform, and inspects the artifact by digest: its empty config verified and kept as sent, not read as an image's", async () => {
    const index = await inspectImage(parseReference(`${bed.anonymous.host}/test/artifacts:v1`), { client: client() });
    expect(index.resolvedDigest).toBe(bed.images['test/artifacts:v1'].digest);
    expect(index.index?.view.platforms.map((p) => p.platform)).toEqual(['linux/amd64']);
    const [other] = index.index!.view.others;
    expect(other).toMatchObject({ mediaType: 'application/vnd.oci.image.manifest.v1+json', artifactType: 'application/vnd.example.signature.v1+json' });
    expect(index.index?.view.annotations.map(([k]) => k)).toEqual(['org.opencontainers.image.created', 'org.opencontainers.image.source']);

    const artifact = await inspectImage(parseReference(`${bed.anonymous.host}/test/artifacts@${other.digest}`), { client: client() });
    expect(artifact.manifest?.check.ok).toBe(true);
    expect(artifact.manifest?.view.artifactType).toBe('application/vnd.example.signature.v1+json');
    expect(artifact.config?.check.ok).toBe(true);
    expect(artifact.config?.raw).toBe('{}');
    expect(artifact.config?.view.artifactConfig).toBe('application/vnd.oci.empty.v1+json');
    expect(artifact.config?.view.diffIds).toEqual([]);
    expect(artifact.config?.chainIds).toEqual([]);
    // skopeo reads the same manifest bytes.
    const raw = await skopeoInspect(`docker://${bed.anonymous.host}/test/artifacts@${other.digest}`, { raw: true });
    expect(`sha256:${createHash('sha256').update(raw).digest('hex')}`).toBe(other.digest);
  });

  it("finds the artifact among its subject's referrers: this registry has no referrers API, so through the fallback tag", async () => {
    const location = { apiHost: bed.anonymous.host, repository: 'test/artifacts' };
    const index = await inspectImage(parseReference(`${bed.anonymous.host}/test/artifacts:v1`), { client: client() });
    const subject = index.manifest!.view.digest;
    const found = await findReferrers(client(), location, subject);
    expect(found.via).toBe('tag');
    expect(found.tag).toBe(subject.replace(':', '-'));
    expect(found.tagIndex?.ok).toBe(true);
    expect(found.referrers).toEqual([
      {
        digest: index.index!.view.others[0].digest,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        size: index.index!.view.others[0].size,
        artifactType: 'application/vnd.example.signature.v1+json',
        annotations: [['org.opencontainers.image.created', '2024-05-01T00:00:00Z']],
      },
    ]);
    // A manifest nothing refers to: neither the API nor a fallback tag.
    expect(await findReferrers(client(), location, index.index!.view.digest)).toMatchObject({ via: 'none', referrers: [] });
  });
});

describe('the referrers API, answered in pages', () => {
  const repository = 'test/referrers-paged';
  const subject = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${'5'.repeat(64)}`, size: 1234 };
  const types = ['application/vnd.example.signature.v1+json', 'application/spdx+json', 'application/vnd.in-toto+json'];
  const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  const sha = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  const artifacts: { digest: string; size: number; artifactType: string }[] = [];
  const fronts: Record<string, ReferrersRegistry> = {};

  beforeAll(async () => {
    // Three artifacts that name the subject, listed under its fallback tag as pushing tools keep it; the bed's registries share storage.
    const empty = encode({});
    await uploadBlob(bed.anonymous.host, repository, empty);
    for (const artifactType of types) {
      const payload = encode({ kind: artifactType });
      await uploadBlob(bed.anonymous.host, repository, payload);
      const manifest = encode({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        artifactType,
        config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha(empty), size: empty.length },
        layers: [{ mediaType: 'application/json', digest: sha(payload), size: payload.length }],
        subject,
      });
      const digest = await putManifest(bed.anonymous.host, repository, sha(manifest), 'application/vnd.oci.image.manifest.v1+json', manifest);
      artifacts.push({ digest, size: manifest.length, artifactType });
    }
    const list = encode({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: artifacts.map((a) => ({ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...a })),
    });
    await putManifest(bed.anonymous.host, repository, subject.digest.replace(':', '-'), 'application/vnd.oci.image.index.v1+json', list);
    fronts.anonymous = await startReferrersRegistry(bed.anonymous.host, 2);
    fronts.token = await startReferrersRegistry(bed.token.host, 2);
  });

  afterAll(async () => {
    await Promise.all(Object.values(fronts).map((front) => front.close()));
  });

  it.each(['anonymous', 'token'])("follows a %s registry's next link through the proxy, cursor as sent, to every referrer", async (name) => {
    const front = fronts[name];
    const trace: TraceEntry[] = [];
    const found = await findReferrers(client(undefined, trace), { apiHost: front.host, repository }, subject.digest);
    expect(found).toMatchObject({ via: 'api', pages: 2 });
    expect(found.partial).toBeUndefined();
    expect(found.referrers.map((r) => [r.digest, r.artifactType])).toEqual(artifacts.map((a) => [a.digest, a.artifactType]));
    // The second page was asked with the link's own query, which the proxy forwarded whole.
    const pages = front.answered.slice(-2);
    expect(pages[0]).toBe(`/v2/${repository}/referrers/${subject.digest}`);
    expect(pages[1]).toMatch(new RegExp(`^/v2/${repository}/referrers/${subject.digest}\\?n=2&cursor=[A-Za-z0-9_-]+$`));
    const listed = trace.filter((t) => t.kind === 'registry' && t.status === 200).map((t) => new URL(t.url).pathname + new URL(t.url).search);
    expect(listed.slice(-2)).toEqual(pages);
  });
});

describe('registry authentication', () => {
  it('pulls a private image from the token registry with the right credentials, showing 401 → token → 200', async () => {
    const trace: TraceEntry[] = [];
    const ref = parseReference(`${bed.token.host}/private/secret:v1`);
    const state = await inspectImage(ref, {
      client: client({ username: bed.token.username, password: bed.token.password }, trace),
    });
    expect(state.resolvedDigest).toBe(bed.images['private/secret:v1'].digest);
    const first = trace.slice(0, 3).map((t) => `${t.kind}:${t.status}`);
    expect(first).toEqual(['registry:401', 'token:200', 'registry:200']);
    const serialized = JSON.stringify(trace);
    expect(serialized).not.toContain(bed.token.password);
  });

  it('says credentials are needed for a private image pulled anonymously', async () => {
    const ref = parseReference(`${bed.token.host}/private/secret:v1`);
    const err = await inspectImage(ref, { client: client() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PullscopeError);
    expect(['AUTH_REQUIRED', 'DENIED', 'UNAUTHORIZED']).toContain((err as PullscopeError).code);
  });

  it.each([
    ['token', bed.token.host, 'private/secret:v1'],
    ['basic', bed.basic.host, 'test/multi:v1'],
  ])('reports a wrong password on the %s registry as authentication failed, with the registry message', async (_name, host, image) => {
    const ref = parseReference(`${host}/${image}`);
    const err = await inspectImage(ref, { client: client({ username: 'alice', password: 'not-the-password' }) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).code).toBe('AUTH_FAILED');
    expect((err as AuthError).message).toContain(`authentication failed for ${host}`);
  });

  it('asks for credentials on the Basic registry when none are given', async () => {
    const ref = parseReference(`${bed.basic.host}/test/multi:v1`);
    const err = await inspectImage(ref, { client: client() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).code).toBe('AUTH_REQUIRED');
  });
});

describe('blobs through the proxy', () => {
  it('follows the redirecting registry to the CDN without forwarding Authorization, and the bytes match the digest', async () => {
    const trace: TraceEntry[] = [];
    const ref = parseReference(`${bed.redirect.host}/test/layers:v1`);
    const c = client(undefined, trace);
    const state = await inspectImage(ref, { client: c });
    const layer = state.manifest!.view.layers[0];
    const response = await c.getBlob({ apiHost: ref.apiHost, repository: ref.repository }, layer.digest);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(`sha256:${createHash('sha256').update(bytes).digest('hex')}`).toBe(layer.digest);
    const hop = trace.find((t) => t.url.startsWith(bed.redirect.cdnOrigin));
    expect(hop, `no hop to ${bed.redirect.cdnOrigin} in ${JSON.stringify(trace.map((t) => t.url))}`).toBeDefined();
    expect(hop!.requestHeaders.authorization ?? hop!.requestHeaders.Authorization).toBeUndefined();
    expect(hop!.status).toBe(200);
  });

  it('names an unknown repository as such, not as a missing tag (the registry answers MANIFEST_UNKNOWN for both)', async () => {
    const ref = parseReference(`${bed.anonymous.host}/nothing/here:v1`);
    const err = await inspectImage(ref, { client: client() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as RegistryError).code).toBe('NAME_UNKNOWN');
    expect((err as RegistryError).message).toBe(`repository 'nothing/here' not found on ${bed.anonymous.host}`);
  });
});
