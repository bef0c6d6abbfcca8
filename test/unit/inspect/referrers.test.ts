import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { findReferrers, MAX_REFERRERS_PAGES, type FetchedReferrers, type ReferrersSource } from '@/lib/inspect/referrers';
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

  it('says when the API filtered the list', async () => {
    const got = await findReferrers(source({ bytes: index, contentType: '', filtersApplied: 'artifactType' }, error(404, 'MANIFEST_UNKNOWN')), location, SUBJECT);
    expect(got.partial).toBe('the registry filtered the list (artifactType)');
  });

  // A registry that pages its answer: each page one referrer, linked by an opaque cursor.
  function pagedSource(pages: { digest: string; link?: string }[], lastPage?: RegistryError) {
    const asked: string[] = [];
    const page = (digest: string) => encode({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest, size: 1 }] });
    const s: ReferrersSource = {
      async getReferrers(_l, digest, _signal, query) {
        asked.push(`referrers ${digest}${query ? `?${query}` : ''}`);
        const i = query === undefined ? 0 : Number(query.get('cursor')?.slice(1));
        if (i >= pages.length && lastPage) throw lastPage;
        return { bytes: page(pages[i].digest), contentType: '', link: pages[i].link };
      },
      resolveDigest: async () => expect.unreachable('no fallback tag when the API answered'),
      getManifest: async () => expect.unreachable('no fallback tag when the API answered'),
    };
    return { s, asked };
  }
  const path = `/v2/team/app/referrers/${SUBJECT}`;

  it("follows the API's next links, relative or absolute, and lists every page's referrers", async () => {
    const { s, asked } = pagedSource([
      { digest: SIG, link: `<${path}?n=1&cursor=p1>; rel="next"` },
      { digest: SBOM, link: `<https://registry.test${path}?n=1&cursor=p2>; rel="next"` },
      { digest: SUBJECT },
    ]);
    const got = await findReferrers(s, location, SUBJECT);
    expect(got.referrers.map((r) => r.digest)).toEqual([SIG, SBOM, SUBJECT]);
    expect(got).toMatchObject({ via: 'api', pages: 3 });
    expect(got.partial).toBeUndefined();
    expect(asked).toEqual([`referrers ${SUBJECT}`, `referrers ${SUBJECT}?n=1&cursor=p1`, `referrers ${SUBJECT}?n=1&cursor=p2`]);
  });

  it.each([
    ['links another path', `</v2/team/other/referrers/${SUBJECT}?cursor=p1>; rel="next"`, 'the registry links its next page outside this list, which is not followed', 1],
    ['links the first page again', `<${path}>; rel="next"`, 'the registry links a page it already sent', 1],
  ])('stops, and says the list is partial, when the registry %s', async (_, link, partial, pages) => {
    const { s } = pagedSource([{ digest: SIG, link }]);
    const got = await findReferrers(s, location, SUBJECT);
    expect(got.referrers.map((r) => r.digest)).toEqual([SIG]);
    expect(got.partial).toBe(partial);
    expect(got.pages).toBe(pages === 1 ? undefined : pages);
  });

  it(`stops after ${MAX_REFERRERS_PAGES} pages of a list that never ends`, async () => {
    const { s, asked } = pagedSource(Array.from({ length: 30 }, (_, i) => ({ digest: SIG, link: `<${path}?cursor=p${i + 1}>; rel="next"` })));
    const got = await findReferrers(s, location, SUBJECT);
    expect(asked).toHaveLength(MAX_REFERRERS_PAGES);
    expect(got.partial).toBe(`the registry lists more after the first ${MAX_REFERRERS_PAGES} pages`);
  });

  it("passes on a later page's failure: it is the list's, not a sign of no API", async () => {
    const { s } = pagedSource([{ digest: SIG, link: `<${path}?cursor=p1>; rel="next"` }], error(404, 'NAME_UNKNOWN'));
    await expect(findReferrers(s, location, SUBJECT)).rejects.toBeInstanceOf(RegistryError);
  });

  it.each([404, 405])('reads the fallback tag when the registry has no referrers API (%i), and checks its index against the digest sent', async (status) => {
    const s = source(error(status, 'UNKNOWN'), { bytes: index, contentType: 'application/vnd.oci.image.index.v1+json', registryDigest: digestOf(index) });
    const got = await findReferrers(s, location, SUBJECT);
    expect(got.via).toBe('tag');
    expect(got.referrers.map((r) => r.digest)).toEqual([SIG, SBOM]);
    expect(got.tagIndex).toEqual({ digest: digestOf(index), compared: true, ok: true, held: 'index' });
    expect(s.asked).toEqual([`referrers ${SUBJECT}`, `head sha256-${'a'.repeat(64)}`, `manifest sha256-${'a'.repeat(64)}`]);
  });

  it("says so when the fallback tag's index does not hash to the digest the registry sent", async () => {
    const s = source(error(404, 'UNKNOWN'), { bytes: index, contentType: '', registryDigest: SBOM });
    expect((await findReferrers(s, location, SUBJECT)).tagIndex).toEqual({ digest: digestOf(index), compared: true, ok: false, held: 'index' });
  });

  it('says what the fallback tag held when it is an image manifest sent without a digest: not an index, and nothing compared', async () => {
    const manifest = encode({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: SIG, size: 2 },
      layers: [],
    });
    const s = source(error(404, 'UNKNOWN'), { bytes: manifest, contentType: 'application/vnd.oci.image.manifest.v1+json' });
    const got = await findReferrers(s, location, SUBJECT);
    expect(got.referrers).toEqual([]);
    expect(got.tagIndex).toEqual({ digest: digestOf(manifest), compared: false, ok: true, held: 'image manifest' });
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
