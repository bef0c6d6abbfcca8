/**
 * What the proxy sends of an upstream body, and whether caches may keep it
 * for good. Whatever it refuses, it refuses before the answer starts, as the
 * JSON error the page reads; once the 200 has gone out, all that is left is
 * to cut the connection, which the page can only call a broken transfer.
 *
 * - A document (a manifest, a referrers list) is read whole, at most 4 MiB
 *   (design.md: larger manifests are refused; skopeo and containerd hold
 *   the same bound), whether or not the registry said how long it is. A
 *   body read whole that breaks off is a broken transfer, named with the
 *   bytes that came (the words of a streamed blob cut part way), not an
 *   unreachable registry: it answered, and stopped.
 * - An answer named by a digest may be kept by every cache for a year
 *   (`public, immutable`), so it must be the content of that digest,
 *   whatever a registry, a flaky storage host or a redirect served. One read
 *   whole (a document, or a blob declared at most 4 MiB: a config, a small
 *   layer) is hashed before the answer starts: when it is wrong it goes out
 *   as it came, but never to be stored, and the page's own checks say what
 *   is wrong with it (size, digest) as they always did. A larger blob
 *   streams, hashed on a worker thread as it passes (off-thread-digest.ts):
 *   a wrong one ends in an error instead of its end, the connection is cut,
 *   and no cache (the browser's included) keeps a cut answer. The page has
 *   every declared byte by then, so its own digest check still names the
 *   mismatch (lib/pipeline/process-layer.ts).
 * - Anything else streams as it comes.
 */
import { PullscopeError } from '@/lib/errors';
import { readLimited } from '@/lib/inspect/read-limited';
import { DocumentTooLargeError } from '@/lib/oci/document-errors';
import { MAX_MANIFEST_BYTES } from '@/lib/oci/parse';
import { BrokenTransferError } from '@/lib/pipeline/broken-transfer-error';
import { discardBody } from '@/lib/registry/body';
import { contentCodings } from './content-decoding';
import { createNodeDigest } from './node-digest';
import { offThreadVerifyStream } from './off-thread-digest';
import { isBodyTimeout } from './upstream-break';

/** The most of a body read whole before it is answered: the most the page holds of a document. */
export const READ_WHOLE_BYTES = MAX_MANIFEST_BYTES;

/** How one answer's body is to be sent. */
export interface BodyPlan {
  /** Set for a document, read whole: its name in messages ("the manifest"). */
  document?: string;
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
export async function answerBody(upstream: Response, plan: BodyPlan): Promise<PlannedBody> {
  if (!upstream.body) return { body: null, immutable: false };
  const declared = contentLength(upstream.headers);
  if (plan.document !== undefined && declared !== undefined && declared > READ_WHOLE_BYTES) {
    await discardBody(upstream);
    throw new DocumentTooLargeError(plan.document, declared, READ_WHOLE_BYTES);
  }
  const { digest } = plan;
  const whole = plan.document !== undefined || (digest !== undefined && declared !== undefined && declared <= READ_WHOLE_BYTES);
  if (whole) {
    const bytes = await readWhole(upstream.body, plan, declared);
    return { body: bytes, immutable: digest !== undefined && hashOf(bytes) === digest };
  }
  if (digest === undefined) return { body: upstream.body, immutable: false };
  const checked = upstream.body.pipeThrough(offThreadVerifyStream(digest));
  return { body: checked, immutable: true };
}

/**
 * The whole body, at most READ_WHOLE_BYTES (`declared` when the registry
 * stated it); a body that breaks off is a BrokenTransferError saying how much
 * of it came and whether the registry closed the connection or went silent.
 */
async function readWhole(body: ReadableStream<Uint8Array>, plan: BodyPlan, declared: number | undefined): Promise<Uint8Array<ArrayBuffer>> {
  // A blob is named by its digest: the page shows it beside the config or layer it is.
  const subject = plan.document ?? (plan.digest ? `blob ${plan.digest}` : 'the blob');
  let got = 0;
  let lastByteAt = Date.now();
  const counted = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        got += chunk.byteLength;
        lastByteAt = Date.now();
        controller.enqueue(chunk);
      },
    }),
  );
  try {
    // readLimited joins the chunks into a buffer of its own.
    return (await readLimited(counted, READ_WHOLE_BYTES, subject)) as Uint8Array<ArrayBuffer>;
  } catch (err) {
    if (err instanceof PullscopeError) throw err;
    throw new BrokenTransferError({ subject, got, want: declared, silentMs: Date.now() - lastByteAt, stalled: isBodyTimeout(err) }, { cause: err });
  }
}

function hashOf(bytes: Uint8Array): string {
  const hash = createNodeDigest();
  hash.update(bytes);
  return hash.digest();
}

/** The Content-Length the upstream declared, when it is a number and counts the bytes passed on (not their compressed form). */
function contentLength(headers: Headers): number | undefined {
  if (contentCodings(headers.get('content-encoding')).length > 0) return undefined;
  const value = headers.get('content-length');
  const length = value === null ? NaN : Number(value);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}
