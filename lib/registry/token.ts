/**
 * The token request of the distribution auth flow (distribution token.md,
 * "Requesting a Token"):
 *
 *   GET <realm>?service=<service>&scope=<scope>&scope=<scope>…
 *   Authorization: Basic base64(user:password)        (only with credentials)
 *
 *   200 { "token": <string>, "access_token": <string>,
 *         "expires_in": <seconds, default 60>, "issued_at": <RFC 3339> }
 *
 * Either token field may be present; `token` wins when both are (token.md:
 * "access_token ... for compatibility with OAuth 2.0 … both must match").
 * expires_in below 60 is read as 60 (token.md: tokens are never issued with
 * less than 60 seconds to live, and clients treat a missing value as 60).
 * Above an hour it is read as an hour: one cache serves every user of the
 * proxy, so a token server's word (`expires_in: 1e12`) must not keep a token
 * there for good; asking again after an hour costs one request.
 */
import { basicAuthorization, type Credentials } from './credentials';
import { AuthError, BadTokenResponseError, extractRegistryMessage, parseRegistryErrorBody } from './errors';
import { readTextBounded, readTextUpTo } from './body';
import { decodeJwtClaims, decodeJwtHeader } from './jwt';
import { redactUrl } from './trace';

export { TokenCache, type TokenCacheOptions } from './token-cache';

/** A bearer token and what we know of its lifetime. */
export interface TokenGrant {
  token: string;
  /** ms since the epoch, from our own clock (the token server's may be skewed). */
  expiresAt: number;
  /** ms since the epoch, as the token server stated it. */
  issuedAt?: number;
  /** Lifetime in seconds as used (at least 60, at most MAX_TOKEN_SECONDS). */
  expiresInSeconds: number;
  /** The lifetime the token server stated, when it was longer than MAX_TOKEN_SECONDS and so cut to it. */
  statedExpiresInSeconds?: number;
  /** The token's JWT claims when it is a JWT (issuer, subject, access list), for the trace. */
  claims?: Record<string, unknown>;
  /** The token's JWT header when it is a JWT (alg, kid, x5c), for the trace. */
  header?: Record<string, unknown>;
  /** The token request's URL (realm, service, scopes; redacted), so the trace can show how to ask again. */
  url?: string;
  /** The token server's JSON minus every token field, for the trace. */
  raw: Record<string, unknown>;
}

/** What requestToken needs. */
export interface TokenRequest {
  fetch: typeof fetch;
  realm: string;
  service?: string;
  scopes: string[];
  credentials?: Credentials;
  signal?: AbortSignal;
  /** The registry host the token is for, named in errors (defaults to the realm's host). */
  registry?: string;
  repository?: string;
  now?: () => number;
}

/** The largest token answer read: real ones are a few KiB (a JWT with its certificate chain), so more is hostile or broken. */
export const MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024;

/** token.md: "defaults to 60 seconds"; shorter lifetimes are raised to it. */
export const MIN_TOKEN_SECONDS = 60;

/** The longest a token is kept and used, whatever its server states: 60 min. */
export const MAX_TOKEN_SECONDS = 3600;

const TOKEN_FIELDS = new Set(['token', 'access_token', 'refresh_token', 'id_token']);

/** Asks a token server for a bearer token for the scopes; anonymous unless credentials are given. */
export async function requestToken(request: TokenRequest): Promise<TokenGrant> {
  const now = request.now ?? Date.now;
  const url = new URL(request.realm);
  if (request.service) url.searchParams.append('service', request.service);
  for (const scope of request.scopes) url.searchParams.append('scope', scope);

  const headers: Record<string, string> = { Accept: 'application/json' };
  if (request.credentials) headers.Authorization = basicAuthorization(request.credentials);

  const response = await request.fetch(url, { method: 'GET', headers, signal: request.signal });
  const registry = request.registry ?? url.host;

  if (response.status === 401 || response.status === 403) {
    const registryMessage = extractRegistryMessage(await readTextBounded(response)) || undefined;
    throw new AuthError({
      code: request.credentials ? 'AUTH_FAILED' : 'AUTH_REQUIRED',
      registry,
      repository: request.repository,
      registryMessage,
      reason: `the token server ${url.host} answered ${response.status}`,
    });
  }
  if (!response.ok) {
    const body = await readTextBounded(response);
    throw parseRegistryErrorBody(response.status, response.headers, body, url.host, {
      target: 'token',
      repository: request.repository,
      credentialed: request.credentials !== undefined,
    });
  }

  const { text, complete } = await readTextUpTo(response, MAX_TOKEN_RESPONSE_BYTES);
  if (!complete) {
    throw new BadTokenResponseError({ realm: request.realm, reason: `the answer is larger than ${MAX_TOKEN_RESPONSE_BYTES} bytes` });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new BadTokenResponseError({ realm: request.realm, reason: 'the answer is not JSON' }, { cause: err });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new BadTokenResponseError({ realm: request.realm, reason: 'the answer is not a JSON object' });
  }
  const body = json as Record<string, unknown>;
  const token = nonEmptyString(body.token) ?? nonEmptyString(body.access_token);
  if (token === undefined) {
    throw new BadTokenResponseError({ realm: request.realm, reason: 'neither "token" nor "access_token" is set' });
  }

  const stated = typeof body.expires_in === 'number' && Number.isFinite(body.expires_in) ? body.expires_in : 0;
  const expiresInSeconds = Math.min(MAX_TOKEN_SECONDS, Math.max(MIN_TOKEN_SECONDS, stated));
  const issuedAt = typeof body.issued_at === 'string' ? Date.parse(body.issued_at) : Number.NaN;
  const raw = Object.fromEntries(Object.entries(body).filter(([key]) => !TOKEN_FIELDS.has(key)));
  const claims = decodeJwtClaims(token);
  const header = decodeJwtHeader(token);

  return {
    token,
    expiresAt: now() + expiresInSeconds * 1000,
    ...(Number.isNaN(issuedAt) ? {} : { issuedAt }),
    expiresInSeconds,
    ...(stated > MAX_TOKEN_SECONDS ? { statedExpiresInSeconds: stated } : {}),
    ...(claims ? { claims } : {}),
    ...(header ? { header } : {}),
    url: redactUrl(url),
    raw,
  };
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
