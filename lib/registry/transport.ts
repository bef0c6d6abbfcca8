/**
 * One logical request, sent hop by hop: every URL is checked by the SSRF
 * policy before it is fetched, redirects are followed by hand (fetch's own
 * following would skip the check and keep sending our Authorization), and
 * every exchange lands in the trace. A 5xx, a transient network failure or a
 * 429 that asks for a short wait is sent again (retry.ts), each try its own
 * trace entry.
 *
 * Blob GETs commonly answer 307 to a CDN or object store with a signed URL;
 * the registry's Authorization must not go there (S3 and GCS reject a request
 * carrying two authentication methods, and the token is not theirs to see).
 */
import { PullscopeError } from '../errors';
import { AnsweredHosts } from './answered-hosts';
import { discardBody } from './body';
import {
  HeadersTooLargeError,
  isHeadersOverflow,
  MAX_RESPONSE_HEADER_BYTES,
  RequestLoopError,
  TooManyRedirectsError,
  UnreachableError,
  type HostRole,
  type UnreachableContext,
} from './errors';
import { DEFAULT_RETRY_POLICY, isRetryableNetworkError, retryDelay, retryDelayAfter, retryNote, sleep, type RetryPolicy } from './retry';
import { redactUrl, traceRequestHeaders, traceResponseHeaders, type TraceEntry, type TraceKind, type TraceToken } from './trace';

/** What a Transport needs from its owner. */
export interface TransportOptions {
  fetch: typeof fetch;
  /** The SSRF policy, before every hop; `via` holds the URLs that led to this one (host-policy.ts). */
  checkUrl?: (url: URL, via: readonly URL[]) => Promise<void>;
  trace?: (entry: TraceEntry) => void;
  maxRedirects: number;
  now?: () => number;
  /** Default DEFAULT_RETRY_POLICY (3 tries). */
  retry?: RetryPolicy;
  /** Waits between tries; tests pass one that does not wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Which hosts answered lately, for the words of a network failure; shared across requests by the proxy. */
  answeredHosts?: AnsweredHosts;
}

/** One request to send, possibly over several redirect hops. */
export interface HopRequest {
  method: 'GET' | 'HEAD';
  /** Header names as they should appear in the trace (`Accept`, `Authorization`). */
  headers: Record<string, string>;
  signal?: AbortSignal;
  kind: Exclude<TraceKind, 'redirect'>;
  /** Authorization is sent only to URLs of this origin. */
  authOrigin: string;
  /** The URLs that led to the first one (a token realm's registry); the policy judges each hop by them too. */
  via?: readonly URL[];
  /** Shown on the first hop's trace entry. */
  note?: string;
  /** The bearer token the first hop carries, shown on its trace entry (redirect hops never carry it). */
  token?: TraceToken;
  /** Receives this request's trace entries instead of the transport's sink (the token request holds them until its answer is read). */
  trace?: (entry: TraceEntry) => void;
}

/** The final answer and the URL that gave it. */
export interface Exchange {
  response: Response;
  url: URL;
  redirected: boolean;
}

/** One hop as sent and traced. */
interface Hop {
  /** What the hop's host is to the pull, for the words of a network failure. */
  role: HostRole;
  method: 'GET' | 'HEAD';
  headers: Record<string, string>;
  signal: AbortSignal | undefined;
  kind: TraceKind;
  note: string | undefined;
  token: TraceToken | undefined;
  trace: ((entry: TraceEntry) => void) | undefined;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Sends requests hop by hop with SSRF checks, manual redirects and tracing. */
export class Transport {
  private nextId = 1;
  private readonly now: () => number;
  private readonly answered: AnsweredHosts;

  constructor(private readonly options: TransportOptions) {
    this.now = options.now ?? Date.now;
    this.answered = options.answeredHosts ?? new AnsweredHosts();
  }

