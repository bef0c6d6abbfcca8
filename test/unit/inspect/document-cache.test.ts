import { describe, expect, it } from 'vitest';
import { DocumentCache, fetchByDigest, fetchTopManifest } from '@/lib/inspect/document-cache';
import { AuthError, RegistryError } from '@/lib/registry/errors';
import type { FetchedDocument, ProxyClient } from '@/lib/inspect/proxy-client';

const here = { apiHost: 'registry.test', repository: 'team/app' };
const elsewhere = { apiHost: 'registry.test', repository: 'team/other' };

function doc(size: number, fill = 1): FetchedDocument {
  return { bytes: new Uint8Array(size).fill(fill), contentType: 'application/vnd.oci.image.manifest.v1+json' };
}

/** A ProxyClient stand-in that records what it was asked. */
function fakeClient(headDigest: string | undefined | Error) {
  const calls: string[] = [];
  const client = {
    resolveDigest: async (_l: unknown, ref: string) => {
      calls.push(`HEAD ${ref}`);
      if (headDigest instanceof Error) throw headDigest;
      return headDigest;
    },
    getManifest: async (_l: unknown, ref: string) => {
      calls.push(`GET ${ref}`);
      return doc(3, 9);
    },
  } as unknown as ProxyClient;
  return { client, calls };
}

describe('DocumentCache', () => {
  it('drops the least recently used documents beyond its byte bound', () => {
    const cache = new DocumentCache(10);
    cache.add('sha256:a', doc(4), here);
    cache.add('sha256:b', doc(4), here);
    cache.get('sha256:a');
    cache.add('sha256:c', doc(4), here);
    expect(['sha256:a', 'sha256:b', 'sha256:c'].map((d) => cache.get(d) !== undefined)).toEqual([true, false, true]);
  });

  it('never holds a document larger than the bound', () => {
    const cache = new DocumentCache(10);
    cache.add('sha256:big', doc(11), here);
    expect(cache.get('sha256:big')).toBeUndefined();
    expect(cache.knowsRepository(here)).toBe(false);
  });

  it('knows the repositories it holds documents of', () => {
    const cache = new DocumentCache();
    cache.add('sha256:a', doc(1), here);
    expect(cache.knowsRepository(here)).toBe(true);
    expect(cache.knowsRepository(elsewhere)).toBe(false);
  });
});

describe('fetchTopManifest', () => {
  it('GETs without a HEAD when the cache holds nothing of the repository', async () => {
    const cache = new DocumentCache();
    cache.add('sha256:a', doc(1), elsewhere);
    const { client, calls } = fakeClient('sha256:a');
    const { source } = await fetchTopManifest(client, cache, here, 'v1');
    expect(source).toBe('registry');
    expect(calls).toEqual(['GET v1']);
  });

  it('answers from the cache after a HEAD names a cached digest, with that digest as the registry claim', async () => {
    const cache = new DocumentCache();
    cache.add('sha256:a', doc(1), here);
    const { client, calls } = fakeClient('sha256:a');
    const { source, document } = await fetchTopManifest(client, cache, here, 'v1');
    expect(source).toBe('head-then-cache');
    expect(document.registryDigest).toBe('sha256:a');
    expect(calls).toEqual(['HEAD v1']);
  });

  it.each([
    ['the tag moved to an uncached digest', 'sha256:new'],
    ['the HEAD named no digest', undefined],
    ['the HEAD failed', new Error('HEAD refused')],
  ])('GETs after the HEAD when %s', async (_name, head) => {
    const cache = new DocumentCache();
    cache.add('sha256:a', doc(1), here);
    const { client, calls } = fakeClient(head);
    const { source } = await fetchTopManifest(client, cache, here, 'v1');
    expect(source).toBe('registry');
    expect(calls).toEqual(['HEAD v1', 'GET v1']);
  });

  it.each([
    ['refused credentials', new AuthError({ code: 'AUTH_FAILED', registry: 'registry.test' })],
    ['a rate limit', new RegistryError({ code: 'TOOMANYREQUESTS', httpStatus: 429, registry: 'registry.test', registryMessage: '', repository: 'team/app' })],
  ])('does not GET after a HEAD that met %s: the GET would only be refused again', async (_name, head) => {
    const cache = new DocumentCache();
    cache.add('sha256:a', doc(1), here);
    const { client, calls } = fakeClient(head);
    await expect(fetchTopManifest(client, cache, here, 'v1')).rejects.toBe(head);
    expect(calls).toEqual(['HEAD v1']);
  });
});

describe('fetchByDigest', () => {
  it('asks nobody for a cached digest, and fetches an uncached one', async () => {
    const cache = new DocumentCache();
    cache.add('sha256:a', doc(1), here);
    let fetched = 0;
    const fetchIt = async () => {
      fetched++;
      return doc(2);
    };
    expect((await fetchByDigest(cache, 'sha256:a', fetchIt)).source).toBe('cache');
    expect((await fetchByDigest(cache, 'sha256:b', fetchIt)).source).toBe('registry');
    expect((await fetchByDigest(undefined, 'sha256:a', fetchIt)).source).toBe('registry');
    expect(fetched).toBe(2);
  });
});
