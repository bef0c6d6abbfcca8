// A layer whose blob digest held and whose content then failed (diff_id,
// gzip, tar): the failure is the image's own, said so, with the verified
// digest kept on the layer's card and no retry offered for it.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LayersPanel } from '@/components/layers/layers-panel';
import { LayerProgressFeed } from '@/components/layers/layer-progress-feed';
import { DigestMismatchError } from '@/lib/digest';
import { MediaType } from '@/lib/oci/media-types';
import { toManifestView } from '@/lib/oci/manifest-view';
import { parseManifestDocument } from '@/lib/oci/parse';
import { pipelineErrorFromWire } from '@/lib/pipeline/error-from-wire';
import type { LayerState } from '@/lib/pipeline/layer-scheduler';
import { processLayer } from '@/lib/pipeline/process-layer';
import { InflateError, TarFormatError } from '@/lib/stream/errors';
import type { PullscopeError } from '@/lib/errors';
import { sourceOf, chunks, failure } from '../stream/stream-helpers';
import { buildTar, gzip, SAMPLE_TREE, sha256 } from '../pipeline/layer-fixtures';

const tar = buildTar(SAMPLE_TREE);
const gz = gzip(tar);

async function fail(blob: Uint8Array, mediaType: string, diffId = sha256(tar)): Promise<PullscopeError> {
  const body = sourceOf(chunks(blob, 64 * 1024));
  return (await failure(processLayer({ body, digest: sha256(blob), size: blob.length, mediaType, diffId, layerNumber: 2 }))) as PullscopeError;
}

const cases = [
  ['a diff_id the tar does not hash to', () => fail(gz, MediaType.OciLayerGzip, sha256(new Uint8Array([1]))), DigestMismatchError],
  ['trailing data after the gzip member', () => fail(new Uint8Array([...gz, 1, 2, 3, 4]), MediaType.OciLayerGzip), InflateError],
  ['a tar cut inside an entry', () => fail(gzip(tar.subarray(0, 1600)), MediaType.OciLayerGzip), TarFormatError],
] as const;

describe('a layer whose blob digest held and whose content failed', () => {
  it.each(cases)('%s: the error carries the verified blob digest, across the worker boundary too', async (_, run, type) => {
    const err = await run();
    expect(err).toBeInstanceOf(type);
    expect(err.verifiedBlob, `got ${String(err.verifiedBlob)}, want the blob's digest`).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(pipelineErrorFromWire(err.toWire()).verifiedBlob).toBe(err.verifiedBlob);
  });

  it('a diff_id mismatch says the registry served the named bytes and the config names other content: no retry', async () => {
    const err = await cases[0][1]();
    expect(err.suggestion).toContain('The registry served exactly the bytes the manifest names');
    expect(err.suggestion).toContain('A retry cannot fix it');
    expect(err.suggestion).not.toMatch(/^Retry|registry or something between serves corrupt data/);
  });

  it('a blob that does not hash to its digest still says to retry, and carries no verified digest', async () => {
    const bad = gz.slice();
    bad[100] ^= 1;
    const body = sourceOf(chunks(bad, 64 * 1024));
    const err = (await failure(processLayer({ body, digest: sha256(gz), size: gz.length, mediaType: MediaType.OciLayerGzip }))) as PullscopeError;
    expect(err).toBeInstanceOf(DigestMismatchError);
    expect(err.verifiedBlob).toBeUndefined();
    expect(err.suggestion).toMatch(/^The bytes received are not the content that digest names\. Retry/);
  });
});

describe('the layer card of such a failure', () => {
  const descriptor = { mediaType: MediaType.OciLayerGzip, digest: sha256(gz), size: gz.length };
  const manifest = toManifestView(
    parseManifestDocument(
      new TextEncoder().encode(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(new Uint8Array([2])), size: 1 },
          layers: [descriptor],
        }),
      ),
    ),
    sha256(new Uint8Array([3])),
  );
  const render = (error: PullscopeError) => {
    const state: LayerState = { status: 'error', fromCache: false, compressedBytes: gz.length, totalBytes: gz.length, uncompressedBytes: 0, bytesPerSecond: 0, entries: 0, error };
    return renderToStaticMarkup(
      createElement(LayersPanel, { manifest, layers: [state], progress: new LayerProgressFeed(), chainIds: [], onSelect: () => {}, onRetry: () => {} }),
    );
  };

  it.each(cases)('%s: keeps the blob digest ✓ and offers no Retry', async (_, run) => {
    const err = await run();
    const html = render(err);
    expect(html).toContain(`data-testid="layer-digest-check" data-ok="true">✓ ${err.verifiedBlob}`);
    expect(html).toContain('Pulling it again gives the same bytes.');
    expect(html).not.toContain('data-testid="layers-retry"');
  });

  it('offers Retry for a blob that did not hash to its digest', async () => {
    const err = new DigestMismatchError('layer 1 blob', descriptor.digest, sha256(new Uint8Array([4])), gz.length);
    const html = render(err);
    expect(html).toContain('data-testid="layers-retry"');
    expect(html).not.toContain('data-testid="layer-digest-check"');
  });
});