  /** Sends the request, following up to maxRedirects redirects; the final response's body is not consumed. */
  async send(start: URL, request: HopRequest): Promise<Exchange> {
    let url = start;
    let kind: TraceKind = request.kind;
    let note = request.note;
    let token = request.token;
    const via = [...(request.via ?? [])];
    for (let redirects = 0; ; redirects++) {
      const sameOrigin = url.origin === request.authOrigin;
      const headers = sameOrigin ? request.headers : withoutAuthorization(request.headers);
      if (!sameOrigin && headers !== request.headers) {
        note = joinNotes(note, 'Authorization not sent: this host is not the registry');
      }
      const role = hostRole(request, url);
      const hop = { role, method: request.method, headers, signal: request.signal, kind, note, token, trace: request.trace ?? this.options.trace };
      await this.checkOrTrace(url, hop, via);
      const response = await this.exchangeWithRetries(url, hop);
      // A Pullscope proxy refusing our own request back (proxy-protocol.ts, LOOP_HEADER), or any other hop that found a loop.
      if (response.status === 508) {
        await discardBody(response);
        throw new RequestLoopError({ host: url.host });
      }
      const next = redirectTarget(response, url);
      if (next === undefined) return { response, url, redirected: redirects > 0 };
      await discardBody(response);
      if (redirects >= this.options.maxRedirects) {
        throw new TooManyRedirectsError({ url: redactUrl(start), maxRedirects: this.options.maxRedirects });
      }
      via.push(url);
      url = next;
      kind = 'redirect';
      note = undefined;
      token = undefined;
    }
  }

  /** A fetch-shaped view of this transport, for code written against fetch (the token request, led to by `via`). */
  fetchFor(kind: Exclude<TraceKind, 'redirect'>, trace?: (entry: TraceEntry) => void, via?: readonly URL[]): typeof fetch {
    return async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const method = (init?.method ?? 'GET').toUpperCase() === 'HEAD' ? 'HEAD' : 'GET';
      const { response } = await this.send(url, {
        method,
        headers: plainHeaders(init?.headers),
        signal: init?.signal ?? undefined,
        kind,
        authOrigin: url.origin,
        via,
        trace,
      });
      return response;
    };
  }

  /** One hop, sent up to the retry policy's number of tries; the last answer is returned as it is. */
  private async exchangeWithRetries(url: URL, hop: Hop): Promise<Response> {
    const policy = this.options.retry ?? DEFAULT_RETRY_POLICY;
    const wait = this.options.sleep ?? sleep;
    let note = hop.note;
    for (let attempt = 1; ; attempt++) {
      let delay: number | undefined;
      try {
        const response = await this.exchange(url, { ...hop, note });
        if (attempt >= policy.tries) return response;
        delay = retryDelayAfter(response.status, response.headers, attempt + 1, this.now(), policy);
        if (delay === undefined) return response;
        await discardBody(response);
      } catch (err) {
        const failure = err instanceof UnreachableError ? err.cause : err;
        if (attempt >= policy.tries || hop.signal?.aborted || !isRetryableNetworkError(failure)) throw err;
        delay = retryDelay(attempt + 1, null, this.now(), policy)!;
      }
      await wait(delay, hop.signal);
      note = joinNotes(hop.note, retryNote(attempt + 1, policy.tries, delay));
    }
  }

  /**
   * The host policy's check, which resolves the name. A request it stops (no
   * such host, a refused address) is still a step of the pull, so the trace
   * gets a row for it, with no answer and why it was not sent.
   */
  private async checkOrTrace(url: URL, hop: Hop, via: readonly URL[]): Promise<void> {
    if (!this.options.checkUrl) return;
    const startedAt = this.now();
    try {
      await this.options.checkUrl(url, via);
    } catch (err) {
      if (hop.signal?.aborted) throw err;
      const reason = err instanceof UnreachableError ? err.reason : err instanceof Error ? err.message : String(err);
      const base = this.traceBase(url, hop, startedAt);
      hop.trace?.({ ...base, status: 0, notSent: true, durationMs: this.now() - startedAt, responseHeaders: {}, note: joinNotes(hop.note, `request not sent: ${reason}`) });
      throw err instanceof UnreachableError ? err.within(this.context(url, hop, startedAt)) : err;
    }
  }

