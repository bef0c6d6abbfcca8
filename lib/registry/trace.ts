/**
 * The pull trace: one entry per HTTP exchange the proxy made upstream, shown
 * to the user with an equivalent curl command. Entries never hold secrets:
 * Authorization values and signed-URL query parameters are redacted, while
 * host and path stay exact so the request can be reproduced.
 */

/** Which part of the pull an exchange belongs to. */
export type TraceKind = 'registry' | 'token' | 'redirect';

/** One upstream HTTP exchange, safe to show and to send to the browser. */
export interface TraceEntry {
  /** 1, 2, 3… in the order the requests were sent. */
  id: number;
  method: string;
  /** The URL with credentials and signatures redacted (see redactUrl). */
  url: string;
  /** 0 when no answer came (network failure). */
  status: number;
  /** ms since the epoch when the request was sent. */
  startedAt: number;
  /** Until the response headers arrived (bodies are streamed afterwards). */
  durationMs: number;
  /** Accept and Authorization (as `Bearer <redacted>` / `Basic <redacted>`). */
  requestHeaders: Record<string, string>;
  /** Only the headers that explain a pull (see TRACED_RESPONSE_HEADERS). */
  responseHeaders: Record<string, string>;
  kind: TraceKind;
  /** The host policy stopped the request before it went out (a name that does not resolve, a refused address); `status` is 0. */
  notSent?: true;
  /**
   * Made before this pull: the challenge and token request that got the
   * cached token a request of this pull carried, as the server recorded them
   * with the token. Not sent again; shown so the pull reads whole.
   */
  earlier?: true;
  note?: string;
  /**
   * Set by the page when this answer's body broke off before its end: the
   * bytes that arrived (the proxy reports each exchange when its headers come,
   * before the body has passed).
   */
  receivedBytes?: number;
  /**
   * On a token exchange: what the token server issued. On a registry request
   * sent with a bearer token: the token it carried (cached ones included).
   * Decoded claims only; the token itself is never part of the trace.
   */
  token?: TraceToken;
}

/** Where trace entries go as they are reported (the page's trace, a label on the way). */
export type TraceSink = (entries: readonly TraceEntry[]) => void;

/** A bearer token as the trace shows it: how it was asked for and what it says, never its value. */
export interface TraceToken {
  /** The token request (realm?service=…&scope=…), redacted; asking it again yields an equivalent token. */
  url?: string;
  /** The JWT's JOSE header (alg, typ, kid); certificate chains are summarized. Absent for opaque tokens. */
  header?: Record<string, unknown>;
  /** The JWT's claims (iss, sub, aud, iat, nbf, exp, access). Absent for opaque tokens. */
  claims?: Record<string, unknown>;
  /** ms since the epoch, by the proxy's clock. */
  expiresAt: number;
  /** Lifetime in seconds as used (token.md: at least 60; at most an hour, see token.ts). */
  expiresInSeconds: number;
  /** The lifetime the token server stated, when it was longer than the hour a token is kept. */
  statedExpiresInSeconds?: number;
  /** ms since the epoch, as the token server stated it (`issued_at`). */
  issuedAt?: number;
}

/** Response headers worth showing: auth challenges, content identity, redirects, rate limits. */
export const TRACED_RESPONSE_HEADERS = [
  'www-authenticate',
  'content-type',
  'content-length',
  // A registry that compresses its answers anyway (the proxy asks for identity).
  'content-encoding',
  'docker-content-digest',
  'location',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
  // Whose quota the pulls count against (Docker Hub: this server's address, or the account's ID).
  'docker-ratelimit-source',
  'retry-after',
  'docker-distribution-api-version',
] as const;

// Query parameters that authorize a request by themselves: tokens, and the
// signatures of pre-signed object-store and CDN URLs (S3, GCS, Azure SAS,
// CloudFront, Docker Hub's Cloudflare `verify`). Compared lowercased.
const SECRET_QUERY_PARAMS = new Set([
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'password',
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
  'x-goog-signature',
  'x-goog-credential',
  'signature',
  'sig',
  'policy',
  'key-pair-id',
  'verify',
]);

/** The redaction mark that replaces secret values. */
export const REDACTED = '…';

/**
 * The URL with userinfo removed and secret query values replaced by '…';
 * everything else is kept byte for byte (no re-encoding).
 */
export function redactUrl(url: string | URL): string {
  const text = String(url);
  const hashAt = text.indexOf('#');
  const withoutHash = hashAt < 0 ? text : text.slice(0, hashAt);
  const hash = hashAt < 0 ? '' : text.slice(hashAt);
  const queryAt = withoutHash.indexOf('?');
  const base = (queryAt < 0 ? withoutHash : withoutHash.slice(0, queryAt)).replace(
    /^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i,
    '$1',
  );
  if (queryAt < 0) return base + hash;
  const query = withoutHash
    .slice(queryAt + 1)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      const name = eq < 0 ? part : part.slice(0, eq);
      return SECRET_QUERY_PARAMS.has(safeDecode(name).toLowerCase()) ? `${name}=${REDACTED}` : part;
    })
    .join('&');
  return `${base}?${query}${hash}`;
}

/** Request headers for the trace, with the Authorization credential replaced by `<redacted>`. */
export function traceRequestHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'authorization') {
      const scheme = value.split(' ')[0];
      out[name] = `${scheme} <redacted>`;
    } else {
      out[name] = value;
    }
  }
  return out;
}

/** The response headers that matter for the trace, with any Location query redacted. */
export function traceResponseHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of TRACED_RESPONSE_HEADERS) {
    const value = headers.get(name);
    if (value !== null) out[name] = name === 'location' ? redactUrl(value) : value;
  }
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
