/**
 * A Docker schema 1 image: its config read from the top v1 JSON of its
 * history, its history from every step's, and its layers (fsLayers, top
 * first, the empty layer's blob repeated) pulled and verified by digest, as
 * skopeo inspect and oci.dag.dev show such an image. Served by a front, as
 * the bed's registry no longer stores schema 1 manifests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectImage } from '@/lib/inspect/inspect-image';
import { ProxyClient } from '@/lib/inspect/proxy-client';
import { processLayer } from '@/lib/pipeline/process-layer';
import { parseReference } from '@/lib/reference';
import { loadTestBed } from '../support/test-bed';
import { inProcessProxyFetch } from '../support/in-process-proxy';
import { entriesLayer, gzipLayer } from '../support/hostile-images';
import { SCHEMA1_SIGNED, signedSchema1 } from '../support/schema1-image';
import { startSubstitutingRegistry } from '../support/substituting-registry';
import type { RegistryFront } from '../support/registry-front';
import { uploadBlob } from '../../scripts/test-bed/registry-writer';

const bed = loadTestBed();
const client = new ProxyClient({ fetch: inProcessProxyFetch });
const repository = 'hostile/schema1';
const base = entriesLayer([{ type: 'file', path: 'etc/base.txt', content: 'base' }]);
// The layer of a step that wrote no files: an empty tar, repeated wherever such a step is.
const empty = gzipLayer(new Uint8Array(1024));
const app = entriesLayer([{ type: 'file', path: 'app/run.sh', content: 'echo hi' }]);
const steps = [
  { layer: base, v1: { id: 'a', created: '2016-01-01T00:00:00Z', container_config: { Cmd: ['/bin/sh', '-c', '#(nop) ADD file:base in /'] } } },
  { layer: empty, v1: { id: 'b', parent: 'a', throwaway: true, container_config: { Cmd: ['/bin/sh', '-c', '#(nop) ENV A=b'] } } },
  { layer: app, v1: { id: 'c', parent: 'b', container_config: { Cmd: ['/bin/sh', '-c', '#(nop) COPY app /app'] } } },
  {
    layer: empty,
    v1: {
      id: 'd',
      parent: 'c',
      throwaway: true,
      architecture: 'amd64',
      os: 'linux',
      container_config: { Cmd: ['/bin/sh', '-c', '#(nop) CMD ["/app/run.sh"]'] },
      config: { Env: ['PATH=/usr/bin', 'A=b'], Cmd: ['/app/run.sh'], Entrypoint: null, Labels: { team: 'x' }, WorkingDir: '/app' },
    },
  },
];
const manifest = signedSchema1(repository, 'v1', steps);
let front: RegistryFront;

beforeAll(async () => {
  for (const layer of [base, empty, app]) await uploadBlob(bed.anonymous.host, repository, layer.blob);
  // The registry names a signed schema 1 manifest by its payload's digest, not by the bytes with the signatures.
  front = await startSubstitutingRegistry(bed.anonymous.host, {
    documents: new Map([[`${repository}:v1`, { mediaType: SCHEMA1_SIGNED, bytes: manifest.bytes, digest: manifest.digest }]]),
  });
});

afterAll(async () => {
  await front?.close();
});

describe('a Docker schema 1 image', () => {
  it('is verified against the digest of its payload, as registries name it', async () => {
    const state = await inspectImage(parseReference(`${front.host}/${repository}:v1`), { client });
    expect(state.manifest?.check.ok).toBe(true);
    expect(state.manifest?.view.notice).toContain('deprecated');
    expect(state.manifest?.view.notice).not.toContain('image config are not recorded');
  });

  it('shows the config of its top v1 JSON and the history of every step, base first', async () => {
    const state = await inspectImage(parseReference(`${front.host}/${repository}:v1`), { client });
    const view = state.config!.view;
    expect(state.config?.check).toMatchObject({ ok: true, embedded: 'history[0].v1Compatibility' });
    expect(view.env).toEqual([{ name: 'PATH', value: '/usr/bin' }, { name: 'A', value: 'b' }]);
    expect(view.cmd).toEqual(['/app/run.sh']);
    expect(view.workdir).toBe('/app');
    expect(view.labels).toEqual([['team', 'x']]);
    expect(view.history.map((r) => r.createdByShort)).toEqual(['ADD file:base in /', 'ENV A=b', 'COPY app /app', 'CMD ["/app/run.sh"]']);
    expect(view.history.map((r) => r.layerIndex)).toEqual([0, 1, 2, 3]);
    expect(JSON.parse(state.config!.raw)).toMatchObject({ id: 'd', config: { Cmd: ['/app/run.sh'] } });
  });

  it('lists its layers base first, the empty one where each step had it, and each verifies by digest (no diff_id to check)', async () => {
    const state = await inspectImage(parseReference(`${front.host}/${repository}:v1`), { client });
    const layers = state.manifest!.view.layers;
    expect(layers.map((l) => l.digest)).toEqual([base.digest, empty.digest, app.digest, empty.digest]);
    for (const [i, layer] of layers.entries()) {
      const response = await client.getBlob({ apiHost: front.host, repository }, layer.digest);
      const result = await processLayer({ body: response.body!, digest: layer.digest, size: layer.size, mediaType: layer.mediaType, diffId: undefined, layerNumber: i + 1 });
      expect(result.digest.ok, `layer ${i + 1}`).toBe(true);
      expect(result.diffId.want).toBeUndefined();
    }
  });
});
