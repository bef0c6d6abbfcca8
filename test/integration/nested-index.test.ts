/**
 * Indexes whose entries are indexes: the platform is looked for through
 * them, as containerd resolves it, each nested index verified and kept for
 * the page with its entries; past a bound the pull stops and says so.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { inspectImage, type InspectionState } from '@/lib/inspect/inspect-image';
import { ProxyClient } from '@/lib/inspect/proxy-client';
import { NestedIndexTooDeepError } from '@/lib/inspect/nested-index-too-deep';
import { parseReference } from '@/lib/reference';
import { loadTestBed } from '../support/test-bed';
import { inProcessProxyFetch } from '../support/in-process-proxy';
import { OCI_MANIFEST, entriesLayer, imageConfig, pushImage, pushIndex, type IndexEntry } from '../support/hostile-images';

const bed = loadTestBed();
const host = bed.anonymous.host;
const client = new ProxyClient({ fetch: inProcessProxyFetch });
const repository = 'hostile/nested';
let amd64: IndexEntry;
let arm64: IndexEntry;
let inner: IndexEntry;

function inspect(tag: string, platform?: string): Promise<InspectionState> {
  return inspectImage(parseReference(`${host}/${repository}:${tag}`), { client, platform });
}

beforeAll(async () => {
  const layer = entriesLayer([{ type: 'file', path: 'etc/nested.txt', content: 'nested' }]);
  const image = async (tag: string, architecture: string): Promise<IndexEntry> => {
    const config = JSON.parse(new TextDecoder().decode(imageConfig([layer.diffId])));
    const bytes = new TextEncoder().encode(JSON.stringify({ ...config, architecture }));
    const pushed = await pushImage(host, repository, tag, { layers: [layer], config: bytes });
    const answer = await fetch(`http://${host}/v2/${repository}/manifests/${pushed.manifestDigest}`, { headers: { accept: OCI_MANIFEST } });
    return { mediaType: OCI_MANIFEST, digest: pushed.manifestDigest, size: (await answer.arrayBuffer()).byteLength, platform: { os: 'linux', architecture } };
  };
  amd64 = await image('amd64', 'amd64');
  arm64 = await image('arm64', 'arm64');
  inner = await pushIndex(host, repository, 'inner', [amd64, arm64]);
  // v1: the top index's one entry is the inner index, with no platform; v2: the same entry says linux/amd64.
  await pushIndex(host, repository, 'v1', [inner]);
  await pushIndex(host, repository, 'v2', [{ ...inner, platform: { os: 'linux', architecture: 'amd64' } }]);
  // Five indexes below the top one, each the only entry of the one above.
  let entry = inner;
  for (let depth = 1; depth <= 5; depth++) entry = await pushIndex(host, repository, `deep-${depth}`, [entry]);
});

describe('a nested index', () => {
  it.each([
    { tag: 'v1', platform: 'linux/arm64', want: () => arm64 },
    { tag: 'v1', platform: undefined, want: () => amd64 },
    { tag: 'v2', platform: undefined, want: () => amd64 },
    { tag: 'v2', platform: 'linux/amd64', want: () => amd64 },
  ])('resolves $tag for platform $platform through the nested index', async ({ tag, platform, want }) => {
    const state = await inspect(tag, platform);
    expect(state.manifest?.view.kind).toBe('manifest');
    expect(state.manifest?.view.digest).toBe(want().digest);
    expect(state.manifest?.check.ok).toBe(true);
    expect(state.config?.view.architecture).toBe(want().platform!.architecture);
    expect(state.nested?.map((n) => n.view.digest)).toEqual([inner.digest]);
    expect(state.nested?.[0].check.ok).toBe(true);
    expect(state.nested?.[0].view.platforms.map((p) => p.platform)).toEqual(['linux/amd64', 'linux/arm64']);
  });

  it('says which platforms the nested index has when the one asked for is not there', async () => {
    const state = await inspect('v1', 'linux/s390x');
    expect(state.manifest).toBeUndefined();
    expect(state.nested?.map((n) => n.view.digest)).toEqual([inner.digest]);
    expect(state.platform?.reason).toBe('The index has no linux/s390x image; it has: linux/amd64, linux/arm64.');
  });

  it('stops past four nested indexes, saying so', async () => {
    await expect(inspect('deep-4')).resolves.toMatchObject({ manifest: { view: { digest: amd64.digest } } });
    await expect(inspect('deep-5')).rejects.toBeInstanceOf(NestedIndexTooDeepError);
  });
});
