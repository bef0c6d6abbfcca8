/**
 * When one upstream exchange is worth sending again, and after how long.
 *
 * Retried: the 5xx answers that say "try later" (500, 502, 503, 504 and the
 * rest of 5xx except 501 Not Implemented, 505 HTTP Version Not Supported and
 * 508 Loop Detected, which will not change), network failures of the
 * transient kind (reset, timeout, temporary DNS failure), and a 429 Too Many
 * Requests (RFC 6585 §4) only when the registry asks for a short wait by
 * Retry-After. Every request we send is a GET or HEAD, so a retry is safe
 * (RFC 9110 §9.2.2). Not retried: 4xx answers (the request is wrong, a second
 * send changes nothing), a host that does not exist, a refused connection,
 * TLS failures and anything our own policy refused.
 *
 * Delays: the server's Retry-After when it sends one (RFC 9110 §10.2.3:
 * delay-seconds or an HTTP-date), else 1 s, 2 s, … doubling. A Retry-After
 * longer than the cap is honoured by not retrying: sending early would only
 * earn another refusal, and the user is better told now. A 429 without
 * Retry-After, or one whose quota is spent for longer than the cap (Docker
 * Hub's pull limit: 0 of 100 left in a 6 h window), fails at once: retrying
 * it cannot succeed, and would only spend more of the quota and the user's time.
 */
import { PullscopeError } from '../errors';
import { rateLimitOf } from './rate-limit';

/** How retries behave; the defaults suit an interactive page. */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  tries: number;
  /** Delay before the second try when the server names none; doubled for each later one. */
  baseDelayMs: number;
  /** The longest wait we accept, from Retry-After or backoff. */
  maxDelayMs: number;
}

/** At most 3 tries, 1 s then 2 s apart, never waiting more than 10 s. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { tries: 3, baseDelayMs: 1000, maxDelayMs: 10_000 };

/** True for an HTTP status that may be worth sending the same GET/HEAD again for (a 429 only as its headers allow: retryDelayAfter). */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599 && !FINAL_SERVER_STATUSES.has(status));
}

/**
 * How long to wait before try number `nextTry` after an answer with `status`
 * and `headers`, or undefined when it is not worth sending again.
 */
export function retryDelayAfter(status: number, headers: Headers, nextTry: number, now: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number | undefined {
  if (!isRetryableStatus(status)) return undefined;
  if (status !== 429) return retryDelay(nextTry, headers.get('retry-after'), now, policy);
  // A rate limit passes only when the registry says so: wait exactly as long as it asks, within the cap.
  const asked = parseRetryAfter(headers.get('retry-after'), now);
  if (asked === undefined || asked > policy.maxDelayMs) return undefined;
  const rate = rateLimitOf(headers);
  const spentFor = rate?.remaining === 0 ? (rate.resetSeconds ?? rate.windowSeconds) : undefined;
  return spentFor !== undefined && spentFor * 1000 > policy.maxDelayMs ? undefined : asked;
}

// 501 Not Implemented and 505 HTTP Version Not Supported will not change; nor will a loop (508 Loop Detected, RFC 5842 §7.2).
const FINAL_SERVER_STATUSES = new Set([501, 505, 508]);

// Node/undici codes of failures that a second attempt can plausibly get past.
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** True when a fetch failure is transient (connection reset, timeout, temporary DNS failure). */
export function isRetryableNetworkError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e !== null && typeof e === 'object' && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    // A refusal of our own (the SSRF policy at connect time) is final.
    if (e instanceof PullscopeError) return false;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  }
  return false;
}

/** Retry-After as milliseconds from now: delay-seconds or an HTTP-date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long to wait before try number `nextTry` (2, 3, …), or undefined when
 * the server asked for longer than the policy's cap.
 */
export function retryDelay(nextTry: number, retryAfter: string | null, now: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number | undefined {
  const asked = parseRetryAfter(retryAfter, now);
  if (asked !== undefined) return asked <= policy.maxDelayMs ? asked : undefined;
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (nextTry - 2));
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The trace note of a retried exchange, e.g. 'retry 2 of 3 after 1 s'. */
export function retryNote(tryNumber: number, tries: number, delayMs: number): string {
  const seconds = delayMs / 1000;
  return `retry ${tryNumber} of ${tries} after ${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
