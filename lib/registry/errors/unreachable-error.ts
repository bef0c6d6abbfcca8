/**
 * A host of the pull could not be reached: DNS, connection or TLS failure, or
 * no answer in time. Node's fetch throws `TypeError('fetch failed')` with the
 * system error as its `cause`; the useful words are in that cause's `code`.
 *
 * A pull meets up to three kinds of host: the registry, the token server its
 * 401 challenge names, and the storage host (an object store or CDN) a blob
 * redirect names. Which one failed, and whether it had answered shortly
 * before, decide what the user can do: a host that just answered has the
 * right name and port.
 */
import { PullscopeError } from '../../errors';

/** What a host is to the pull. */
export type HostRole = 'registry' | 'token server' | 'storage';

/** Where the failure happened, when the transport knows. */
export interface UnreachableContext {
  role: HostRole;
  /** The host answered a request shortly before (this pull, or another of this server's). */
  answeredBefore: boolean;
}

/** The host could not be reached (DNS, connection refused, TLS, timeout); `reason` says which, `role` what it is to the pull. */
export class UnreachableError extends PullscopeError {
  readonly host: string;
  readonly reason: string;
  readonly role?: HostRole;
  readonly answeredBefore?: boolean;

  constructor(init: { host: string; reason: string } & Partial<UnreachableContext>, options: { cause?: unknown } = {}) {
    super('REGISTRY_UNREACHABLE', `cannot reach ${hostWords(init.host, init.role)}: ${init.reason}`, {
      suggestion: suggestionFor(init.host, init.role, init.answeredBefore ?? false),
      status: 502,
      cause: options.cause,
    });
    this.host = init.host;
    this.reason = init.reason;
    if (init.role !== undefined) this.role = init.role;
    if (init.answeredBefore !== undefined) this.answeredBefore = init.answeredBefore;
  }

  /** Builds the error from whatever fetch threw, naming the underlying failure. */
  static fromFetchFailure(host: string, err: unknown, context?: UnreachableContext): UnreachableError {
    return new UnreachableError({ host, reason: describeNetworkFailure(err), ...context }, { cause: err });
  }

  /** The same failure, told with what the host is to the pull (the transport knows; the host check does not). */
  within(context: UnreachableContext): UnreachableError {
    return new UnreachableError({ host: this.host, reason: this.reason, ...context }, { cause: this.cause });
  }

  protected override wireData() {
    return {
      host: this.host,
      reason: this.reason,
      ...(this.role === undefined ? {} : { role: this.role }),
      ...(this.answeredBefore === undefined ? {} : { answeredBefore: this.answeredBefore }),
    };
  }
}

function hostWords(host: string, role: HostRole | undefined): string {
  switch (role) {
    case 'registry':
      return `the registry ${host}`;
    case 'token server':
      return `${host}, the registry's token server`;
    case 'storage':
      return `${host}, the storage host the registry's redirect named`;
    default:
      return host;
  }
}

function suggestionFor(host: string, role: HostRole | undefined, answeredBefore: boolean): string {
  if (answeredBefore) {
    return `${host} answered shortly before, so its name and port are right: it may be overloaded or restarting, or the network to it dropped. Retry in a moment.`;
  }
  switch (role) {
    case 'token server':
      return `The registry's 401 challenge sends clients to ${host} for a token: that token server may be down, or reachable only from another network. Retry; if it persists, the registry's operator can tell why.`;
    case 'storage':
      return `The registry redirected the download to ${host} (its storage or CDN): that host may be down, or reachable only from another network. Retry; if it persists, the registry's operator can tell why.`;
    default:
      return 'Check the registry host name and port; the registry may be down, or only reachable from another network.';
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
