/**
 * Undoing an answer's Content-Encoding (RFC 9110 §8.4), as fetch would:
 * undici's `request` hands a body over as it was sent.
 *
 *   Content-Encoding = [ content-coding *( OWS "," OWS content-coding ) ]
 *
 * Codings are listed in the order they were applied, so they are undone from
 * the last. The proxy asks registries for `identity` (dispatcher-fetch.ts),
 * as docker and containerd do; a registry, or a proxy in front of it (nginx
 * with `gzip on`), may compress anyway. Digests name the identity bytes, so
 * those are what the proxy checks and passes on.
 */
import { PassThrough, pipeline, type Readable, type Transform } from 'node:stream';
import zlib from 'node:zlib';
import { ContentEncodingError } from '@/lib/registry/errors';

const DECODERS: Record<string, () => Transform> = {
  gzip: () => zlib.createGunzip(),
  // RFC 9110 §8.4.1.3: a recipient should take x-gzip as gzip.
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

/** The codings a Content-Encoding value lists, lowercased, in the order applied; `identity` left out. */
export function contentCodings(value: string | null): string[] {
  if (value === null) return [];
  return value
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
}

/**
 * `body` with the answer's Content-Encoding undone; throws ContentEncodingError
 * for a coding it does not know, and the stream fails with one when the body
 * is not in its coding. Destroying the result destroys `body`.
 */
export function decodeContent(body: Readable, encoding: string | null, host: string): Readable {
  const codings = contentCodings(encoding);
  if (codings.length === 0) return body;
  if (codings.some((coding) => !(coding in DECODERS))) throw new ContentEncodingError({ host, encoding: encoding ?? '' });
  const decoders = codings.reverse().map((coding) => DECODERS[coding]());
  // A decoder's own failure is the registry's body not being what its header says; anything else (the socket) passes as it is.
  let decodeFailure: unknown;
  for (const decoder of decoders) decoder.once('error', (err) => (decodeFailure ??= err));
  const out = new PassThrough();
  const last = decoders[decoders.length - 1];
  pipeline([body, ...decoders], (err) => {
    if (!err) return;
    const reason = err instanceof Error ? err.message : String(err);
    out.destroy(err === decodeFailure ? new ContentEncodingError({ host, encoding: encoding ?? '', reason }, { cause: err }) : err);
  });
  last.pipe(out);
  // The reader went away: stop reading the registry.
  out.once('close', () => {
    if (!out.readableEnded) last.destroy();
  });
  return out;
}
