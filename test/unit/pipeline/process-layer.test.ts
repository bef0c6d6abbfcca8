// processLayer against layers written by GNU tar and compressed by the gzip
// and zstd tools: digests cross-checked with Node's crypto, the index with
// `tar -t` and the files' bytes at the offsets it records.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DigestMismatchError } from '@/lib/digest';
import { MediaType } from '@/lib/oci/media-types';
import { BrokenTransferError } from '@/lib/pipeline/broken-transfer-error';
import { processLayer, type LayerProgress, type ProcessLayerInput } from '@/lib/pipeline/process-layer';
import { InflateError, SizeMismatchError, TarFormatError, UnverifiableDigestError } from '@/lib/stream/errors';
import { byteSourceOf, chunks, concat, failure, sourceOf, splitAt } from '../stream/stream-helpers';
import { buildTar, contentOf, gzip, listTar, SAMPLE_TREE, sha256, zstd } from './layer-fixtures';

const tar = buildTar(SAMPLE_TREE);
const sha512 = (bytes: Uint8Array) => `sha512:${createHash('sha512').update(bytes).digest('hex')}`;
const gz = gzip(tar);
const zst = zstd(tar);

type Input = Omit<ProcessLayerInput, 'body'>;

const LAYERS = [
  ['gzip', gz, MediaType.OciLayerGzip],
  ['zstd', zst, MediaType.OciLayerZstd],
  ['none', tar, MediaType.OciLayer],
] as const;

function run(blob: Uint8Array, input: Partial<Input> & { mediaType: string }, chunkSize = 64 * 1024) {
  return processLayer({ digest: sha256(blob), size: blob.length, diffId: sha256(tar), ...input, body: sourceOf(chunks(blob, chunkSize)) });
}

describe('processLayer on well-formed layers', () => {
  it.each(LAYERS)('verifies and indexes a %s layer', async (compression, blob, mediaType) => {
    const result = await run(blob, { mediaType });
    expect(result.digest).toEqual({ want: sha256(blob), got: sha256(blob), ok: true });
    expect(result.diffId).toEqual({ want: sha256(tar), got: sha256(tar), ok: true });
    expect(result.compression).toBe(compression);
    expect(result.compressionNote).toBeUndefined();
    expect(result.compressedBytes).toBe(blob.length);
    expect(result.uncompressedBytes).toBe(tar.length);
    // PAX headers are not entries; everything tar -t lists is.
    expect(result.entries).toBe(listTar(tar).length);
  });

  it('records every file with its type, size, mode and the offset of its bytes', async () => {
    const { index } = await run(gz, { mediaType: MediaType.OciLayerGzip });
    for (const e of SAMPLE_TREE) {
      if (e.path.split('/').pop()!.startsWith('.wh.')) continue;
      const got = index.lookup(`/${e.path}`);
      expect(got, `/${e.path}`).toBeDefined();
      expect(got!.type).toBe({ file: 'file', dir: 'directory', symlink: 'symlink', hardlink: 'hardlink' }[e.kind]);
      if (e.kind === 'file') {
        const want = contentOf(e);
        expect(got!.size).toBe(want.length);
        if (e.mode !== undefined) expect(got!.mode & 0o7777).toBe(e.mode);
        expect(sha256(tar.subarray(got!.dataOffset, got!.dataOffset + got!.size))).toBe(sha256(want));
      }
      if (e.kind === 'symlink') expect(got!.linkpath).toBe(e.target);
      if (e.kind === 'hardlink') expect(got!.linkpath).toBe(`/${e.target}`);
    }
    expect(index.lookup('/var/cache')?.whiteout).toBe(true);
    expect(index.lookup('/opt')?.opaque).toBe(true);
  });

  it.each([1, 7, 511, 512, 513, 4096, 1 << 20])('gives the same result whatever the chunk size (%i bytes)', async (size) => {
    const small = gzip(buildTar(SAMPLE_TREE.slice(0, 3)));
    const base = await run(small, { mediaType: MediaType.OciLayerGzip, diffId: undefined }, 1 << 20);
    const result = await run(small, { mediaType: MediaType.OciLayerGzip, diffId: undefined }, size);
    expect([...result.index.walk()]).toEqual([...base.index.walk()]);
    expect(result.diffId.got).toBe(base.diffId.got);
  });

  it('reads a multi-member gzip split exactly at the member boundary', async () => {
    // Two members whose concatenation inflates to the whole tar (RFC 1952 §2.2).
    const cut = 10 * 1024;
    const first = gzip(tar.subarray(0, cut));
    const blob = concat([first, gzip(tar.subarray(cut))]);
    const result = await processLayer({
      body: sourceOf(splitAt(blob, [first.length])),
      digest: sha256(blob),
      size: blob.length,
      mediaType: MediaType.DockerLayerGzip,
      diffId: sha256(tar),
    });
    expect(result.diffId.ok).toBe(true);
    expect(result.entries).toBe(listTar(tar).length);
  });

  it('reports progress ending at the final counts', async () => {
    const seen: LayerProgress[] = [];
    const result = await run(gz, { mediaType: MediaType.OciLayerGzip, onProgress: (p) => seen.push(p) }, 8192);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toEqual({ compressedBytes: gz.length, uncompressedBytes: tar.length, entries: result.entries });
    for (let i = 1; i < seen.length; i++) expect(seen[i].compressedBytes).toBeGreaterThanOrEqual(seen[i - 1].compressedBytes);
  });

  it('has diffId.ok false, not an error, when there is no diff_id to compare with', async () => {
    const result = await run(gz, { mediaType: MediaType.OciLayerGzip, diffId: undefined });
    expect(result.diffId).toEqual({ want: undefined, got: sha256(tar), ok: false });
  });
});

