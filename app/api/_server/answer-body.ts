/**
 * What the proxy sends of an upstream body, and whether caches may keep it
 * for good. An answer named by a digest may be kept by every cache for a
 * year (`public, immutable`), so it must be the content of that digest,
 * whatever a registry, a flaky storage host or a redirect served.
 *
 * One declared at most 4 MiB (a config, a small layer) is read whole and
 * hashed before the answer starts: when it is wrong it goes out as it came,
 * but never to be stored, and the page's own checks say what is wrong with
 * it (size, digest) as they always did. A larger one streams, hashed as it
 * passes: a wrong one ends in an error instead of its end, the connection is
 * cut, and no cache (the browser's included) keeps a cut answer; the page
 * sees a transfer that broke off. Anything else streams as it comes.
 */
import { PullscopeError } from '@/lib/errors';
import { readLimited } from '@/lib/inspect/read-limited';
import { MAX_MANIFEST_BYTES } from '@/lib/oci/parse';
import { UnreachableError } from '@/lib/registry/errors';
import { verifyDigestStream } from '@/lib/stream/verify-digest';
import { createNodeDigest } from './node-digest';

/** The most of a body read whole before it is answered: the most the page holds of a document. */
export const READ_WHOLE_BYTES = MAX_MANIFEST_BYTES;

/** How one answer's body is to be sent. */
export interface BodyPlan {
  /** The registry host, named when the body breaks off while it is read. */
  host: string;
  /** Set for an answer named by a sha256 digest: what its bytes must hash to, for caches to keep it. */
  digest?: string;
}

/** The body to answer with, and whether it is the content of the plan's digest (a streamed one: or else it is cut). */
export interface PlannedBody {
  body: Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array> | null;
  /** True when caches may keep it for good. */
  immutable: boolean;
}

/** The body to answer with; throws what it refuses before anything is sent. */
export async function answerBody(body: ReadableStream<Uint8Array> | null, headers: Headers, plan: BodyPlan): Promise<PlannedBody> {
  const { digest } = plan;
  if (!body || digest === undefined) return { body, immutable: false };
  const declared = contentLength(headers);
  if (declared !== undefined && declared <= READ_WHOLE_BYTES) {
    const bytes = await readWhole(body, plan);
    return { body: bytes, immutable: hashOf(bytes) === digest };
  }
  const checked = body.pipeThrough(verifyDigestStream({ want: digest, subject: 'blob', createHasher: createNodeDigest }));
  return { body: checked, immutable: true };
}

/** The whole body, at most READ_WHOLE_BYTES; a body that breaks off is the registry's failure, named. */
async function readWhole(body: ReadableStream<Uint8Array>, plan: BodyPlan): Promise<Uint8Array<ArrayBuffer>> {
  try {
    // readLimited joins the chunks into a buffer of its own.
    return (await readLimited(body, READ_WHOLE_BYTES, 'the blob')) as Uint8Array<ArrayBuffer>;
  } catch (err) {
    throw err instanceof PullscopeError ? err : UnreachableError.fromFetchFailure(plan.host, err);
  }
}

function hashOf(bytes: Uint8Array): string {
  const hash = createNodeDigest();
  hash.update(bytes);
  return hash.digest();
}

/** The Content-Length the upstream declared, when it is a number. */
export function contentLength(headers: Headers): number | undefined {
  const value = headers.get('content-length');
  const length = value === null ? NaN : Number(value);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}
