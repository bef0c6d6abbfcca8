import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkedLook, verifiedWords } from '@/components/inspector/digest-badge-words';
import { checkDigest } from '@/lib/inspect/digest-check';
import { readDigestHeader } from '@/lib/inspect/digest-header';
import { ProxyClient } from '@/lib/inspect/proxy-client';

const bytes = new TextEncoder().encode('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}');
const sha256 = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const sha512 = `sha512:${createHash('sha512').update(bytes).digest('hex')}`;
const other = `sha256:${'f'.repeat(64)}`;

describe('checkDigest', () => {
  it('verifies a sha512 digest with sha512, and shows the digest in the algorithm that named the bytes', async () => {
    const got = await checkDigest('manifest', bytes, [
      { source: 'index', digest: sha512 },
      { source: 'Docker-Content-Digest', digest: sha512 },
    ]);
    expect(got).toMatchObject({ ok: true, mismatches: [], computed: sha512 });
  });

  it('checks each claim in its own algorithm: a sha256 reference and a sha512 header both hold', async () => {
    const got = await checkDigest('manifest', bytes, [
      { source: 'reference', digest: sha256 },
      { source: 'Docker-Content-Digest', digest: sha512 },
    ]);
    expect(got).toMatchObject({ ok: true, mismatches: [], computed: sha256 });
  });

  it('still finds a sha512 digest that other bytes hash to', async () => {
    const wrong = `sha512:${'0'.repeat(128)}`;
    const got = await checkDigest('manifest', bytes, [{ source: 'index', digest: wrong }]);
    expect(got.ok).toBe(false);
    expect(got.mismatches).toEqual([{ source: 'index', digest: wrong }]);
  });

  it('reads the first of a Docker-Content-Digest sent twice with the same value, as Go clients do', async () => {
    const got = await checkDigest('manifest', bytes, [{ source: 'Docker-Content-Digest', digest: `${sha256}, ${sha256}` }]);
    expect(got).toMatchObject({ ok: true, claims: [{ source: 'Docker-Content-Digest', digest: sha256 }], mismatches: [] });
    expect(got.notes).toBeUndefined();
  });

  it('compares the first of two different Docker-Content-Digest values and says the registry sent both', async () => {
    const got = await checkDigest('manifest', bytes, [{ source: 'Docker-Content-Digest', digest: `${sha256}, ${other}` }]);
    expect(got.ok).toBe(true);
    expect(got.notes).toEqual([
      `Docker-Content-Digest was sent more than once, with different values (${other} too); the first is compared, as docker does`,
    ]);
  });

  it('reports an unreadable Docker-Content-Digest as unreadable, not as a mismatch', async () => {
    const got = await checkDigest('manifest', bytes, [
      { source: 'reference', digest: sha256 },
      { source: 'Docker-Content-Digest', digest: 'not-a-digest' },
    ]);
    expect(got).toMatchObject({ ok: true, mismatches: [], claims: [{ source: 'reference', digest: sha256 }] });
    expect(got.notes).toEqual(['Docker-Content-Digest "not-a-digest" is not a digest: not compared']);
  });

  it('fails on a size the descriptor declares that is not the number of bytes received, even when the digest holds', async () => {
    const got = await checkDigest('config', bytes, [{ source: 'manifest', digest: sha256, size: 10 }]);
    expect(got.ok).toBe(false);
    expect(got.mismatches).toEqual([]);
    expect(got.sizeMismatches).toEqual([{ source: 'manifest', size: 10 }]);
  });

  it('passes a size that matches', async () => {
    const got = await checkDigest('config', bytes, [{ source: 'manifest', digest: sha256, size: bytes.byteLength }]);
    expect(got).toMatchObject({ ok: true });
    expect(got.sizeMismatches).toBeUndefined();
  });
});

describe('verifiedWords', () => {
  it('says "computed", not verified, when the registry sent no digest to compare with', async () => {
    const got = await checkDigest('manifest', bytes, [{ source: 'Docker-Content-Digest', digest: undefined }]);
    expect(verifiedWords(got)).toBe(`computed: ${sha256} (the registry sent no digest to compare with) · ${bytes.byteLength} bytes hashed`);
    expect(checkedLook(got)).toBe('computed');
  });

  it('says verified, and against what, when a digest was compared', async () => {
    const got = await checkDigest('manifest', bytes, [{ source: 'Docker-Content-Digest', digest: sha256 }]);
    expect(verifiedWords(got)).toBe(`✓ verified against Docker-Content-Digest · ${bytes.byteLength} bytes hashed`);
    expect(checkedLook(got)).toBe('ok');
  });
});

describe('readDigestHeader', () => {
  it.each([
    ['one value', sha256, { digest: sha256, others: [] }],
    ['the same value twice', `${sha256}, ${sha256}`, { digest: sha256, others: [] }],
    ['two values', `${sha256},${other}`, { digest: sha256, others: [other] }],
    ['no digest', 'not-a-digest', { unreadable: 'not-a-digest' }],
  ])('reads %s', (_, value, want) => {
    expect(readDigestHeader(value)).toEqual(want);
  });

  it("resolves a tag by HEAD to the first of a repeated header's values", async () => {
    const headers = new Headers();
    headers.append('docker-content-digest', sha256);
    headers.append('docker-content-digest', sha256);
    const client = new ProxyClient({ origin: 'http://app.test', fetch: async () => new Response(null, { status: 200, headers }) });
    expect(await client.resolveDigest({ apiHost: 'registry.test', repository: 'app' }, 'v1')).toBe(sha256);
  });
});
