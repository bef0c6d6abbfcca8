/**
 * The registry client: one API request, with the distribution auth loop
 * (token.md, "How to authenticate") made explicit:
 *
 *   1. send, anonymously or with a cached token for (registry, scope, credential);
 *   2. on 401, read the WWW-Authenticate challenge;
 *        Bearer -> ask the realm for a token for the scope, cache it;
 *        Basic  -> use the user's credentials (none given: AUTH_REQUIRED);
 *   3. send once more; a second 401 is an AuthError that says so.
 *
 * It never loops, so a wrong password costs one retry, not a lockout.
 * Redirects, the SSRF check and the trace live in the Transport. fetch is
 * injected, so this runs wherever a fetch does.
 */
import { discardBody, readTextBounded } from './body';
import { BadChallengeError, parseWwwAuthenticate } from './challenge';
import { basicAuthorization, type Credentials } from './credentials';
import {
  AuthError,
  extractRegistryMessage,
  NotARegistryError,
  parseRegistryErrorBody,
  type ErrorContext,
} from './errors';
import type { AnsweredHosts } from './answered-hosts';
import { canonicalHostname, classifyAddress } from './host-policy';
import { describeRequestTarget } from './request-target';
import type { RetryPolicy } from './retry';
import { requestToken, type TokenCache, type TokenGrant } from './token';
import type { TraceEntry, TraceToken } from './trace';
import { toTraceToken } from './trace-token';
import { Transport, type Exchange } from './transport';

/** What a RegistryClient is made of; everything with an effect is injected. */
export interface RegistryClientOptions {
  /** The server passes the global fetch; tests pass a fake. */
  fetch: typeof fetch;
  tokenCache: TokenCache;
  credentials?: Credentials;
  /** Default: http for localhost, 127.* and [::1] (Docker's default insecure loopback), https otherwise. */
  schemeFor?: (host: string) => 'http' | 'https';
  /**
   * SSRF policy hook, called before every outgoing request (registry, token
   * realm, each redirect hop) with the URLs that led to it; throws to refuse.
   */
  checkUrl?: (url: URL, via: readonly URL[]) => Promise<void>;
  /** Called once per HTTP exchange. */
  trace?: (entry: TraceEntry) => void;
  /** Default 5. */
  maxRedirects?: number;
  /** How 429, 5xx and transient network failures are retried; default DEFAULT_RETRY_POLICY. */
  retry?: RetryPolicy;
  /** Waits between tries (tests pass one that records instead of waiting). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Which hosts answered lately, shared across clients so a failure can say a host answered shortly before. */
  answeredHosts?: AnsweredHosts;
}

/** One API request: method, Accept list, abort signal and the repository the path belongs to. */
export interface RegistryRequestInit {
  method?: 'GET' | 'HEAD';
  accept?: string;
  signal?: AbortSignal;
  /** The repository the path belongs to: it names the token scope `repository:<repo>:pull`. */
  repository: string;
}

/** The token scope for pulling from a repository (token.md, "Requesting a Token"; scope grammar in token-scope.md). */
export function pullScope(repository: string): string {
  return `repository:${repository}:pull`;
}

/**
 * Docker's default: loopback registries speak plain http, everything else
 * https. Decided on the canonical address, so `127.1`, `2130706433` and
 * `[::ffff:127.0.0.1]` get what `127.0.0.1` gets (the URL parser and the
 * socket read them all as 127.0.0.1).
 */
export function defaultSchemeFor(host: string): 'http' | 'https' {
  const hostname = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  const name = canonicalHostname(hostname);
  return name === 'localhost' || classifyAddress(name) === 'loopback' ? 'http' : 'https';
}

/** Talks the distribution API to any registry, handling auth and redirects. */
export class RegistryClient {
  private readonly transport: Transport;

  constructor(private readonly options: RegistryClientOptions) {
    this.transport = new Transport({
      fetch: options.fetch,
      checkUrl: options.checkUrl,
      trace: options.trace,
      maxRedirects: options.maxRedirects ?? 5,
      retry: options.retry,
      sleep: options.sleep,
      answeredHosts: options.answeredHosts,
    });
  }

