/**
 * JWT payloads (RFC 7519 §3, RFC 7515 §7.1 compact serialization):
 *
 *   JWT = base64url(header) "." base64url(payload) "." base64url(signature)
 *
 * Registry tokens are usually JWTs whose claims (iss, sub, aud, exp, access)
 * explain what the token allows. Decoded for display only: never verified,
 * never trusted for a decision.
 */

/** The JSON claims of a compact JWT, or undefined when the token is not one. */
export function decodeJwtClaims(token: string): Record<string, unknown> | undefined {
  return decodeJwtPart(token, 1);
}

/** The JOSE header of a compact JWT (alg, typ, kid, x5c…), or undefined when the token is not one. */
export function decodeJwtHeader(token: string): Record<string, unknown> | undefined {
  return decodeJwtPart(token, 0);
}

function decodeJwtPart(token: string, index: 0 | 1): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const b64 = parts[index].replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const json: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
