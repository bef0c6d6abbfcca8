import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { findReferrers, type FetchedReferrers, type ReferrersSource } from '@/lib/inspect/referrers';
import type { FetchedDocument } from '@/lib/inspect/image-source';
import { RegistryError } from '@/lib/registry/errors';

const SUBJECT = `sha256:${'a'.repeat(64)}`;
const SIG = `sha256:${'b'.repeat(64)}`;
const SBOM = `sha256:${'c'.repeat(64)}`;
const location = { apiHost: 'registry.test', repository: 'team/app' };
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const digestOf = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

// As a registry answers GET /v2/team/app/referrers/<subject> (distribution-spec 1.1), and as a fallback tag's index reads.
const index = encode({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.index.v1+json',
  manifests: [
    {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: SIG,
      size: 650,
      artifactType: 'application/vnd.cncf.notary.signature',
      annotations: { 'org.opencontainers.image.created': '2024-05-01T00:00:00Z', 'io.cncf.notary.x509chain.thumbprint#S256': '["ab"]' },
    },
    { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: SBOM, size: 410, artifactType: 'application/spdx+json' },
  ],
});

function error(httpStatus: number, code: string): RegistryError {
  return new RegistryError({ code, httpStatus, registry: 'registry.test', registryMessage: '', repository: 'team/app' });
}

function source(api: FetchedReferrers | RegistryError, tag: FetchedDocument | RegistryError): ReferrersSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async getReferrers(_l, digest) {
      asked.push(`referrers ${digest}`);
      if (api instanceof RegistryError) throw api;
      return api;
    },
    async resolveDigest(_l, reference) {
      asked.push(`head ${reference}`);
      if (tag instanceof RegistryError) throw tag;
      return tag.registryDigest;
    },
    async getManifest(_l, reference) {
      asked.push(`manifest ${reference}`);
      if (tag instanceof RegistryError) throw tag;
      return tag;
    },
  };
}

describe('findReferrers', () => {
  it("lists the referrers API's answer, with each one's artifact type and annotations, and asks nothing more", async () => {
    const s = source({ bytes: index, contentType: 'application/vnd.oci.image.index.v1+json' }, error(404, 'MANIFEST_UNKNOWN'));
    const got = await findReferrers(s, location, SUBJECT);
    expect(got).toEqual({
      via: 'api',
      tag: `sha256-${'a'.repeat(64)}`,
      referrers: [
        {
          digest: SIG,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          size: 650,
          artifactType: 'application/vnd.cncf.notary.signature',
          annotations: [
            ['io.cncf.notary.x509chain.thumbprint#S256', '["ab"]'],
            ['org.opencontainers.image.created', '2024-05-01T00:00:00Z'],
          ],
        },
        { digest: SBOM, mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 410, artifactType: 'application/spdx+json', annotations: [] },
      ],
    });
    expect(s.asked).toEqual([`referrers ${SUBJECT}`]);
  });

  it.each([
    [{ filtersApplied: 'artifactType' }, 'the registry filtered the list (artifactType)'],
    [{ link: '</v2/team/app/referrers/x?n=2>; rel="next"' }, 'the registry lists more in further pages'],
  ])('says when the API gave only part of the list: %j', async (headers, partial) => {
    const got = await findReferrers(source({ bytes: index, contentType: '', ...headers }, error(404, 'MANIFEST_UNKNOWN')), location, SUBJECT);
    expect(got.partial).toBe(partial);
  });

  it.each([404, 405])('reads the fallback tag when the registry has no referrers API (%i), and checks its index against the digest sent', async (status) => {
    const s = source(error(status, 'UNKNOWN'), { bytes: index, contentType: 'application/vnd.oci.image.index.v1+json', registryDigest: digestOf(index) });
    const got = await findReferrers(s, location, SUBJECT);
    expect(got.via).toBe('tag');
    expect(got.referrers.map((r) => r.digest)).toEqual([SIG, SBOM]);
    expect(got.tagIndex).toEqual({ digest: digestOf(index), ok: true });
    expect(s.asked).toEqual([`referrers ${SUBJECT}`, `head sha256-${'a'.repeat(64)}`, `manifest sha256-${'a'.repeat(64)}`]);
  });

  it("says so when the fallback tag's index does not hash to the digest the registry sent", async () => {
    const s = source(error(404, 'UNKNOWN'), { bytes: index, contentType: '', registryDigest: SBOM });
    expect((await findReferrers(s, location, SUBJECT)).tagIndex).toEqual({ digest: digestOf(index), ok: false });
  });

  it('finds none when there is neither the API nor the tag, with no GET of a manifest (Docker Hub counts those as pulls)', async () => {
    const s = source(error(404, 'UNKNOWN'), error(404, 'MANIFEST_UNKNOWN'));
    expect(await findReferrers(s, location, SUBJECT)).toEqual({
      via: 'none',
      tag: `sha256-${'a'.repeat(64)}`,
      referrers: [],
    });
    expect(s.asked).toEqual([`referrers ${SUBJECT}`, `head sha256-${'a'.repeat(64)}`]);
  });

  it.each([
    ['a refusal of the API', error(401, 'UNAUTHORIZED'), error(404, 'MANIFEST_UNKNOWN')],
    ['a failure of the API', error(503, 'UNAVAILABLE'), error(404, 'MANIFEST_UNKNOWN')],
    ['a refusal of the tag', error(404, 'UNKNOWN'), error(403, 'DENIED')],
  ])('passes on %s', async (_, api, tag) => {
    await expect(findReferrers(source(api, tag), location, SUBJECT)).rejects.toBeInstanceOf(RegistryError);
  });
});
