/**
 * A proxy answer recorded exactly as a client received it: the URL it asked
 * for, the status, the response headers and every body byte. The server
 * records the answers of a page's first inspection and sends them with the
 * page; the tab replays each one once (recorded-answers.ts) and hashes those
 * bytes itself, so a digest is still checked over the bytes the registry sent.
 */
import { base64Decode, base64Encode } from '../base64';
import { NULL_BODY_STATUSES } from '../registry/body';
import { readLimited } from './read-limited';

/** One answer as it travels in the page: JSON-safe, its body in base64. */
export interface RecordedAnswer {
  /** The URL as the client passed it to fetch (a proxy path, origin-relative in the browser). */
  url: string;
  status: number;
  /** Every response header, names lower-cased. */
  headers: Record<string, string>;
  /** The body bytes, base64 (RFC 4648 §4). */
  body: string;
}

/** A fetch that records each answer it passes on. */
export interface RecordingFetch {
  fetch: typeof fetch;
  /** The answers recorded so far, in the order their bodies finished. */
  answers: RecordedAnswer[];
  /** Body bytes recorded so far. */
  bytes: number;
}

/**
 * Wraps `inner` so that every answer is read whole, recorded and handed on as
 * an identical Response. Only GETs without request headers are recorded (an
 * anonymous client's document requests); anything else is a bug of the caller
 * and is refused, so no credentialed answer can ever be recorded. The answers
 * together hold at most `maxBytes` body bytes: past them the request fails
 * (TooLargeError) without reading further, so memory stays bounded whatever
 * the registry sends.
 */
export function recordingFetch(inner: typeof fetch, maxBytes: number): RecordingFetch {
  const recording: RecordingFetch = {
    answers: [],
    bytes: 0,
    fetch: async (input, init) => {
      const url = requestUrl(input);
      if ((init?.method ?? 'GET') !== 'GET' || new Headers(init?.headers).keys().next().done !== true) {
        throw new TypeError(`only anonymous GETs are recorded, not ${init?.method ?? 'GET'} ${url} with headers`);
      }
      const response = await inner(input, init);
      const bytes = await readLimited(response.body, maxBytes - recording.bytes, 'what the page may carry');
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => (headers[name] = value));
      recording.answers.push({ url, status: response.status, headers, body: base64Encode(bytes) });
      recording.bytes += bytes.byteLength;
      return replay({ url, status: response.status, headers, body: '' }, bytes);
    },
  };
  return recording;
}

/** The Response a recorded answer stands for; each call makes a fresh one. */
export function answerResponse(answer: RecordedAnswer): Response {
  return replay(answer, base64Decode(answer.body));
}

/** The URL string of a fetch input, as recorded and matched. */
export function requestUrl(input: RequestInfo | URL): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

function replay(answer: RecordedAnswer, bytes: Uint8Array): Response {
  return new Response(NULL_BODY_STATUSES.has(answer.status) ? null : (bytes as Uint8Array<ArrayBuffer>), { status: answer.status, headers: answer.headers });
}
