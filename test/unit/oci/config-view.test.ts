import { describe, expect, it } from 'vitest';
import { toConfigView } from '@/lib/oci/config-view';
import type { Descriptor, ImageConfig } from '@/lib/oci/documents';
import { parseImageConfig } from '@/lib/oci/parse';
import { DIFF_IDS, classicConfig, dockerManifest, fakeDigest, jsonBytes } from './fixtures';

const LAYERS = dockerManifest().layers as Descriptor[];

function config(overrides: Partial<ImageConfig> = {}): ImageConfig {
  return parseImageConfig(jsonBytes({ ...classicConfig(), ...overrides }));
}

describe('toConfigView: how the container runs', () => {
  const view = toConfigView(config(), LAYERS);

  it('reads platform, dates and run settings', () => {
    expect(view).toMatchObject({
      platform: 'linux/amd64',
      os: 'linux',
      architecture: 'amd64',
      created: '2024-04-01T12:00:00.123456789Z',
      user: 'app',
      workdir: '/srv',
      stopSignal: 'SIGQUIT',
      entrypoint: [],
      cmd: ['nginx', '-g', 'daemon off;'],
      diffIds: DIFF_IDS,
      diffIdsMatchLayers: true,
    });
    expect(view.variant).toBeUndefined();
  });

  it('splits env at the first "=" only', () => {
    expect(view.env).toEqual([
      { name: 'PATH', value: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
      { name: 'OPTS', value: 'a=b=c' },
      { name: 'EMPTY', value: '' },
    ]);
  });

  it('sorts ports by number, volumes and labels by name', () => {
    expect(view.exposedPorts).toEqual(['53/udp', '443/tcp', '8080/tcp']);
    expect(view.volumes).toEqual(['/data', '/var/cache']);
    expect(view.labels).toEqual([
      ['a.b', 'first'],
      ['maintainer', 'NGINX <docker-maint@nginx.com>'],
    ]);
  });

  it('treats a config without a config section as empty settings', () => {
    const bare = toConfigView(
      parseImageConfig(jsonBytes({ architecture: 'arm64', variant: 'v8', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } })),
      [],
    );
    expect(bare).toEqual({
      platform: 'linux/arm64/v8',
      os: 'linux',
      architecture: 'arm64',
      variant: 'v8',
      env: [],
      entrypoint: [],
      cmd: [],
      exposedPorts: [],
      volumes: [],
      labels: [],
      diffIds: [],
      diffIdsMatchLayers: true,
      history: [],
      warnings: [],
    });
  });
});

describe('toConfigView: history aligned with layers', () => {
  it('pairs the non-empty steps with layers and diff_ids in order', () => {
    const view = toConfigView(config(), LAYERS);
    expect(view.warnings).toEqual([]);
    expect(view.history.map((r) => [r.step, r.emptyLayer, r.layerIndex, r.layer?.digest, r.diffId, r.createdByShort])).toEqual([
      [1, false, 0, LAYERS[0].digest, DIFF_IDS[0], 'ADD file:5d6b639e8b6bcc011 in /'],
      [2, true, undefined, undefined, undefined, 'CMD ["bash"]'],
      [3, true, undefined, undefined, undefined, 'LABEL maintainer=NGINX'],
      [4, false, 1, LAYERS[1].digest, DIFF_IDS[1], 'RUN apt-get update && apt-get install -y nginx'],
      [5, false, 2, LAYERS[2].digest, DIFF_IDS[2], 'RUN make install'],
      [6, true, undefined, undefined, undefined, 'STOPSIGNAL SIGQUIT'],
    ]);
    expect(view.history[0].createdBy).toBe('/bin/sh -c #(nop) ADD file:5d6b639e8b6bcc011 in / ');
    expect(view.history[4].comment).toBe('buildargs');
    expect(view.history[0].created).toBe('2024-03-01T00:00:00Z');
  });

  it('warns and pairs nothing when history has more layer steps than the manifest has layers', () => {
    const c = classicConfig();
    const history = [...c.history, { created_by: 'RUN /bin/sh -c extra # buildkit' }];
    const view = toConfigView(config({ history }), LAYERS);
    expect(view.warnings).toEqual([
      'The history has 4 steps that made a layer but the manifest lists 3 layers; history steps are shown without their layers.',
    ]);
    expect(view.history.filter((r) => r.layerIndex !== undefined || r.layer || r.diffId)).toEqual([]);
  });

  it('warns when layers and diff_ids disagree, pairing history with the layers only', () => {
    const view = toConfigView(config({ rootfs: { type: 'layers', diff_ids: DIFF_IDS.slice(0, 2) } }), LAYERS);
    expect(view.warnings).toEqual([
      "The manifest lists 3 layers but the config lists 2 diff_ids; they cannot be paired, so no layer's diff_id is checked (docker refuses to pull such an image).",
      'The history has 3 steps that made a layer but the config lists 2 diff_ids; history steps are shown without their diff_ids.',
    ]);
    const layered = view.history.filter((r) => !r.emptyLayer);
    expect(layered.map((r) => r.layerIndex)).toEqual([0, 1, 2]);
    expect(layered.map((r) => r.layer?.digest)).toEqual(LAYERS.map((l) => l.digest));
    expect(layered.every((r) => r.diffId === undefined)).toBe(true);
    expect(view.diffIdsMatchLayers).toBe(false);
  });

  it('pairs with diff_ids when only the manifest layer count is off', () => {
    const view = toConfigView(config(), LAYERS.slice(0, 2));
    expect(view.warnings).toHaveLength(2);
    const layered = view.history.filter((r) => !r.emptyLayer);
    expect(layered.map((r) => r.diffId)).toEqual(DIFF_IDS);
    expect(layered.every((r) => r.layer === undefined)).toBe(true);
  });

  it('shows no rows and no warning for a config without history', () => {
    const view = toConfigView(config({ history: undefined }), LAYERS);
    expect(view.history).toEqual([]);
    expect(view.warnings).toEqual([]);
  });

  it('keeps a step with no created_by readable', () => {
    const view = toConfigView(
      config({ history: [{ created: '2024-01-01T00:00:00Z', comment: 'imported' }], rootfs: { type: 'layers', diff_ids: [fakeDigest('d')] } }),
      [LAYERS[0]],
    );
    expect(view.history).toEqual([
      { step: 1, created: '2024-01-01T00:00:00Z', createdBy: '', createdByShort: '', comment: 'imported', emptyLayer: false, layerIndex: 0, layer: LAYERS[0], diffId: fakeDigest('d') },
    ]);
  });
});
