/**
 * The registry could not be reached at all: DNS, connection or TLS failure.
 * Node's fetch throws `TypeError('fetch failed')` with the system error as
 * its `cause`; the useful words are in that cause's `code`.
 */
import { PullscopeError } from '../../errors';

/** The host could not be reached (DNS, connection refused, TLS); `reason` says which. */
export class UnreachableError extends PullscopeError {
  readonly host: string;
  readonly reason: string;

  constructor(init: { host: string; reason: string }, options: { cause?: unknown } = {}) {
    super('REGISTRY_UNREACHABLE', `cannot reach ${init.host}: ${init.reason}`, {
      suggestion:
        'Check the registry host name and port; the registry may be down, or only reachable from another network.',
      status: 502,
      cause: options.cause,
    });
    this.host = init.host;
    this.reason = init.reason;
  }

  /** Builds the error from whatever fetch threw, naming the underlying failure. */
  static fromFetchFailure(host: string, err: unknown): UnreachableError {
    return new UnreachableError({ host, reason: describeNetworkFailure(err) }, { cause: err });
  }

  protected override wireData() {
    return { host: this.host, reason: this.reason };
  }
}

const SYSTEM_ERRORS: Record<string, string> = {
  ENOTFOUND: 'DNS lookup failed (no such host)',
  EAI_AGAIN: 'DNS lookup failed (temporary resolver failure)',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed unexpectedly',
  UND_ERR_HEADERS_TIMEOUT: 'no response in time (headers timeout)',
  UND_ERR_BODY_TIMEOUT: 'the response stalled (body timeout)',
};

/** True when undici gave up on an answer because its headers passed the size it reads (UND_ERR_HEADERS_OVERFLOW). */
export function isHeadersOverflow(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; isRecord(e) && depth < 6; e = e.cause, depth++) {
    if (e.code === 'UND_ERR_HEADERS_OVERFLOW') return true;
  }
  return false;
}

/** Words for a network failure, from the innermost error code or message we can find. */
export function describeNetworkFailure(err: unknown): string {
  const chain: unknown[] = [];
  for (let e: unknown = err; e instanceof Error || isRecord(e); e = (e as { cause?: unknown }).cause) {
    chain.push(e);
    if (chain.length > 5) break;
  }
  for (const e of [...chain].reverse()) {
    const code = isRecord(e) && typeof e.code === 'string' ? e.code : undefined;
    if (code && SYSTEM_ERRORS[code]) return SYSTEM_ERRORS[code];
    if (code && /CERT|SSL|TLS/i.test(code)) return `TLS error (${code})`;
  }
  const innermost = chain[chain.length - 1];
  if (innermost instanceof Error) return innermost.message;
  return String(err);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
