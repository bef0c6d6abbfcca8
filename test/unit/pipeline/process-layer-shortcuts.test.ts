// processLayer's fast paths keep every check: gzip through the platform's
// DecompressionStream with a second read by pako when the platform refuses
// the blob, and a plain tar hashed once for both its digests. Browsers refuse
// gzip data after the first member (Compression Standard); Node's decoder
// does not, so a stand-in that behaves like a browser's is installed here.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DigestMismatchError } from '@/lib/digest';
import { MediaType } from '@/lib/oci/media-types';
import { processLayer, type ProcessLayerInput } from '@/lib/pipeline/process-layer';
import { InflateError, TarFormatError } from '@/lib/stream/errors';
import { chunks, concat, failure, sourceOf } from '../stream/stream-helpers';
import { BrowserLikeDecompressionStream } from './browser-like-decompression';
import { buildTar, gzip, listTar, SAMPLE_TREE, sha256 } from './layer-fixtures';

const tar = buildTar(SAMPLE_TREE);
const gz = gzip(tar);
beforeEach(() => {
  BrowserLikeDecompressionStream.created = 0;
  vi.stubGlobal('DecompressionStream', BrowserLikeDecompressionStream);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** Runs processLayer with a reread that serves `blob` again and counts its calls. */
async function runWithReread(blob: Uint8Array, input: Partial<Omit<ProcessLayerInput, 'body'>> & { mediaType: string }) {
  const rereads = { count: 0 };
  const run = processLayer({
    digest: sha256(blob),
    size: blob.length,
    diffId: sha256(tar),
    ...input,
    body: sourceOf(chunks(blob, 16 * 1024)),
    reread: async () => {
      rereads.count++;
      return sourceOf(chunks(blob, 16 * 1024));
    },
  });
  return { run, rereads };
}

describe('processLayer with the platform gzip decoder', () => {
  it('decodes a single-member gzip with it, reading the blob once', async () => {
    const { run, rereads } = await runWithReread(gz, { mediaType: MediaType.OciLayerGzip });
    const result = await run;
    expect(result.diffId).toEqual({ want: sha256(tar), got: sha256(tar), ok: true });
    expect(result.entries).toBe(listTar(tar).length);
    expect(BrowserLikeDecompressionStream.created).toBe(1);
    expect(rereads.count, 'rereads').toBe(0);
    expect(result.platformDecoded, 'later reads may use the platform decoder').toBe(true);
  });

  it('reads a multi-member gzip (eStargz-like) again with pako when the platform refuses it', async () => {
    const cuts = [0, 4096, 10 * 1024, 30 * 1024, tar.length];
    const blob = concat(cuts.slice(1).map((end, i) => gzip(tar.subarray(cuts[i], end))));
    const { run, rereads } = await runWithReread(blob, { mediaType: MediaType.OciLayerGzip });
    const result = await run;
    expect(result.digest.ok).toBe(true);
    expect(result.diffId).toEqual({ want: sha256(tar), got: sha256(tar), ok: true });
    expect(result.entries).toBe(listTar(tar).length);
    expect(result.uncompressedBytes).toBe(tar.length);
    expect(rereads.count, 'rereads').toBe(1);
    expect(result.platformDecoded, 'later reads must use pako too').toBeUndefined();
  });

  it('reports corrupt deflate data (whose digest holds) as pako does: an InflateError with its offset', async () => {
    const bad = gz.slice();
    bad.fill(0xff, 100, 140);
    const { run, rereads } = await runWithReread(bad, { mediaType: MediaType.OciLayerGzip });
    const err = await failure(run);
    expect(err).toBeInstanceOf(InflateError);
    expect((err as InflateError).offset).toBeGreaterThanOrEqual(100);
    expect(rereads.count, 'rereads').toBe(1);
  });

  it('reports a corrupt blob whose digest is wrong as a digest mismatch, without reading it again', async () => {
    const bad = gz.slice();
    bad.fill(0xff, 100, 140);
    const { run, rereads } = await runWithReread(bad, { mediaType: MediaType.OciLayerGzip, digest: sha256(gz), layerNumber: 4 });
    const err = await failure(run);
    expect(err).toBeInstanceOf(DigestMismatchError);
    expect((err as DigestMismatchError).subject).toBe('layer 4 blob');
    expect(rereads.count, 'rereads').toBe(0);
  });

  it('reports a tar error in well-formed gzip as a TarFormatError, without reading it again', async () => {
    const broken = tar.slice();
    const { index } = await processLayer({ body: sourceOf([tar]), digest: sha256(tar), mediaType: MediaType.OciLayer });
    const victim = index.lookup('/etc/os-release')!.headerOffset;
    broken[victim + 148] ^= 0x07; // a checksum digit
    const blob = gzip(broken);
    const { run, rereads } = await runWithReread(blob, { mediaType: MediaType.OciLayerGzip, diffId: sha256(broken) });
    const err = await failure(run);
    expect(err).toBeInstanceOf(TarFormatError);
    expect((err as TarFormatError).offset).toBe(victim);
    expect(rereads.count, 'rereads').toBe(0);
  });

  it('fails on a wrong diff_id after the platform decoded the blob', async () => {
    const wrong = sha256(new Uint8Array([1]));
    const { run } = await runWithReread(gz, { mediaType: MediaType.OciLayerGzip, diffId: wrong, layerNumber: 3 });
    const err = await failure(run);
    expect(err).toBeInstanceOf(DigestMismatchError);
    expect(err).toMatchObject({ subject: 'layer 3 diff_id', want: wrong, got: sha256(tar) });
  });
});

describe('processLayer on a plain tar (its own blob)', () => {
  it('gives the one digest as both the blob digest and the diff_id', async () => {
    const result = await processLayer({ body: sourceOf(chunks(tar, 1000)), digest: sha256(tar), size: tar.length, diffId: sha256(tar), mediaType: MediaType.OciLayer });
    expect(result.digest).toEqual({ want: sha256(tar), got: sha256(tar), ok: true });
    expect(result.diffId).toEqual({ want: sha256(tar), got: sha256(tar), ok: true });
    expect(result.uncompressedBytes).toBe(tar.length);
  });

  it('still checks the diff_id, naming it, when the config disagrees with the blob', async () => {
    const wrong = sha256(new Uint8Array([2]));
    const err = await failure(processLayer({ body: sourceOf([tar]), digest: sha256(tar), diffId: wrong, layerNumber: 1, mediaType: MediaType.OciLayer }));
    expect(err).toBeInstanceOf(DigestMismatchError);
    expect(err).toMatchObject({ subject: 'layer 1 diff_id', want: wrong, got: sha256(tar) });
  });

  it('still checks the blob digest first, naming the blob', async () => {
    const wrong = sha256(new Uint8Array([3]));
    const err = await failure(processLayer({ body: sourceOf([tar]), digest: wrong, diffId: sha256(tar), layerNumber: 1, mediaType: MediaType.OciLayer }));
    expect(err).toBeInstanceOf(DigestMismatchError);
    expect(err).toMatchObject({ subject: 'layer 1 blob', want: wrong, got: sha256(tar) });
  });
});