  /** What a failing hop's host is to the pull, and whether it answered shortly before. */
  private context(url: URL, hop: Hop, at: number): UnreachableContext {
    return { role: hop.role, answeredBefore: this.answered.answeredRecently(url.host, at) };
  }

  /** The trace entry's fields known before the request goes out; takes the next id. */
  private traceBase(url: URL, hop: Hop, startedAt: number) {
    return {
      id: this.nextId++,
      method: hop.method,
      url: redactUrl(url),
      startedAt,
      requestHeaders: traceRequestHeaders(hop.headers),
      kind: hop.kind,
      ...(hop.token ? { token: hop.token } : {}),
    };
  }

  private async exchange(url: URL, hop: Hop): Promise<Response> {
    const { method, headers, signal, note, trace } = hop;
    const startedAt = this.now();
    const base = this.traceBase(url, hop, startedAt);
    let response: Response;
    try {
      response = await this.options.fetch(url, { method, headers, signal, redirect: 'manual' });
    } catch (err) {
      if (signal?.aborted) throw err;
      // A refusal raised inside fetch by our own connector (the SSRF policy
      // at connect time) keeps its type; anything else is a network failure.
      const refusal = ownError(err);
      const error =
        refusal ??
        (isHeadersOverflow(err)
          ? new HeadersTooLargeError({ host: url.host, limit: MAX_RESPONSE_HEADER_BYTES }, { cause: err })
          : UnreachableError.fromFetchFailure(url.host, err, this.context(url, hop, startedAt)));
      const reason = error instanceof UnreachableError ? error.reason : error.message;
      trace?.({ ...base, status: 0, durationMs: this.now() - startedAt, responseHeaders: {}, note: joinNotes(note, reason) });
      throw error;
    }
    this.answered.mark(url.host, this.now());
    const next = redirectTarget(response, url);
    const fullNote = joinNotes(note, next ? `redirect to ${next.host}` : undefined);
    trace?.({
      ...base,
      status: response.status,
      durationMs: this.now() - startedAt,
      responseHeaders: traceResponseHeaders(response.headers),
      ...(fullNote ? { note: fullNote } : {}),
    });
    return response;
  }
}

/**
 * A token request's hosts are its token server's; a hop that left the
 * registry's origin went where a redirect named, its storage (S3, GCS, a CDN).
 */
function hostRole(request: HopRequest, url: URL): HostRole {
  if (request.kind === 'token') return 'token server';
  return url.origin === request.authOrigin ? 'registry' : 'storage';
}

/** Where a redirect points, resolved against the URL that answered (Location may be relative, RFC 9110 §10.2.2). */
function redirectTarget(response: Response, base: URL): URL | undefined {
  const location = response.headers.get('location');
  if (!REDIRECT_STATUSES.has(response.status) || location === null) return undefined;
  try {
    return new URL(location, base);
  } catch {
    // An unusable Location leaves a plain 3xx answer, reported as an error by the caller.
    return undefined;
  }
}

/** The first PullscopeError in an error's cause chain, if any. */
function ownError(err: unknown): PullscopeError | undefined {
  for (let e: unknown = err, depth = 0; e !== null && typeof e === 'object' && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof PullscopeError) return e;
  }
  return undefined;
}

function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  const entries = Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization');
  return entries.length === Object.keys(headers).length ? headers : Object.fromEntries(entries);
}

function plainHeaders(init: HeadersInit | undefined): Record<string, string> {
  if (init === undefined) return {};
  if (init instanceof Headers || Array.isArray(init)) return Object.fromEntries(new Headers(init).entries());
  return { ...init };
}

function joinNotes(a: string | undefined, b: string | undefined): string | undefined {
  return a && b ? `${a}; ${b}` : (a ?? b);
}
