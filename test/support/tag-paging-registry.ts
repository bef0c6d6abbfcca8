/**
 * A front for a test-bed registry that pages tag lists the way the
 * distribution spec requires (spec.md, "Listing Tags", end-8b): tags in
 * lexical order, at most `n` of them after `last`, and a
 * `Link: </v2/<name>/tags/list?last=<last>&n=<n>>; rel="next"` header when
 * more follow. The bed's docker-registry 2.8 ignores `n` and `last` and
 * answers every tag at once, in no order, as many older registries do;
 * Docker Hub, GHCR and distribution 3 page. Everything else, auth challenges
 * included, is forwarded to the real registry untouched, and the tags
 * themselves come from it.
 */
import { forward, passBack, readBody, startFront, type RegistryFront } from './registry-front';

export type TagPagingRegistry = RegistryFront;

const TAGS_PATH = /^\/v2\/(.+)\/tags\/list$/;

/** Starts a front for `upstreamHost` (e.g. the bed's `127.0.0.1:PORT`) on a free port. */
export function startTagPagingRegistry(upstreamHost: string): Promise<TagPagingRegistry> {
  return startFront((request, response) => {
    const url = new URL(request.url ?? '/', 'http://front.invalid');
    const tags = TAGS_PATH.exec(url.pathname);
    // Without `n` a registry may answer every tag at once; only paged requests are rewritten.
    const forwardPath = tags ? url.pathname : `${url.pathname}${url.search}`;
    forward(upstreamHost, request, response, forwardPath, request.headers, async (answer) => {
      if (!tags || answer.statusCode !== 200) return passBack(answer, response);
      const body = JSON.parse((await readBody(answer)).toString('utf8')) as { name: string; tags: string[] | null };
      const all = [...(body.tags ?? [])].sort();
      const last = url.searchParams.get('last');
      const n = url.searchParams.has('n') ? Number(url.searchParams.get('n')) : all.length;
      const after = last === null ? all : all.filter((t) => t > last);
      const page = after.slice(0, n);
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
      if (after.length > page.length && page.length > 0) {
        headers.link = `</v2/${tags[1]}/tags/list?last=${encodeURIComponent(page[page.length - 1])}&n=${n}>; rel="next"`;
      }
      response.writeHead(200, headers);
      response.end(JSON.stringify({ name: body.name, tags: page }));
    });
  });
}
