import { describe, expect, it } from 'vitest';
import { topManifestReference } from '@/lib/inspect/inspect-image';
import { ProxyClient, manifestProxyUrl } from '@/lib/inspect/proxy-client';
import { parseReference } from '@/lib/reference';

// The page preloads manifestProxyUrl on a document load; the browser hands the preloaded answer only to a fetch of the
// very same request, so an anonymous getManifest must ask for exactly that URL with nothing a preload cannot send.
describe('the preloaded first manifest is the request an anonymous inspection makes', () => {
  const cases = ['alpine', 'ghcr.io/owner/app:1.2', '127.0.0.1:5000/test/layers:v1', `localhost:5000/x/y@sha256:${'ab'.repeat(32)}`];
  for (const input of cases) {
    it(`for ${input}`, async () => {
      const reference = parseReference(input);
      const seen: { url: string; init?: RequestInit }[] = [];
      const fetchFn = (async (url: RequestInfo | URL, init?: RequestInit) => {
        seen.push({ url: String(url), init });
        return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
      }) as typeof fetch;
      await new ProxyClient({ fetch: fetchFn }).getManifest(reference, topManifestReference(reference));
      const want = manifestProxyUrl(reference, topManifestReference(reference));
      expect(seen.map((s) => s.url), `got the URLs ${seen.map((s) => s.url).join(', ')}, want ${want}`).toEqual([want]);
      expect(seen[0].init?.headers, 'headers an anonymous fetch adds').toEqual({});
      expect(seen[0].init?.cache, 'cache mode').toBe('default');
    });
  }
});

describe('topManifestReference', () => {
  it.each([
    ['alpine', 'latest'],
    ['alpine:3.20', '3.20'],
    [`alpine:3.20@sha256:${'cd'.repeat(32)}`, `sha256:${'cd'.repeat(32)}`],
  ])('names %s by %s', (input, want) => {
    expect(topManifestReference(parseReference(input))).toBe(want);
  });
});
