import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DigestMismatchError } from '@/lib/digest';
import { SizeMismatchError, UnverifiableDigestError } from '@/lib/stream/errors';
import { createSha256 } from '@/lib/stream/sha256';
import { digestStream, verifyDigestStream } from '@/lib/stream/verify-digest';
import { chunks, errorOf, pseudoRandom, runThrough, sameBytes } from './stream-helpers';

const content = pseudoRandom(300_000, 5);
const digestOf = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const right = digestOf(content);
const wrong = digestOf(content.subarray(1));

describe('createSha256', () => {
  it.each([0, 1, 63, 64, 65, 100_000])('matches node:crypto over %i bytes fed in pieces', async (length) => {
    const bytes = pseudoRandom(length, length + 1);
    const hasher = await createSha256();
    for (const part of chunks(bytes, 17)) hasher.update(part);
    expect(hasher.digest()).toBe(digestOf(bytes));
  });
});

describe('verifyDigestStream', () => {
  it('passes the bytes through unchanged when digest and size match, reporting progress', async () => {
    const progress: number[] = [];
    const out = await runThrough(
      chunks(content, 100_000),
      verifyDigestStream({ want: right, subject: 'layer 1 blob', expectedSize: content.length, onProgress: (n) => progress.push(n) }),
    );
    expect(sameBytes(out, content)).toBe(true);
    expect(progress).toEqual([100_000, 200_000, 300_000]);
  });

  it('fails with DigestMismatchError naming both digests', async () => {
    const err = await errorOf(chunks(content, 65536), verifyDigestStream({ want: wrong, subject: 'layer 1 blob' }));
    expect(err).toBeInstanceOf(DigestMismatchError);
    const e = err as DigestMismatchError;
    expect([e.code, e.want, e.got, e.bytes]).toEqual(['DIGEST_MISMATCH', wrong, right, content.length]);
    expect(e.message).toBe(`layer 1 blob: digest mismatch: got ${right}, want ${wrong} (${content.length} bytes hashed)`);
  });

  it('fails as soon as more bytes arrive than the declared size', async () => {
    const seen: number[] = [];
    const parts = chunks(content, 1000);
    const err = await errorOf(parts, verifyDigestStream({ want: right, subject: 'layer 2 blob', expectedSize: 4500, onProgress: (n) => seen.push(n) }));
    expect(err).toBeInstanceOf(SizeMismatchError);
    const e = err as SizeMismatchError;
    expect([e.code, e.want, e.got]).toEqual(['SIZE_MISMATCH', 4500, 5000]);
    expect(e.message).toBe('layer 2 blob: size mismatch: got more than 4500 bytes (at least 5000)');
    expect(seen.at(-1), 'progress stops at the last chunk within the size').toBe(4000);
  });

  it('fails at the end when fewer bytes arrive than the declared size (a truncated blob)', async () => {
    const err = await errorOf(chunks(content.subarray(0, 1000), 300), verifyDigestStream({ want: right, subject: 'layer 2 blob', expectedSize: content.length }));
    expect(err).toBeInstanceOf(SizeMismatchError);
    expect((err as SizeMismatchError).message).toBe(`layer 2 blob: size mismatch: got 1000 bytes, want ${content.length}`);
  });

  it('refuses a digest it cannot compute', () => {
    expect(() => verifyDigestStream({ want: `blake3:${'a'.repeat(64)}`, subject: 'config' })).toThrow(UnverifiableDigestError);
  });

  it('verifies a sha512 digest, and finds one that other bytes hash to', async () => {
    const want = `sha512:${createHash('sha512').update(content).digest('hex')}`;
    await expect(errorOf(chunks(content, 300), verifyDigestStream({ want, subject: 'layer 2 blob' }))).resolves.toBeUndefined();
    const err = await errorOf(chunks(content, 300), verifyDigestStream({ want: `sha512:${'a'.repeat(128)}`, subject: 'layer 2 blob' }));
    expect(err).toBeInstanceOf(DigestMismatchError);
  });
});

describe('digestStream', () => {
  it('resolves with the digest and length of what went through', async () => {
    const { stream, result } = digestStream();
    const out = await runThrough(chunks(content, 4096), stream);
    expect(sameBytes(out, content)).toBe(true);
    expect(await result).toEqual({ digest: right, bytes: content.length });
  });

  it('hashes an empty stream to the sha256 of nothing', async () => {
    const { stream, result } = digestStream();
    await runThrough([], stream);
    expect(await result).toEqual({ digest: 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', bytes: 0 });
  });
});