describe('processLayer on a byte stream, read through one reused buffer', () => {
  it.each(LAYERS)('gives a %s layer the same result as chunks of its own', async (_compression, blob, mediaType) => {
    const want = await run(blob, { mediaType });
    // 100-byte parts: the format is sniffed from several reads into the same buffer.
    for (const size of [100, 4096, 700_000]) {
      const input = { digest: sha256(blob), size: blob.length, diffId: sha256(tar), mediaType };
      const got = await processLayer({ ...input, body: byteSourceOf(chunks(blob, size)) });
      expect(got.digest).toEqual(want.digest);
      expect(got.diffId).toEqual(want.diffId);
      expect([...got.index.walk()]).toEqual([...want.index.walk()]);
    }
  });

  it('decodes gzip through the platform decoder from a reused buffer', async () => {
    const input = { digest: sha256(gz), size: gz.length, diffId: sha256(tar), mediaType: MediaType.OciLayerGzip };
    const reread = async () => byteSourceOf([gz]);
    const got = await processLayer({ ...input, body: byteSourceOf(chunks(gz, 3000)), reread });
    expect(got.diffId.ok).toBe(true);
    expect(got.entries).toBe(listTar(tar).length);
  });
});

describe('processLayer when the media type and the bytes disagree', () => {
  it.each([
    ['a gzip blob labelled plain tar', gz, MediaType.OciLayer, 'gzip', /says an uncompressed tar.*first bytes are gzip/],
    ['a plain tar labelled gzip', tar, MediaType.DockerLayerGzip, 'none', /says gzip.*first bytes are an uncompressed tar/],
    ['a zstd blob labelled gzip', zst, MediaType.OciLayerGzip, 'zstd', /says gzip.*first bytes are zstd/],
    ['a gzip blob of an unknown media type', gz, 'application/octet-stream', 'gzip', /not a known layer type/],
  ] as const)('reads %s by its bytes and says so', async (_name, blob, mediaType, want, note) => {
    const result = await run(blob, { mediaType });
    expect(result.compression).toBe(want);
    expect(result.compressionNote).toMatch(note);
    expect(result.diffId.ok).toBe(true);
  });

  // BuildKit's attestation manifests: in-toto statements as layers, each its own diff_id.
  const statement = new TextEncoder().encode(`{"_type":"https://in-toto.io/Statement/v0.1","pad":"${'x'.repeat(2000)}"}`);

  it('verifies a blob that is no layer format at all as an artifact with no files, by its digest and diff_id', async () => {
    const result = await run(statement, { mediaType: MediaType.InTotoAttestation, diffId: sha256(statement) }, 100);
    expect(result.artifact).toBe(true);
    expect(result.digest).toEqual({ want: sha256(statement), got: sha256(statement), ok: true });
    expect(result.diffId).toEqual({ want: sha256(statement), got: sha256(statement), ok: true });
    expect(result.compression).toBe('none');
    expect(result.entries).toBe(0);
    expect(result.index.size).toBe(1);
    expect(result.uncompressedBytes).toBe(statement.length);
  });

  it("checks an artifact's diff_id and digest all the same", async () => {
    const wrongDiffId = await failure(run(statement, { mediaType: MediaType.InTotoAttestation, diffId: sha256(tar), layerNumber: 1 }));
    expect(wrongDiffId).toBeInstanceOf(DigestMismatchError);
    expect((wrongDiffId as DigestMismatchError).subject).toBe('layer 1 diff_id');
    const flipped = statement.slice();
    flipped[10] ^= 1;
    const wrongBytes = await failure(run(flipped, { mediaType: MediaType.InTotoAttestation, digest: sha256(statement), diffId: undefined }));
    expect(wrongBytes).toBeInstanceOf(DigestMismatchError);
  });

  it('leaves a tar layer type whose bytes are garbage to fail in its decoder, not as an artifact', async () => {
    const err = await failure(run(statement, { mediaType: MediaType.OciLayerGzip, diffId: undefined }));
    expect(err).toBeInstanceOf(InflateError);
  });
});

