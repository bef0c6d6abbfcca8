/**
 * The proxy's fetch: the part of fetch that lib/registry uses (GET or HEAD,
 * headers, an abort signal, redirects left to the caller), built on undici's
 * `request` instead of its `fetch`. undici's fetch copies every chunk of a
 * body into a new buffer and passes it through an async iterator and a byte
 * stream, each a promise per chunk; on a blob that was most of the proxy's
 * work. Here the body goes from the socket to the Response as views of the
 * buffers undici read (readable-body.ts).
 *
 * Differences from fetch, on purpose: redirects are never followed (the
 * Transport follows them itself, checking each hop), and Accept-Encoding
 * asks for `identity`, so bodies arrive as the registry stores them and are
 * passed on byte for byte. A body compressed anyway is decoded, as fetch
 * decodes (content-decoding.ts); its headers stay as the registry sent them.
 */
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { request } from 'undici';
import { PullscopeError } from '@/lib/errors';
import { NULL_BODY_STATUSES } from '@/lib/registry/body';
import { LOOP_HEADER, LOOP_ID } from '@/lib/registry/proxy-protocol';
import { decodeContent } from './content-decoding';
import { READ_AHEAD_BYTES, readableBody } from './readable-body';
import { describeBreak, UpstreamBreak } from './upstream-break';


/** A fetch that sends through `dispatcher` (whose body timeout is `bodyIdleMs`) and streams bodies without copying them. */
export function dispatcherFetch(dispatcher: Dispatcher, bodyIdleMs: number): typeof fetch {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const headers = Object.fromEntries(new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)));
    // fetch's defaults, which some servers expect to see.
    headers['accept'] ??= '*/*';
    headers['user-agent'] ??= 'pullscope';
    // Digests name the stored bytes: ask for them as stored, as docker and containerd do.
    headers['accept-encoding'] ??= 'identity';
    // Marks the request as the proxy's own, so a proxy it reaches by a redirect refuses it instead of fetching again.
    headers[LOOP_HEADER] = LOOP_ID;

    let answer: Dispatcher.ResponseData;
    try {
      answer = await request(url, { method: method as Dispatcher.HttpMethod, headers, signal: signal ?? undefined, dispatcher });
    } catch (err) {
      // As fetch: an abort rejects with the signal's reason; anything else is a TypeError whose cause says what failed.
      if (signal?.aborted) throw signal.reason;
      throw new TypeError('fetch failed', { cause: err });
    }
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) responseHeaders.append(name, one);
    }
    // A HEAD answer has no body either, whatever its status.
    const noBody = method === 'HEAD' || NULL_BODY_STATUSES.has(answer.statusCode);
    // Read the (empty) rest so the connection returns to the pool; destroying it would close the connection.
    if (noBody) {
      answer.body.dump().catch(() => {});
      return new Response(null, { status: answer.statusCode, headers: responseHeaders });
    }
    const host = new URL(url).host;
    let body: Readable;
    try {
      body = decodeContent(answer.body, responseHeaders.get('content-encoding'), host);
    } catch (err) {
      answer.body.dump().catch(() => {});
      throw err;
    }
    // A count of decoded bytes is compared with the declared length only when nothing was decoded.
    const declared = body === answer.body ? declaredLength(responseHeaders) : undefined;
    const breakError = (error: unknown, receivedBytes: number) => {
      // Our own words (a body not in its Content-Encoding) pass as they are; so does the end of a request its caller gave up.
      if (error instanceof PullscopeError || signal?.aborted) return error;
      const words = describeBreak(error, receivedBytes, declared, bodyIdleMs);
      // One line, host only: a redirect target's URL may carry a signature.
      console.warn(`${method} ${host}: ${words}`);
      return new UpstreamBreak(words, error);
    };
    return new Response(readableBody(body, READ_AHEAD_BYTES, breakError), { status: answer.statusCode, headers: responseHeaders });
  };
}

/** The Content-Length the answer states, when it is a number. */
function declaredLength(headers: Headers): number | undefined {
  const length = Number(headers.get('content-length') ?? NaN);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}
