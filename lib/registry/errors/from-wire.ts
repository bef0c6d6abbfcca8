/**
 * The browser's side of lib/errors.ts `toWire()`: the proxy answers
 * `{ "error": WireError }` with the error's status, and this rebuilds the
 * same subclass, so views and tests can use `instanceof` and read its fields.
 */
import { DigestMismatchError } from '../../digest';
import { PullscopeError, type WireError } from '../../errors';
import { BadChallengeError } from '../challenge';
import { AuthError, type AuthErrorCode } from './auth-error';
import { BadTokenResponseError } from './bad-token-response-error';
import { ContentEncodingError } from './content-encoding-error';
import { HeadersTooLargeError } from './headers-too-large-error';
import { HostNotAllowedError } from './host-not-allowed-error';
import { NotARegistryError } from './not-a-registry-error';
import type { RateLimit } from '../rate-limit';
import { REGISTRY_ERROR_CODES, RegistryError } from './registry-error';
import { RequestLoopError } from './request-loop-error';
import { TooManyRedirectsError } from './too-many-redirects-error';
import { UnreachableError, type HostRole } from './unreachable-error';

const HOST_ROLES: readonly string[] = ['registry', 'token server', 'storage'] satisfies HostRole[];

const AUTH_CODES: readonly string[] = ['AUTH_FAILED', 'AUTH_REQUIRED', 'AUTH_UNSUPPORTED'] satisfies AuthErrorCode[];
const REGISTRY_CODES: readonly string[] = REGISTRY_ERROR_CODES;

/** Rebuilds the PullscopeError subclass a proxy error body describes; unknown codes become a plain PullscopeError. */
export function errorFromWire(wire: WireError, httpStatus: number): PullscopeError {
  return rebuild(wire) ?? new PullscopeError(wire.code, wire.message, { suggestion: wire.suggestion, status: httpStatus });
}

function rebuild(wire: WireError): PullscopeError | undefined {
  const s = (key: string) => (typeof wire[key] === 'string' ? (wire[key] as string) : undefined);
  const n = (key: string) => (typeof wire[key] === 'number' ? (wire[key] as number) : undefined);

  if (AUTH_CODES.includes(wire.code)) {
    const registry = s('registry');
    if (registry === undefined) return undefined;
    return new AuthError({
      code: wire.code as AuthErrorCode,
      registry,
      repository: s('repository'),
      registryMessage: s('registryMessage'),
      reason: s('reason'),
    });
  }

  switch (wire.code) {
    case 'REGISTRY_UNREACHABLE': {
      const host = s('host');
      const reason = s('reason');
      const role = s('role');
      const answeredBefore = typeof wire.answeredBefore === 'boolean' ? wire.answeredBefore : undefined;
      return host !== undefined && reason !== undefined
        ? new UnreachableError({
            host,
            reason,
            ...(role !== undefined && HOST_ROLES.includes(role) ? { role: role as HostRole } : {}),
            ...(answeredBefore === undefined ? {} : { answeredBefore }),
          })
        : undefined;
    }
    case 'NOT_A_REGISTRY': {
      const host = s('host');
      const status = n('httpStatus');
      return host !== undefined && status !== undefined
        ? new NotARegistryError({ host, httpStatus: status, contentType: s('contentType') ?? '' })
        : undefined;
    }
    case 'HEADERS_TOO_LARGE': {
      const host = s('host');
      const limit = n('limit');
      return host !== undefined && limit !== undefined ? new HeadersTooLargeError({ host, limit }) : undefined;
    }
    case 'CONTENT_ENCODING': {
      const host = s('host');
      const encoding = s('encoding');
      return host !== undefined && encoding !== undefined ? new ContentEncodingError({ host, encoding, reason: s('reason') }) : undefined;
    }
    case 'TOO_MANY_REDIRECTS': {
      const url = s('url');
      const max = n('maxRedirects');
      return url !== undefined && max !== undefined ? new TooManyRedirectsError({ url, maxRedirects: max }) : undefined;
    }
    case 'HOST_NOT_ALLOWED': {
      const host = s('host');
      const classification = s('classification');
      return host !== undefined && classification !== undefined
        ? new HostNotAllowedError({ host, address: s('address'), classification, via: s('via') })
        : undefined;
    }
    case 'REQUEST_LOOP':
      return new RequestLoopError({ host: s('host') });
    case 'BAD_CHALLENGE': {
      const header = s('header');
      const reason = s('reason');
      return header !== undefined && reason !== undefined ? new BadChallengeError(header, reason) : undefined;
    }
    case 'BAD_TOKEN_RESPONSE': {
      const realm = s('realm');
      const reason = s('reason');
      return realm !== undefined && reason !== undefined ? new BadTokenResponseError({ realm, reason }) : undefined;
    }
    case 'DIGEST_MISMATCH': {
      const [subject, want, got, bytes] = [s('subject'), s('want'), s('got'), n('bytes')];
      return subject !== undefined && want !== undefined && got !== undefined && bytes !== undefined
        ? new DigestMismatchError(subject, want, got, bytes, s('origin') === 'local file' ? 'local file' : 'registry')
        : undefined;
    }
  }

  // Registry errors carry whatever code the registry sent, so recognize them by shape too.
  const registry = s('registry');
  const upstreamStatus = n('httpStatus');
  if (registry !== undefined && upstreamStatus !== undefined && (REGISTRY_CODES.includes(wire.code) || 'temporary' in wire)) {
    return new RegistryError({
      code: wire.code,
      httpStatus: upstreamStatus,
      registry,
      registryMessage: s('registryMessage') ?? '',
      detail: wire.detail,
      retryAfterSeconds: n('retryAfterSeconds'),
      repository: s('repository'),
      reference: s('reference'),
      rateLimit: rateLimitFromWire(wire.rateLimit),
      credentialed: typeof wire.credentialed === 'boolean' ? wire.credentialed : undefined,
    });
  }
  return undefined;
}

/** A RegistryError's quota as it travelled, when it has the shape RateLimit gives it. */
function rateLimitFromWire(value: unknown): RateLimit | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const n = (key: string) => (typeof v[key] === 'number' && Number.isFinite(v[key]) ? (v[key] as number) : undefined);
  const limit = n('limit');
  if (limit === undefined) return undefined;
  const [remaining, windowSeconds, resetSeconds] = [n('remaining'), n('windowSeconds'), n('resetSeconds')];
  return {
    limit,
    ...(remaining !== undefined ? { remaining } : {}),
    ...(windowSeconds !== undefined ? { windowSeconds } : {}),
    ...(resetSeconds !== undefined ? { resetSeconds } : {}),
    ...(typeof v.source === 'string' ? { source: v.source } : {}),
  };
}
