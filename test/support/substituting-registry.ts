/**
 * A front for a test-bed registry that serves other bytes than were asked
 * for, as a broken mirror or a hostile registry would: a manifest asked for
 * by one digest is answered with another manifest (self-consistent, with its
 * own true Docker-Content-Digest), and a tag can be answered with the right
 * bytes but a Docker-Content-Digest header that names something else; a
 * blob (a config) asked for by one digest is answered with another blob. It
 * also serves documents the registry behind refuses to store (schema 1).
 * Everything else is forwarded to the real registry untouched.
 */
import { forward, passBack, startFront, type RegistryFront } from './registry-front';

/** What the front changes. */
export interface Substitutions {
  /** A manifest digest asked for -> the digest of the manifest served in its place. */
  manifests?: ReadonlyMap<string, string>;
  /** A blob digest asked for -> the digest of the blob of the same repository served in its place (with its own true header). */
  blobs?: ReadonlyMap<string, string>;
  /** `repository:tag` -> the Docker-Content-Digest header sent with that tag's true bytes. */
  headers?: ReadonlyMap<string, string>;
  /** `repository:tag` -> a document served as it is, one the registry behind would not take (a schema 1 manifest). */
  documents?: ReadonlyMap<string, { mediaType: string; bytes: Uint8Array; digest: string }>;
}

const MANIFEST_PATH = /^\/v2\/(.+)\/manifests\/([^/]+)$/;
const BLOB_PATH = /^\/v2\/(.+)\/blobs\/([^/]+)$/;

/** Starts a front for `upstreamHost` (the bed's `127.0.0.1:PORT`) that makes these substitutions. */
export async function startSubstitutingRegistry(upstreamHost: string, substitutions: Substitutions): Promise<RegistryFront> {
  return startFront((request, response) => {
    const url = new URL(request.url ?? '/', 'http://front.invalid');
    const manifest = MANIFEST_PATH.exec(url.pathname);
    const asked = manifest?.[2];
    const served = asked === undefined ? undefined : substitutions.manifests?.get(asked);
    const header = asked === undefined ? undefined : substitutions.headers?.get(`${manifest![1]}:${asked}`);
    const document = asked === undefined ? undefined : substitutions.documents?.get(`${manifest![1]}:${asked}`);
    if (document) {
      response.writeHead(200, { 'content-type': document.mediaType, 'content-length': document.bytes.length, 'docker-content-digest': document.digest });
      return response.end(request.method === 'HEAD' ? undefined : document.bytes);
    }
    const blob = BLOB_PATH.exec(url.pathname);
    const servedBlob = blob === null ? undefined : substitutions.blobs?.get(blob[2]);
    const path =
      served !== undefined
        ? `/v2/${manifest![1]}/manifests/${served}`
        : servedBlob !== undefined
          ? `/v2/${blob![1]}/blobs/${servedBlob}`
          : `${url.pathname}${url.search}`;
    forward(upstreamHost, request, response, path, request.headers, (answer) => {
      if (header !== undefined && answer.statusCode === 200) answer.headers['docker-content-digest'] = header;
      passBack(answer, response);
    });
  });
}