describe('processLayer on damaged layers', () => {
  it('names both digests when one byte of the blob is flipped', async () => {
    const bad = gz.slice();
    bad[Math.floor(bad.length / 2)] ^= 0x01;
    const err = await failure(run(bad, { mediaType: MediaType.OciLayerGzip, digest: sha256(gz), layerNumber: 2 }));
    expect(err).toBeInstanceOf(DigestMismatchError);
    const mismatch = err as DigestMismatchError;
    expect(mismatch.subject).toBe('layer 2 blob');
    expect(mismatch.want).toBe(sha256(gz));
    expect(mismatch.got).toBe(sha256(bad));
    expect(mismatch.bytes).toBe(gz.length);
  });

  it('fails on a diff_id that is not the tar the blob inflates to', async () => {
    const wrong = sha256(new Uint8Array([1]));
    const err = await failure(run(gz, { mediaType: MediaType.OciLayerGzip, diffId: wrong, layerNumber: 3 }));
    expect(err).toBeInstanceOf(DigestMismatchError);
    expect((err as DigestMismatchError).subject).toBe('layer 3 diff_id');
    expect((err as DigestMismatchError).want).toBe(wrong);
    expect((err as DigestMismatchError).got).toBe(sha256(tar));
  });

  it('reports a truncated gzip (whose digest holds) as an InflateError at its end', async () => {
    const cut = gz.subarray(0, gz.length - 100);
    const err = await failure(run(cut, { mediaType: MediaType.OciLayerGzip }));
    expect(err).toBeInstanceOf(InflateError);
    expect((err as InflateError).offset).toBe(cut.length);
  });

  it('reports a blob shorter than its descriptor as a SizeMismatchError', async () => {
    const cut = gz.subarray(0, gz.length - 100);
    const err = await failure(run(cut, { mediaType: MediaType.OciLayerGzip, digest: sha256(gz), size: gz.length }));
    expect(err).toBeInstanceOf(SizeMismatchError);
    expect(err).toMatchObject({ want: gz.length, got: cut.length });
  });

  describe('when the transfer breaks after the last declared byte (the proxy cuts off a blob that fails its digest)', () => {
    /** These bytes in 1 KiB chunks, then a network failure instead of the stream's end. */
    const cutAtEnd = (bytes: Uint8Array) => {
      const parts = chunks(bytes, 1024);
      let i = 0;
      return new ReadableStream<Uint8Array>({
        pull(c) {
          if (i < parts.length) c.enqueue(parts[i++]);
          else c.error(new TypeError('network error'));
        },
      });
    };

    it('names both digests when every declared byte came and they are not the blob', async () => {
      const bad = gz.slice();
      bad[100] ^= 0x01;
      const err = await failure(processLayer({ body: cutAtEnd(bad), digest: sha256(gz), size: gz.length, mediaType: MediaType.OciLayerGzip }));
      expect(err).toBeInstanceOf(DigestMismatchError);
      expect(err).toMatchObject({ want: sha256(gz), got: sha256(bad), bytes: gz.length });
    });

    it('keeps the network failure when the bytes were right', async () => {
      const right = await failure(processLayer({ body: cutAtEnd(gz), digest: sha256(gz), size: gz.length, mediaType: MediaType.OciLayerGzip }));
      expect(right).toBeInstanceOf(TypeError);
    });

    // Before the last byte: the registry broke off after the proxy's answer began, and all a browser sees is "network error".
    const breaks = [
      {
        name: 'right after its last bytes',
        silentMs: 40,
        message: `layer 2 blob: the connection closed after 2048 of ${gz.length} bytes`,
        suggestion: 'The registry, Pullscope’s server or the network between closed the connection before the end of the transfer. Retry.',
      },
      {
        name: 'after the proxy waited out a silence',
        silentMs: 30_250,
        message: `layer 2 blob: the registry stopped sending after 2048 of ${gz.length} bytes (nothing came for 30 s)`,
        suggestion: 'Pullscope gives up on a transfer that sends nothing for 30 s. Retry;',
      },
    ];

    it.each(breaks)('says how far a transfer cut $name got, and how long nothing came', async ({ silentMs, message, suggestion }) => {
      // The clock moves only while the reader waits for the cut (pulled on each read, not ahead).
      let clock = 1_000;
      const parts = chunks(gz.subarray(0, 2048), 1024);
      const body = new ReadableStream<Uint8Array>(
        {
          pull(c) {
            if (parts.length > 0) return c.enqueue(parts.shift()!);
            clock += silentMs;
            c.error(new TypeError('network error'));
          },
        },
        { highWaterMark: 0 },
      );
      const err = await failure(processLayer({ body, digest: sha256(gz), size: gz.length, mediaType: MediaType.OciLayerGzip, layerNumber: 2, now: () => clock }));
      expect(err, `got ${String(err)}, want a BrokenTransferError`).toBeInstanceOf(BrokenTransferError);
      expect(err).toMatchObject({ code: 'TRANSFER_BROKEN', got: 2048, want: gz.length, silentMs, message });
      expect((err as BrokenTransferError).suggestion).toContain(suggestion);
      expect((err as BrokenTransferError).cause).toBeInstanceOf(TypeError);
    });
  });

  it('stops at the first chunk past the declared size', async () => {
    let pulled = 0;
    const parts = chunks(gz, 1024);
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (pulled < parts.length) c.enqueue(parts[pulled++]);
        else c.close();
      },
    });
    const err = await failure(processLayer({ body, digest: sha256(gz), size: 4000, mediaType: MediaType.OciLayerGzip }));
    expect(err).toBeInstanceOf(SizeMismatchError);
    expect(pulled).toBeLessThan(parts.length);
  });

  it('reports a tar header with a bad checksum as a TarFormatError at that header', async () => {
    const broken = tar.slice();
    const entries = await run(tar, { mediaType: MediaType.OciLayer });
    const victim = entries.index.lookup('/etc/os-release')!.headerOffset;
    broken[victim + 148] ^= 0x07; // a checksum digit
    const blob = gzip(broken);
    const err = await failure(run(blob, { mediaType: MediaType.OciLayerGzip, diffId: sha256(broken) }));
    expect(err).toBeInstanceOf(TarFormatError);
    expect((err as TarFormatError).offset).toBe(victim);
  });

  it('reports corrupt deflate data (whose digest holds) as an InflateError with its offset', async () => {
    const bad = gz.slice();
    bad.fill(0xff, 100, 140);
    const err = await failure(run(bad, { mediaType: MediaType.OciLayerGzip }));
    expect(err).toBeInstanceOf(InflateError);
    expect((err as InflateError).offset).toBeGreaterThanOrEqual(100);
  });

  it('refuses a digest it cannot compute before reading anything', async () => {
    const err = await failure(run(gz, { mediaType: MediaType.OciLayerGzip, digest: `blake3:${'a'.repeat(64)}` }));
    expect(err).toBeInstanceOf(UnverifiableDigestError);
  });

  it.each(LAYERS)('verifies a %s layer named by sha512 digests (the other algorithm the image-spec registers)', async (_, blob, mediaType) => {
    const digest = sha512(blob);
    for (const diffId of [sha256(tar), sha512(tar)]) {
      const result = await run(blob, { mediaType, digest, diffId });
      expect(result.digest).toEqual({ want: digest, got: digest, ok: true });
      expect(result.diffId).toEqual({ want: diffId, got: diffId, ok: true });
      expect(result.entries).toBe(listTar(tar).length);
    }
  });

  it('finds a sha512 blob digest that other bytes hash to', async () => {
    const err = await failure(run(gz, { mediaType: MediaType.OciLayerGzip, digest: `sha512:${'a'.repeat(128)}` }));
    expect(err).toBeInstanceOf(DigestMismatchError);
    expect((err as DigestMismatchError).got).toBe(sha512(gz));
  });

  it("stops with the signal's reason when aborted", async () => {
    const controller = new AbortController();
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (++pulls === 3) controller.abort(new Error('user left the page'));
        c.enqueue(gz.subarray(0, 1024));
      },
    });
    const err = await failure(processLayer({ body, digest: sha256(gz), mediaType: MediaType.OciLayerGzip, signal: controller.signal }));
    expect((err as Error).message).toBe('user left the page');
  });
});
