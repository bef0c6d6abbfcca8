/**
 * A bearer token reshaped for the pull trace: the decoded JWT and its
 * lifetime, without the token. Anyone holding a token may pull what it grants
 * until it expires, so its value never leaves the proxy, even for anonymous
 * pulls (one rule is easier to keep than two).
 */
import type { TokenGrant } from './token';
import type { TraceToken } from './trace';

/** What the trace may show of a grant. */
export function toTraceToken(grant: TokenGrant): TraceToken {
  return {
    ...(grant.url ? { url: grant.url } : {}),
    ...(grant.header ? { header: summarizeJoseHeader(grant.header) } : {}),
    ...(grant.claims ? { claims: grant.claims } : {}),
    expiresAt: grant.expiresAt,
    expiresInSeconds: grant.expiresInSeconds,
    ...(grant.statedExpiresInSeconds !== undefined ? { statedExpiresInSeconds: grant.statedExpiresInSeconds } : {}),
    ...(grant.issuedAt !== undefined ? { issuedAt: grant.issuedAt } : {}),
  };
}

// x5c (RFC 7515 §4.1.6) carries whole DER certificates, kilobytes each, which
// would crowd the trace header and say nothing to a reader; the count is kept.
function summarizeJoseHeader(header: Record<string, unknown>): Record<string, unknown> {
  const x5c = header.x5c;
  if (!Array.isArray(x5c)) return header;
  return { ...header, x5c: `${x5c.length} certificate${x5c.length === 1 ? '' : 's'} (not shown)` };
}