  /**
   * GET/HEAD a registry API path like '/v2/library/ubuntu/manifests/latest',
   * handling the auth loop and redirects. Returns the final upstream Response
   * with its body not consumed (the proxy streams it). Non-2xx final
   * responses become typed errors (body read to at most 64 KiB).
   */
  async request(host: string, path: string, init: RegistryRequestInit): Promise<Response> {
    const { tokenCache, credentials } = this.options;
    // Concatenated, not resolved: a path like '//other.host/x' must not change the authority.
    const url = new URL(`${(this.options.schemeFor ?? defaultSchemeFor)(host)}://${host}${path.startsWith('/') ? '' : '/'}${path}`);
    const scope = pullScope(init.repository);
    const target = describeRequestTarget(url.pathname);
    const context: ErrorContext = { repository: init.repository, reference: target.reference, target: target.target, credentialed: credentials !== undefined };

    const send = (authorization: string | undefined, note: string | undefined, token?: TraceToken, trace?: (entry: TraceEntry) => void): Promise<Exchange> =>
      this.transport.send(url, {
        method: init.method ?? 'GET',
        headers: {
          ...(init.accept ? { Accept: init.accept } : {}),
          ...(authorization ? { Authorization: authorization } : {}),
        },
        signal: init.signal,
        kind: 'registry',
        authOrigin: url.origin,
        note,
        token,
        trace,
      });

    const cached = await tokenCache.get(host, scope, credentials);
    // How the cached token was got, so the trace shows the challenge and the token request even when they were made earlier.
    if (cached) for (const entry of cached.obtainedBy) this.options.trace?.({ ...entry, earlier: true });
    // Once a registry took these credentials as Basic auth they go up front, as Docker does, not after another 401.
    const basicUpFront = !cached && credentials !== undefined && (await tokenCache.takesBasic(host, credentials));
    // The exchanges of this first try, kept with a token its challenge leads to.
    const firstTry: TraceEntry[] = [];
    let exchange = await send(
      cached ? `Bearer ${cached.token}` : basicUpFront ? basicAuthorization(credentials!) : undefined,
      cached ? `cached token for ${scope}` : basicUpFront ? 'Basic credentials sent up front: this registry asked for them before' : undefined,
      cached && toTraceToken(cached),
      (entry) => {
        firstTry.push(entry);
        this.options.trace?.(entry);
      },
    );

    if (isChallenge(exchange, url)) {
      const header = exchange.response.headers.get('www-authenticate');
      if (cached) await tokenCache.delete(host, scope, credentials);
      // Credentials sent up front and refused with another Basic challenge: sending them again would only be refused again.
      if (basicUpFront && header !== null && parseWwwAuthenticate(header).scheme === 'basic') {
        throw await this.secondUnauthorized(exchange.response, host, init.repository, 'basic');
      }
      await discardBody(exchange.response);
      const answer = await this.answerChallenge(header, url, host, scope, init, firstTry);
      exchange = await send(answer.authorization, answer.note, answer.token);
      if (isChallenge(exchange, url)) {
        if (answer.scheme === 'bearer') await tokenCache.delete(host, scope, credentials);
        throw await this.secondUnauthorized(exchange.response, host, init.repository, answer.scheme);
      }
      if (credentials && answer.scheme === 'basic') await tokenCache.rememberBasic(host, credentials);
      else if (credentials && basicUpFront) await tokenCache.forgetBasic(host, credentials);
    }

    const { response } = exchange;
    if (!response.ok) {
      const viaRedirect = exchange.url.origin !== url.origin;
      const body = init.method === 'HEAD' ? '' : await readTextBounded(response);
      throw parseRegistryErrorBody(response.status, response.headers, body, viaRedirect ? exchange.url.host : host, {
        ...context,
        viaRedirect,
      });
    }
    // A website answering 200 to any path is not a registry; blobs may be served with any type by object stores.
    const contentType = response.headers.get('content-type') ?? '';
    if (!exchange.redirected && target.target !== 'blob' && /^\s*text\/html/i.test(contentType)) {
      await discardBody(response);
      throw new NotARegistryError({ host, httpStatus: response.status, contentType: contentType.split(';')[0].trim() });
    }
    return response;
  }

