import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { parseManifestDocument } from '@/lib/oci/parse';
import { SCHEMA1_NO_DIFF_IDS, schema1ConfigView } from '@/lib/oci/schema1-config';
import { schema1Payload } from '@/lib/oci/schema1-payload';
import type { Schema1Manifest } from '@/lib/oci/documents';
import { fakeDigest, schema1Manifest } from './fixtures';

const SIGNED = 'application/vnd.docker.distribution.manifest.v1+prettyjws';
const base64url = (text: string) => Buffer.from(text).toString('base64url');

/** A v1 image JSON as docker wrote it: nulls for absent members, the step's command in container_config. */
function v1(id: string, cmd: string, config?: object): string {
  return JSON.stringify({ id, created: '2016-01-01T00:00:00Z', container_config: { Cmd: ['/bin/sh', '-c', cmd] }, ...(config && { config }), architecture: 'amd64', os: 'linux' });
}

describe('schema1ConfigView', () => {
  const manifest: Schema1Manifest = {
    ...(schema1Manifest() as Schema1Manifest),
    history: [
      { v1Compatibility: v1('c', '#(nop) CMD ["sh"]', { Env: ['PATH=/bin', 'A=b'], Cmd: ['sh'], Entrypoint: null, Labels: { team: 'x' }, ExposedPorts: null, User: '' }) },
      { v1Compatibility: v1('b', 'echo hi > /hi') },
      { v1Compatibility: v1('a', '#(nop) ADD file:abc in /') },
    ],
  };

  it('reads the config of the top v1 JSON: env, cmd, labels, platform', () => {
    const { view, problems } = schema1ConfigView(manifest);
    expect(problems).toEqual([]);
    expect(view.platform).toBe('linux/amd64');
    expect(view.env).toEqual([{ name: 'PATH', value: '/bin' }, { name: 'A', value: 'b' }]);
    expect(view.cmd).toEqual(['sh']);
    expect(view.entrypoint).toEqual([]);
    expect(view.labels).toEqual([['team', 'x']]);
    expect(view.diffIds).toEqual([]);
    expect(view.diffIdsMatchLayers).toBe(false);
    expect(view.warnings).toEqual([SCHEMA1_NO_DIFF_IDS]);
  });

  it('gives the history base first, each step paired with the layer at its position', () => {
    const { view } = schema1ConfigView(manifest);
    expect(view.history.map((r) => [r.layerIndex, r.createdBy])).toEqual([
      [0, '/bin/sh -c #(nop) ADD file:abc in /'],
      [1, '/bin/sh -c echo hi > /hi'],
      [2, '/bin/sh -c #(nop) CMD ["sh"]'],
    ]);
  });

  it('reads nothing from a v1 JSON that is not JSON, and still lists its steps', () => {
    const { view } = schema1ConfigView({ ...manifest, history: [{ v1Compatibility: 'not json' }] });
    expect(view.cmd).toEqual([]);
    expect(view.architecture).toBe('amd64');
    expect(view.history).toHaveLength(1);
  });
});

describe('schema1Payload', () => {
  it('rebuilds the bytes without the signatures that registries name a signed manifest by', () => {
    const payload = JSON.stringify({ schemaVersion: 1, name: 'a/b', tag: 't', architecture: 'amd64', fsLayers: [{ blobSum: fakeDigest('x') }], history: [{ v1Compatibility: '{}' }] }, null, 3);
    const formatLength = payload.length - 2;
    const protectedHeader = base64url(JSON.stringify({ formatLength, formatTail: base64url(payload.slice(formatLength)), time: '2016-01-01T00:00:00Z' }));
    const signed = `${payload.slice(0, formatLength)},\n   "signatures": [{"header": {"alg": "ES256"}, "signature": "sig", "protected": "${protectedHeader}"}]${payload.slice(formatLength)}`;
    const bytes = new TextEncoder().encode(signed);
    const parsed = parseManifestDocument(bytes, SIGNED);
    const rebuilt = schema1Payload(bytes, parsed.document as Schema1Manifest);
    expect(new TextDecoder().decode(rebuilt)).toBe(payload);
    expect(createHash('sha256').update(rebuilt!).digest('hex')).not.toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('gives nothing for a signature whose protected header does not read', () => {
    const bytes = new TextEncoder().encode(JSON.stringify(schema1Manifest()));
    expect(schema1Payload(bytes, schema1Manifest() as Schema1Manifest)).toBeUndefined();
  });
});
