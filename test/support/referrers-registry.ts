/**
 * A front for a test-bed registry that answers the referrers API
 * (distribution-spec 1.1, "Listing Referrers", end-12a), which the bed's
 * docker-registry 2.8 lacks. The list is the one the real registry holds
 * under the subject's fallback tag (`sha256-<hex>`), as pushing tools keep
 * it; it is answered `n` at a time, each page linked to the next by an
 * opaque cursor, as a registry MAY paginate. Everything else, auth
 * challenges included, is forwarded to the real registry untouched.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running front: its `127.0.0.1:PORT` host, the referrers paths it answered, and how to stop it. */
export interface ReferrersRegistry {
  host: string;
  /** Each referrers request's path and query, as received. */
  answered: string[];
  close(): Promise<void>;
}

const REFERRERS_PATH = /^\/v2\/(.+)\/referrers\/(sha256:[a-f0-9]{64})$/;
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

// The cursor is not an offset a client could guess at: it must be taken from the link as sent.
const cursorOf = (offset: number) => Buffer.from(`after:${offset}`).toString('base64url');
const offsetOf = (cursor: string | null) => (cursor === null ? 0 : Number(Buffer.from(cursor, 'base64url').toString().slice('after:'.length)));

/** Starts a front for `upstreamHost` (e.g. the bed's `127.0.0.1:PORT`) that pages referrers `pageSize` at a time. */
export async function startReferrersRegistry(upstreamHost: string, pageSize: number): Promise<ReferrersRegistry> {
  const answered: string[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://front.invalid');
    const referrers = REFERRERS_PATH.exec(url.pathname);
    if (referrers) answered.push(`${url.pathname}${url.search}`);
    const [name, subject] = referrers ? [referrers[1], referrers[2]] : [];
    const forwardPath = referrers ? `/v2/${name}/manifests/${subject!.replace(':', '-')}` : `${url.pathname}${url.search}`;
    const headers = { ...request.headers, host: upstreamHost, ...(referrers && { accept: OCI_INDEX }) };
    const upstream = http.request(`http://${upstreamHost}${forwardPath}`, { method: request.method, headers }, (answer) => {
      // A missing fallback tag is an empty list; a challenge or a failure goes back as the registry sent it.
      if (!referrers || (answer.statusCode !== 200 && answer.statusCode !== 404)) {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const all = answer.statusCode === 200 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { manifests: unknown[] }).manifests : [];
        const offset = offsetOf(url.searchParams.get('cursor'));
        const page = all.slice(offset, offset + pageSize);
        const out: Record<string, string> = { 'content-type': OCI_INDEX };
        if (offset + pageSize < all.length) out.link = `</v2/${name}/referrers/${subject}?n=${pageSize}&cursor=${cursorOf(offset + pageSize)}>; rel="next"`;
        response.writeHead(200, out);
        response.end(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: page }));
      });
    });
    upstream.on('error', () => {
      response.writeHead(502);
      response.end();
    });
    request.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    answered,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
