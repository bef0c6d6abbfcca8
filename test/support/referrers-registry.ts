/**
 * A front for a test-bed registry that answers the referrers API
 * (distribution-spec 1.1, "Listing Referrers", end-12a), which the bed's
 * docker-registry 2.8 lacks. The list is the one the real registry holds
 * under the subject's fallback tag (`sha256-<hex>`), as pushing tools keep
 * it; it is answered `n` at a time, each page linked to the next by an
 * opaque cursor, as a registry MAY paginate. Everything else, auth
 * challenges included, is forwarded to the real registry untouched.
 */
import { forward, passBack, readBody, startFront, type RegistryFront } from './registry-front';

/** A running front, and each referrers request's path and query as it received them. */
export interface ReferrersRegistry extends RegistryFront {
  answered: string[];
}

const REFERRERS_PATH = /^\/v2\/(.+)\/referrers\/(sha256:[a-f0-9]{64})$/;
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

// The cursor is not an offset a client could guess at: it must be taken from the link as sent.
const cursorOf = (offset: number) => Buffer.from(`after:${offset}`).toString('base64url');
const offsetOf = (cursor: string | null) => (cursor === null ? 0 : Number(Buffer.from(cursor, 'base64url').toString().slice('after:'.length)));

/** Starts a front for `upstreamHost` (e.g. the bed's `127.0.0.1:PORT`) that pages referrers `pageSize` at a time. */
export async function startReferrersRegistry(upstreamHost: string, pageSize: number): Promise<ReferrersRegistry> {
  const answered: string[] = [];
  const front = await startFront((request, response) => {
    const url = new URL(request.url ?? '/', 'http://front.invalid');
    const referrers = REFERRERS_PATH.exec(url.pathname);
    if (!referrers) return forward(upstreamHost, request, response, `${url.pathname}${url.search}`, request.headers, (answer) => passBack(answer, response));
    answered.push(`${url.pathname}${url.search}`);
    const [, name, subject] = referrers;
    const fallbackTag = `/v2/${name}/manifests/${subject.replace(':', '-')}`;
    forward(upstreamHost, request, response, fallbackTag, { ...request.headers, accept: OCI_INDEX }, async (answer) => {
      // A missing fallback tag is an empty list; a challenge or a failure goes back as the registry sent it.
      if (answer.statusCode !== 200 && answer.statusCode !== 404) return passBack(answer, response);
      const body = await readBody(answer);
      const all = answer.statusCode === 200 ? (JSON.parse(body.toString('utf8')) as { manifests: unknown[] }).manifests : [];
      const offset = offsetOf(url.searchParams.get('cursor'));
      const headers: Record<string, string> = { 'content-type': OCI_INDEX };
      if (offset + pageSize < all.length) headers.link = `</v2/${name}/referrers/${subject}?n=${pageSize}&cursor=${cursorOf(offset + pageSize)}>; rel="next"`;
      response.writeHead(200, headers);
      response.end(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: all.slice(offset, offset + pageSize) }));
    });
  });
  return { ...front, answered };
}
