/**
 * The page's first view as the server records it, against the real token
 * registry through the proxy handler in-process (as the page does), checked
 * against skopeo; then replayed as the tab does, with the network forbidden.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { inspectImage } from '@/lib/inspect/inspect-image';
import { ProxyClient } from '@/lib/inspect/proxy-client';
import { recordFirstView } from '@/lib/inspect/record-first-view';
import { RecordedAnswers, replayingFetch } from '@/lib/inspect/recorded-answers';
import { parseReference } from '@/lib/reference';
import type { TraceEntry } from '@/lib/registry/trace';
import { inProcessProxyFetch } from '@/app/api/_server/in-process-proxy';
import { loadTestBed, skopeoInspect } from '../support/test-bed';

const bed = loadTestBed();
const options = { fetch: inProcessProxyFetch, budgetMs: 60_000, maxBytes: 512 * 1024 };

describe('the first view recorded for a multi-platform image on the token registry', () => {
  const image = `${bed.token.host}/test/multi:v1`;

  it('resolves the digests skopeo reports, every check left to the tab', async () => {
    const recording = await recordFirstView(parseReference(image), options);
    expect(recording, 'got no recording').toBeDefined();
    const { state, answers } = recording!;
    const inspected = await skopeoInspect(`docker://${image}`);
    expect(state.resolvedDigest).toBe(inspected.Digest);
    const manifestDigest = state.manifest!.view.digest;
    const rawManifest = await skopeoInspect(`docker://${bed.token.host}/test/multi@${manifestDigest}`, { raw: true });
    expect(`sha256:${createHash('sha256').update(rawManifest).digest('hex')}`).toBe(manifestDigest);
    expect(state.manifest?.view.layers.map((l) => l.digest)).toEqual(inspected.Layers);
    expect(state.config?.view.env.map((e) => `${e.name}=${e.value}`)).toEqual(inspected.Env ?? []);
    for (const check of [state.index?.check, state.manifest?.check, state.config?.check]) {
      expect(check && 'pending' in check, `got check ${JSON.stringify(check)}, want a pending one`).toBe(true);
    }
    // The index by tag, the amd64 manifest by digest, the config blob: the URLs the tab's anonymous client asks for.
    expect(answers.map((a) => a.url)).toEqual([
      `/api/registry/${encodeURIComponent(bed.token.host)}/v2/test/multi/manifests/v1`,
      `/api/registry/${encodeURIComponent(bed.token.host)}/v2/test/multi/manifests/${manifestDigest}`,
      `/api/registry/${encodeURIComponent(bed.token.host)}/v2/test/multi/blobs/${state.manifest!.view.config!.digest}`,
    ]);
  });

  it('replays in the tab to the same digests, verified there, without a request', async () => {
    const recording = await recordFirstView(parseReference(image), { ...options, platform: 'linux/arm64/v8' });
    const store = new RecordedAnswers(recording!.answers);
    const network: string[] = [];
    const trace: TraceEntry[] = [];
    const offline = (async (input: RequestInfo | URL) => {
      network.push(String(input));
      throw new Error('the network was asked');
    }) as typeof fetch;
    const client = new ProxyClient({ fetch: replayingFetch(async () => store, offline), onTrace: (t) => trace.push(...t) });
    const state = await inspectImage(parseReference(image), { client, platform: 'linux/arm64/v8' });
    expect(network, 'requests that reached the network').toEqual([]);
    expect(store.size, 'answers left unserved').toBe(0);
    expect(state.resolvedDigest).toBe(recording!.state.resolvedDigest);
    expect(state.manifest?.view.digest).toBe(recording!.state.manifest?.view.digest);
    expect(state.config?.view.architecture).toBe('arm64');
    expect([state.index?.check.ok, state.manifest?.check.ok, state.config?.check.ok]).toEqual([true, true, true]);
    // The trace the proxy reported to the server reaches the tab with the answers: both manifest GETs are in it.
    expect(trace.filter((e) => e.kind === 'registry' && e.status === 200 && e.url.includes('/manifests/'))).toHaveLength(2);
  });
});
