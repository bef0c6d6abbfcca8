import { describe, expect, it } from 'vitest';
import { answerResponse, recordingFetch, type RecordedAnswer } from '@/lib/inspect/recorded-answer';
import { RecordedAnswers, replayingFetch } from '@/lib/inspect/recorded-answers';
import { ProxyClient } from '@/lib/inspect/proxy-client';
import { TooLargeError } from '@/lib/inspect/read-limited';
import { encodeTrace, TRACE_HEADER } from '@/lib/registry/proxy-protocol';
import type { TraceEntry } from '@/lib/registry/trace';

const MANIFEST_URL = '/api/registry/registry.test/v2/team/app/manifests/v1';
const CONFIG_URL = `/api/registry/registry.test/v2/team/app/blobs/sha256:${'c'.repeat(64)}`;
// Every byte value, so no encoding step can go unnoticed.
const BODY = Uint8Array.from({ length: 256 }, (_, i) => i);

const traceEntry: TraceEntry = {
  id: 1,
  method: 'GET',
  url: 'https://registry.test/v2/team/app/manifests/v1',
  status: 200,
  startedAt: 0,
  durationMs: 3,
  requestHeaders: {},
  responseHeaders: {},
  kind: 'registry',
};

/** A stand-in for the proxy: answers every URL with BODY and headers naming it. */
function fakeProxy(seen: string[] = []): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    seen.push(String(input));
    return new Response(BODY, {
      status: 200,
      headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'docker-content-digest': `sha256:${'d'.repeat(64)}`, [TRACE_HEADER]: encodeTrace([traceEntry]) },
    });
  }) as typeof fetch;
}

function answer(url: string, body = 'AAEC'): RecordedAnswer {
  return { url, status: 200, headers: { 'content-type': 'application/json' }, body };
}

const noNetwork = (async () => {
  throw new Error('the network was asked');
}) as typeof fetch;

describe('recordingFetch', () => {
  it('records the URL, status, headers and exact body, and hands on an identical answer', async () => {
    const recording = recordingFetch(fakeProxy(), 1024);
    const response = await recording.fetch(MANIFEST_URL, { method: 'GET', headers: {} });
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(BODY);
    expect(response.headers.get('docker-content-digest')).toBe(`sha256:${'d'.repeat(64)}`);
    expect(recording.answers).toHaveLength(1);
    const [recorded] = recording.answers;
    expect(recorded.url).toBe(MANIFEST_URL);
    expect(recorded.status).toBe(200);
    expect(recorded.headers['content-type']).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(recorded.headers[TRACE_HEADER]).toBe(encodeTrace([traceEntry]));
    expect(recording.bytes).toBe(BODY.byteLength);
    expect(new Uint8Array(await answerResponse(recorded).arrayBuffer()), 'the replayed body').toEqual(BODY);
  });

  it('refuses an answer past its byte cap without recording it', async () => {
    const recording = recordingFetch(fakeProxy(), 300);
    await recording.fetch(MANIFEST_URL);
    await expect(recording.fetch(CONFIG_URL)).rejects.toThrow(TooLargeError);
    expect(recording.answers.map((a) => a.url)).toEqual([MANIFEST_URL]);
    expect(recording.bytes).toBe(BODY.byteLength);
  });

  it.each([
    ['a HEAD', { method: 'HEAD' }],
    ['a credentialed GET', { headers: { 'x-pullscope-credentials': 'Basic dTpw' } }],
  ])('refuses %s: only anonymous GETs are recorded', async (_name, init) => {
    const recording = recordingFetch(fakeProxy(), 1024);
    await expect(recording.fetch(MANIFEST_URL, init)).rejects.toThrow(TypeError);
    expect(recording.answers).toEqual([]);
  });
});

describe('RecordedAnswers', () => {
  it('serves an answer once, to its URL only, then forgets it', async () => {
    const store = new RecordedAnswers([answer(MANIFEST_URL), answer(CONFIG_URL, 'AQID')]);
    expect(store.take('/api/registry/registry.test/v2/team/app/manifests/v2')).toBeUndefined();
    const first = store.take(MANIFEST_URL, { method: 'GET', headers: {} });
    expect(first && new Uint8Array(await first.arrayBuffer())).toEqual(Uint8Array.of(0, 1, 2));
    expect(store.take(MANIFEST_URL), 'a second request for the same URL').toBeUndefined();
    expect(store.size).toBe(1);
  });

  it.each([
    ['a HEAD', { method: 'HEAD' }],
    ['a request with credentials', { headers: { 'x-pullscope-credentials': 'Basic dTpw' } }],
  ])('does not serve %s, and keeps the answer for the request it was recorded for', (_name, init) => {
    const store = new RecordedAnswers([answer(MANIFEST_URL)]);
    expect(store.take(MANIFEST_URL, init)).toBeUndefined();
    expect(store.size).toBe(1);
  });
});

describe('replayingFetch', () => {
  it('serves recorded answers without the network, and the first miss ends them', async () => {
    const seen: string[] = [];
    const store = new RecordedAnswers([answer(MANIFEST_URL), answer(CONFIG_URL)]);
    const replay = replayingFetch(async () => store, fakeProxy(seen));
    expect((await replay(MANIFEST_URL)).status).toBe(200);
    expect(seen, 'requests that reached the network').toEqual([]);
    await replay('/api/registry/registry.test/v2/team/app/manifests/other');
    // The inspection went past what was recorded: the config's answer is not served to a later request.
    await replay(CONFIG_URL);
    expect(seen).toEqual(['/api/registry/registry.test/v2/team/app/manifests/other', CONFIG_URL]);
    expect(store.size).toBe(0);
  });

  it('gives an anonymous ProxyClient the same document and trace as the answer it records', async () => {
    const recorder = recordingFetch(fakeProxy(), 1024);
    const recordedTrace: TraceEntry[] = [];
    const live = await new ProxyClient({ fetch: recorder.fetch, onTrace: (t) => recordedTrace.push(...t) }).getManifest(
      { apiHost: 'registry.test', repository: 'team/app' },
      'v1',
    );
    const replayedTrace: TraceEntry[] = [];
    const store = new RecordedAnswers(recorder.answers);
    const replayed = await new ProxyClient({ fetch: replayingFetch(async () => store, noNetwork), onTrace: (t) => replayedTrace.push(...t) }).getManifest(
      { apiHost: 'registry.test', repository: 'team/app' },
      'v1',
    );
    expect(replayed).toEqual(live);
    expect(replayedTrace).toEqual(recordedTrace);
    expect(replayedTrace).toEqual([traceEntry]);
  });

  it('never serves a credentialed client', async () => {
    const store = new RecordedAnswers([answer(MANIFEST_URL)]);
    const client = new ProxyClient({ fetch: replayingFetch(async () => store, noNetwork), credentials: { username: 'u', password: 'p' } });
    await expect(client.getManifest({ apiHost: 'registry.test', repository: 'team/app' }, 'v1')).rejects.toThrow('Could not reach');
  });
});