  /** Turns a 401 challenge into the Authorization for the one retry, or the error that ends the request. */
  private async answerChallenge(
    header: string | null,
    url: URL,
    host: string,
    scope: string,
    init: RegistryRequestInit,
    /** The traced exchanges that ended in this challenge. */
    challenged: readonly TraceEntry[],
  ): Promise<{ scheme: string; authorization: string; note: string; token?: TraceToken }> {
    const { credentials } = this.options;
    if (header === null) {
      throw new AuthError({
        code: credentials ? 'AUTH_FAILED' : 'AUTH_REQUIRED',
        registry: host,
        repository: init.repository,
        reason: 'the registry answered 401 without a WWW-Authenticate challenge',
      });
    }
    const challenge = parseWwwAuthenticate(header);

    if (challenge.scheme === 'bearer') {
      const realm = challenge.params.realm;
      if (!realm) throw new BadChallengeError(header, 'Bearer challenge without realm');
      // The registry knows best which scope it wants (token.md); ours is the fallback.
      const scopes = challenge.params.scope?.split(' ').filter(Boolean) ?? [scope];
      // The token exchange's trace entries wait until the answer is read, so
      // the last one can show what the token server issued.
      const held: TraceEntry[] = [];
      let grant: TokenGrant | undefined;
      let issued: TraceToken | undefined;
      let tokenExchanges: TraceEntry[] = [];
      try {
        grant = await requestToken({
          // The realm is the registry's word, as a redirect is: the policy judges it by the registry too.
          fetch: this.transport.fetchFor('token', (entry) => held.push(entry), [url]),
          realm: new URL(realm, url).href,
          service: challenge.params.service,
          scopes: scopes.length > 0 ? scopes : [scope],
          credentials,
          signal: init.signal,
          registry: host,
          repository: init.repository,
        });
      } finally {
        issued = grant && toTraceToken(grant);
        tokenExchanges = held.map((entry, i) => (issued && i === held.length - 1 ? { ...entry, token: issued } : entry));
        tokenExchanges.forEach((entry) => this.options.trace?.(entry));
      }
      await this.options.tokenCache.set(host, scope, credentials, grant, [...challenged, ...tokenExchanges]);
      return { scheme: 'bearer', authorization: `Bearer ${grant.token}`, note: `retry with a token for ${scopes.join(' ')}`, token: issued };
    }

    if (challenge.scheme === 'basic') {
      if (!credentials) {
        throw new AuthError({
          code: 'AUTH_REQUIRED',
          registry: host,
          repository: init.repository,
          reason: 'the registry asks for a username and password (Basic)',
        });
      }
      return { scheme: 'basic', authorization: basicAuthorization(credentials), note: 'retry with Basic credentials' };
    }

    throw new AuthError({
      code: 'AUTH_UNSUPPORTED',
      registry: host,
      repository: init.repository,
      reason: `scheme '${challenge.scheme}'`,
    });
  }

  /** The error for a 401 that came back after we answered the challenge. */
  private async secondUnauthorized(response: Response, host: string, repository: string, scheme: string): Promise<AuthError> {
    const registryMessage = extractRegistryMessage(await readTextBounded(response)) || undefined;
    const given = this.options.credentials !== undefined;
    const reason =
      scheme === 'basic'
        ? 'the registry answered 401 again to the username and password'
        : given
          ? 'the registry answered 401 again to the token it had just issued for them'
          : 'the registry answered 401 again to an anonymous token';
    return new AuthError({ code: given ? 'AUTH_FAILED' : 'AUTH_REQUIRED', registry: host, repository, registryMessage, reason });
  }
}

/** A 401 from the registry itself (a 401 from a redirect target is that host's error, not a challenge to answer). */
function isChallenge(exchange: Exchange, registryUrl: URL): boolean {
  return exchange.response.status === 401 && exchange.url.origin === registryUrl.origin;
}
