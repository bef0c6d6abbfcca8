/**
 * The pull trace reshaped once for display (house style: views, not raw
 * entries, in components): numbered rows with the headers that explain each
 * step, the redirect target, the body size and the curl command; and the
 * token and rate limit that the trace reports last.
 */
import type { TraceEntry, TraceKind, TraceToken } from '../registry/trace';
import { curlFor, type CurlContext } from './curl';
import { parseRateLimit, type RateLimit } from '../registry/rate-limit';

/** One exchange as the trace panel shows it. */
export interface TraceRowView {
  /** 1, 2, 3… across the whole list (entry ids restart with each proxied request). */
  position: number;
  method: string;
  url: string;
  host: string;
  status: number;
  /** The host policy stopped the request before it went out. */
  notSent: boolean;
  /** Made before this pull, to get the cached token a later request carried (TraceEntry.earlier). */
  earlier: boolean;
  kind: TraceKind;
  durationMs: number;
  startedAt: number;
  /** Content-Length of the answer, when stated. */
  bytes?: number;
  /** The bytes of the body that arrived, when it broke off before its end. */
  receivedBytes?: number;
  /** Sent headers, Authorization as its scheme only. */
  requestHeaders: Array<[string, string]>;
  /** Received headers that explain the step (challenge, type, digest, location, rate limit). */
  responseHeaders: Array<[string, string]>;
  /** For a redirect answer: the host the next hop goes to. */
  hopTo?: string;
  note?: string;
  /** This exchange obtained a token (its claims are shown in the token view). */
  issuedToken: boolean;
  curl: string;
}

/** Rows for every exchange, in the order they were made. */
export function toTraceRows(entries: readonly TraceEntry[], ctx: CurlContext): TraceRowView[] {
  return entries.map((entry, i) => {
    const length = Number(entry.responseHeaders['content-length']);
    const location = entry.responseHeaders.location;
    const hopTo = entry.status >= 300 && entry.status < 400 && location ? hostOf(location, entry.url) : undefined;
    return {
      position: i + 1,
      method: entry.method,
      url: entry.url,
      host: hostOf(entry.url, entry.url) ?? '',
      status: entry.status,
      notSent: entry.notSent === true,
      earlier: entry.earlier === true,
      kind: entry.kind,
      durationMs: entry.durationMs,
      startedAt: entry.startedAt,
      ...(Number.isFinite(length) && entry.responseHeaders['content-length'] !== undefined ? { bytes: length } : {}),
      ...(entry.receivedBytes === undefined ? {} : { receivedBytes: entry.receivedBytes }),
      requestHeaders: Object.entries(entry.requestHeaders),
      responseHeaders: Object.entries(entry.responseHeaders),
      ...(hopTo ? { hopTo } : {}),
      ...(entry.note ? { note: entry.note } : {}),
      issuedToken: entry.kind === 'token' && entry.token !== undefined,
      curl: curlFor(entry, ctx),
    };
  });
}

/** The token issued last in the trace, else the one last sent (a cached token). */
export function latestToken(entries: readonly TraceEntry[]): TraceToken | undefined {
  for (let i = entries.length - 1; i >= 0; i--) {
    if (entries[i].kind === 'token' && entries[i].token) return entries[i].token;
  }
  for (let i = entries.length - 1; i >= 0; i--) {
    if (entries[i].token) return entries[i].token;
  }
  return undefined;
}

/** The rate limit stated by the last answer that stated one. */
export function latestRateLimit(entries: readonly TraceEntry[]): RateLimit | undefined {
  for (let i = entries.length - 1; i >= 0; i--) {
    const rate = parseRateLimit(entries[i].responseHeaders);
    if (rate) return rate;
  }
  return undefined;
}

/** One grant of a token's `access` claim (distribution token.md, "JWT claims"). */
export interface AccessGrant {
  type: string;
  name: string;
  actions: string[];
}

/** A token's claims and header, named for people, with what it grants and how long it lives. */
export interface TokenView {
  issuer?: string;
  audience?: string;
  /** '' for an anonymous token (distribution leaves `sub` empty). */
  subject?: string;
  issuedAt?: number;
  notBefore?: number;
  /** ms since the epoch. */
  expiresAt: number;
  lifetimeSeconds: number;
  /** What the token server stated, when longer than the lifetime kept. */
  statedLifetimeSeconds?: number;
  /** The `access` claim's grants; undefined when the token has no `access` claim (it states nothing, which is not "nothing granted"). */
  access: AccessGrant[] | undefined;
  /** JOSE header fields (alg, typ, kid, x5c summary). */
  header: Array<[string, string]>;
  /** Claims not named above (jti, and whatever a registry adds). */
  otherClaims: Array<[string, string]>;
  /** The token is not a JWT: nothing can be decoded. */
  opaque: boolean;
}

const NAMED_CLAIMS = new Set(['iss', 'aud', 'sub', 'iat', 'nbf', 'exp', 'access']);

/** Reads a TraceToken's claims into a TokenView; claims of unexpected types are shown as JSON. */
export function toTokenView(token: TraceToken): TokenView {
  const claims = token.claims ?? {};
  const seconds = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value * 1000 : undefined);
  const text = (value: unknown) => (typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : undefined);
  return {
    issuer: text(claims.iss),
    audience: text(claims.aud),
    subject: text(claims.sub),
    issuedAt: seconds(claims.iat) ?? token.issuedAt,
    notBefore: seconds(claims.nbf),
    // The proxy's clock, not the token server's: that is the clock the countdown runs on.
    expiresAt: token.expiresAt,
    lifetimeSeconds: token.expiresInSeconds,
    ...(token.statedExpiresInSeconds !== undefined ? { statedLifetimeSeconds: token.statedExpiresInSeconds } : {}),
    access: claims.access === undefined ? undefined : readAccess(claims.access),
    header: Object.entries(token.header ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    otherClaims: Object.entries(claims)
      .filter(([k]) => !NAMED_CLAIMS.has(k))
      .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    opaque: token.claims === undefined,
  };
}

/** "4 min 58 s left", "expired 12 s ago". */
export function formatCountdown(expiresAt: number, now: number): string {
  const ms = expiresAt - now;
  const total = Math.round(Math.abs(ms) / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  const span = minutes > 0 ? `${minutes} min ${seconds} s` : `${seconds} s`;
  return ms >= 0 ? `${span} left` : `expired ${span} ago`;
}

function readAccess(value: unknown): AccessGrant[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item): AccessGrant[] => {
    if (typeof item !== 'object' || item === null) return [];
    const { type, name, actions } = item as Record<string, unknown>;
    return [
      {
        type: typeof type === 'string' ? type : '?',
        name: typeof name === 'string' ? name : '?',
        actions: Array.isArray(actions) ? actions.filter((a): a is string => typeof a === 'string') : [],
      },
    ];
  });
}

function hostOf(url: string, base: string): string | undefined {
  try {
    return new URL(url, base).host;
  } catch {
    return undefined;
  }
}
