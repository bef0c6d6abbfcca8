/**
 * A registry that serves other bytes than the digest names: the pull stops
 * at the document that fails its check (an index, a manifest, a config), as
 * docker, crane and containerd stop. That document is published as received
 * (marked failed), and nothing it names (a config, layers) is fetched or
 * published as the image asked for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectImage, type InspectionState } from '@/lib/inspect/inspect-image';
import { ProxyClient } from '@/lib/inspect/proxy-client';
import { SubstitutedDocumentError } from '@/lib/inspect/substituted-document';
import { parseReference } from '@/lib/reference';
import type { TraceEntry } from '@/lib/registry/trace';
import { loadTestBed } from '../support/test-bed';
import { inProcessProxyFetch } from '../support/in-process-proxy';
import { startSubstitutingRegistry } from '../support/substituting-registry';
import type { RegistryFront } from '../support/registry-front';
import { entriesLayer, imageConfig, pushImage } from '../support/hostile-images';
import { uploadBlob } from '../../scripts/test-bed/registry-writer';

const bed = loadTestBed();
let front: RegistryFront;
let amd64: string;
let arm64: string;
let configAsked: string;
let configServed: string;

beforeAll(async () => {
  const answer = await fetch(`http://${bed.anonymous.host}/v2/test/multi/manifests/v1`, { headers: { accept: 'application/vnd.oci.image.index.v1+json' } });
  const index = (await answer.json()) as { manifests: Array<{ digest: string; platform?: { architecture: string } }> };
  amd64 = index.manifests.find((m) => m.platform?.architecture === 'amd64')!.digest;
  arm64 = index.manifests.find((m) => m.platform?.architecture === 'arm64')!.digest;
  // An image whose config, asked for by its digest, comes back as another config of the same repository.
  const layer = entriesLayer([{ path: 'etc/config-substituted.txt', type: 'file', content: 'a layer\n' }]);
  configAsked = (await pushImage(bed.anonymous.host, 'substituted/config', 'v1', { layers: [layer], config: imageConfig([layer.diffId]) })).configDigest;
  const other = JSON.parse(new TextDecoder().decode(imageConfig([layer.diffId]))) as Record<string, unknown>;
  configServed = await uploadBlob(bed.anonymous.host, 'substituted/config', new TextEncoder().encode(JSON.stringify({ ...other, architecture: 'arm64' })));
  front = await startSubstitutingRegistry(bed.anonymous.host, {
    // The amd64 manifest asked for by digest comes back as the arm64 one: a whole other, self-consistent image.
    manifests: new Map([[amd64, arm64]]),
    blobs: new Map([[configAsked, configServed]]),
    // test/docker:v1 comes back as its true bytes, but the header names another manifest.
    headers: new Map([['test/docker:v1', arm64]]),
  });
});

afterAll(async () => {
  await front?.close();
});

/** Inspects `reference`, expecting it to stop: the error, the last state published, and every URL asked for. */
async function stoppedPull(reference: string): Promise<{ error: unknown; state: InspectionState; urls: string[] }> {
  const trace: TraceEntry[] = [];
  let state: InspectionState = { reference: parseReference(reference) };
  const client = new ProxyClient({ fetch: inProcessProxyFetch, onTrace: (t) => trace.push(...t) });
  const error = await inspectImage(parseReference(reference), { client, onUpdate: (s) => (state = s) }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, state, urls: trace.map((t) => t.url) };
}

describe('a registry that substitutes a manifest', () => {
  it('stops a pull pinned by digest at the manifest it answered instead, fetching and publishing nothing below it', async () => {
    const { error, state, urls } = await stoppedPull(`${front.host}/test/multi@${amd64}`);
    expect(error, 'got no error, want SubstitutedDocumentError').toBeInstanceOf(SubstitutedDocumentError);
    expect((error as Error).message).toContain('served other bytes than the digest names');
    expect((error as Error).message).toContain(amd64);
    expect(state.manifest?.check.ok).toBe(false);
    expect(state.manifest?.check.computed).toBe(arm64);
    expect(state.manifest?.check.mismatches.map((m) => m.source)).toEqual(['reference']);
    expect(state.resolvedDigest, 'the reference resolved to nothing').toBeUndefined();
    expect(state.config).toBeUndefined();
    expect(urls.filter((u) => u.includes('/blobs/')), 'blob requests').toEqual([]);
  });

  it("stops at an index entry whose manifest comes back as other bytes: the index is verified, the entry's manifest is not, no config is fetched", async () => {
    const { error, state, urls } = await stoppedPull(`${front.host}/test/multi:v1`);
    expect(error).toBeInstanceOf(SubstitutedDocumentError);
    expect((error as Error).message).toContain(`the index names manifest ${amd64}`);
    expect(state.index?.check.ok).toBe(true);
    expect(state.resolvedDigest).toBe(bed.images['test/multi:v1'].digest);
    expect(state.manifest?.check.ok).toBe(false);
    expect(state.manifest?.check.computed).toBe(arm64);
    expect(state.config).toBeUndefined();
    expect(urls.filter((u) => u.includes('/blobs/'))).toEqual([]);
  });

  it("stops a tag pull whose Docker-Content-Digest disagrees with the bytes, saying the header and the bytes disagree", async () => {
    const { error, state, urls } = await stoppedPull(`${front.host}/test/docker:v1`);
    expect(error).toBeInstanceOf(SubstitutedDocumentError);
    expect((error as Error).message).toContain("Docker-Content-Digest header and the bytes it sent disagree");
    expect((error as Error).message).toContain(arm64);
    expect(state.manifest?.check.computed).toBe(bed.images['test/docker:v1'].digest);
    expect(state.manifest?.check.mismatches).toEqual([{ source: 'Docker-Content-Digest', digest: arm64 }]);
    expect(state.config).toBeUndefined();
    expect(urls.filter((u) => u.includes('/blobs/'))).toEqual([]);
  });
});

describe('a registry that substitutes a config', () => {
  it('stops at the config it answered instead: published as received and marked failed, no layer fetched', async () => {
    const { error, state, urls } = await stoppedPull(`${front.host}/substituted/config:v1`);
    expect(error, 'got no error, want SubstitutedDocumentError').toBeInstanceOf(SubstitutedDocumentError);
    expect((error as Error).message).toContain(`the manifest names config ${configAsked}`);
    expect((error as Error).message).toContain(configServed);
    expect((error as Error).message).toContain('no layer was pulled');
    expect(state.manifest?.check.ok, 'the manifest is verified').toBe(true);
    expect(state.config?.check.ok).toBe(false);
    expect(state.config?.check.computed).toBe(configServed);
    expect(state.config?.check.mismatches.map((m) => m.source)).toContain('manifest');
    expect(state.config?.view.architecture, 'the config as received').toBe('arm64');
    expect(state.config?.chainIds, 'chain IDs of a config that is not the image\'s').toEqual([]);
    const blobs = urls.filter((u) => u.includes('/blobs/'));
    expect(blobs.length, `blob requests ${blobs.join(', ')}: want the config's alone`).toBe(1);
    expect(blobs[0]).toContain(configAsked);
  });
});
