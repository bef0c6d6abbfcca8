/**
 * The contract between the browser and our proxy: where it lives, how
 * credentials travel (one request header, never the URL), and how the proxy
 * reports the upstream exchanges it made (a response header, so the body can
 * stream untouched).
 */
import { base64Decode, base64Encode } from '../base64';
import type { WireError } from '../errors';
import type { TraceEntry } from './trace';

/** Mount point of the registry proxy route. */
export const PROXY_BASE = '/api/registry';

/**
 * The loop marker: every request the proxy sends upstream carries
 * `CDN-Loop: pullscope`, and the proxy refuses a request that arrives with
 * it, so a registry that redirects the proxy into a Pullscope proxy (itself,
 * under any of its names, or another one) gets one refused hop, never a
 * request that fetches itself level after level. RFC 8586 made this header
 * for loops through intermediaries: each adds its own id, and none may
 * remove it, so it survives CDNs and load balancers in front of the app.
 */
export const LOOP_HEADER = 'cdn-loop';
/** Pullscope's own id in LOOP_HEADER (an RFC 8586 pseudonym). */
export const LOOP_ID = 'pullscope';

/**
 * True when a CDN-Loop value names Pullscope (RFC 8586 §2):
 *
 *   CDN-Loop  = #cdn-info
 *   cdn-info  = cdn-id *( OWS ";" OWS parameter )
 *   cdn-id    = ( uri-host [ ":" port ] ) / pseudonym
 */
export function cameThroughPullscope(loop: string | null): boolean {
  if (loop === null) return false;
  return loop.split(',').some((info) => info.split(';')[0].trim().toLowerCase() === LOOP_ID);
}

/**
 * How long the proxy waits on a registry that sends nothing in the middle of
 * a body before it gives up (and cuts its own answer, if that has begun).
 */
export const UPSTREAM_IDLE_TIMEOUT_MS = 30_000;

/** Request header carrying `Basic base64(user:password)` for the one proxied request. */
export const CREDENTIALS_HEADER = 'x-pullscope-credentials';

/** Response header carrying the base64url JSON of the upstream trace. */
export const TRACE_HEADER = 'x-pullscope-trace';
/** Response header carrying the error of a HEAD request, whose answer can have no body (base64url JSON WireError). */
export const ERROR_HEADER = 'x-pullscope-error';

/** Proxy URL (path + query) for a registry API path on a registry's API host. */
export function proxyUrl(apiHost: string, apiPath: string, query?: URLSearchParams): string {
  const q = query && [...query.keys()].length > 0 ? `?${query}` : '';
  return `${PROXY_BASE}/${encodeURIComponent(apiHost)}${apiPath}${q}`;
}

/** Encodes credentials for CREDENTIALS_HEADER (UTF-8 safe, unlike btoa alone). */
export function encodeCredentials(username: string, password: string): string {
  return `Basic ${base64Encode(new TextEncoder().encode(`${username}:${password}`))}`;
}

/** Decodes CREDENTIALS_HEADER; undefined when absent or malformed. */
export function decodeCredentials(header: string | null): { username: string; password: string } | undefined {
  if (!header || !header.startsWith('Basic ')) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(base64Decode(header.slice(6).trim()));
  } catch {
    return undefined;
  }
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** Serializes a trace for TRACE_HEADER. */
export function encodeTrace(entries: TraceEntry[]): string {
  return encodeJsonHeader(entries);
}

/** Serializes an error for ERROR_HEADER. */
export function encodeErrorHeader(error: WireError): string {
  return encodeJsonHeader(error);
}

/** Parses ERROR_HEADER; undefined when absent or broken. */
export function decodeErrorHeader(header: string | null): WireError | undefined {
  const parsed = decodeJsonHeader(header);
  return typeof parsed === 'object' && parsed !== null && typeof (parsed as WireError).code === 'string' ? (parsed as WireError) : undefined;
}

function encodeJsonHeader(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  return base64Encode(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decodeJsonHeader(header: string | null): unknown {
  if (!header) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(base64Decode(header.replace(/-/g, '+').replace(/_/g, '/'))));
  } catch {
    return undefined;
  }
}

/** Parses TRACE_HEADER; an absent or broken header is an empty trace. */
export function decodeTrace(header: string | null): TraceEntry[] {
  const parsed = decodeJsonHeader(header);
  return Array.isArray(parsed) ? (parsed as TraceEntry[]) : [];
}
