import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Digest } from '@/lib/digest';
import { mergeLayers } from '@/lib/fs/overlay';
import { inspectImage } from '@/lib/inspect/inspect-image';
import { openImageArchive } from '@/lib/local/open-image-archive';
import { processLayer } from '@/lib/pipeline/process-layer';
import { readLayerFile } from '@/lib/pipeline/read-file';
import { buildExampleArchive } from '../../../scripts/example/example-image';

const COMMITTED = path.resolve(__dirname, '../../../public/example/pullscope-example.oci.tar');

describe('the built-in example', () => {
  let built: Awaited<ReturnType<typeof buildExampleArchive>>;
  const committed = new Uint8Array(readFileSync(COMMITTED));
  beforeAll(async () => {
    built = await buildExampleArchive();
  });

  it('rebuilds to the same bytes as the committed file (its digests never change)', async () => {
    expect(await sha256Digest(built.bytes), 'rebuild with `npx tsx scripts/build-example.ts` only on purpose').toBe(await sha256Digest(committed));
  });

  it('stays small', () => {
    expect(committed.length).toBeLessThan(200 * 1024);
  });

  it.each([
    ['linux/amd64', 'x86_64'],
    ['linux/arm64', 'aarch64'],
  ])('opens as a two-platform index; %s verifies and merges with its whiteouts applied', async (platform, machine) => {
    const source = await openImageArchive(new Blob([committed]));
    const state = await inspectImage(
      { registry: 'local archive', apiHost: '', repository: 'example', digest: source.images[0].descriptor.digest },
      { client: source, platform },
    );
    expect(state.resolvedDigest).toBe(built.indexDigest);
    expect(state.index?.view.platforms.map((p) => p.platform)).toEqual(['linux/amd64', 'linux/arm64']);
    expect(state.platform?.chosen).toBe(platform);
    const layers = state.manifest!.view.layers;
    const results = [];
    for (const [i, layer] of layers.entries()) {
      const blob = await source.layerBlob(layer.digest);
      results.push(await processLayer({ body: blob.stream(), digest: layer.digest, size: layer.size, mediaType: layer.mediaType, diffId: state.config!.view.diffIds[i] }));
    }
    expect(results.map((r) => [r.digest.ok, r.diffId.ok, r.compression])).toEqual(results.map(() => [true, true, 'gzip']));
    const merged = mergeLayers(results.map((r) => r.index));
    const paths = [...merged.walk()].map((e) => e.path);
    expect(paths).toContain('/app/data/greeting.txt');
    expect(paths).not.toContain('/usr/share/doc/old-notes.txt');
    expect(paths).not.toContain('/etc/hostname');
    expect(paths.filter((p) => p.startsWith('/var/cache/app/'))).toEqual(['/var/cache/app/fresh.txt']);
    expect(merged.lookup('/usr/bin/hello')?.linkpath).toBe('../../bin/hello');
    const arch = merged.contentOf('/etc/arch')!;
    const bytes = await readLayerFile({ blob: (await source.layerBlob(layers[arch.layer].digest)).stream(), compression: 'gzip', ...arch });
    expect(new TextDecoder().decode(bytes)).toBe(`${machine}\n`);
  });
});
