/**
 * How the proxy reaches registries: one undici Agent per process whose
 * connector enforces the SSRF policy at connect time (pinned-connector.ts),
 * with timeouts on connecting, on waiting for headers and on a stalled body,
 * a bound on the size of an answer's headers and one on concurrent upstream
 * requests. lib/registry receives the resulting fetch (dispatcher-fetch.ts)
 * and the URL check, and knows nothing of undici.
 */
import { lookup } from 'node:dns/promises';
import { Agent, buildConnector } from 'undici';
import { limitConcurrency } from '@/lib/registry/concurrency-limit';
import { MAX_RESPONSE_HEADER_BYTES } from '@/lib/registry/errors';
import { makeHostChecker, parseAllowedHosts, type HostCheckerOptions } from '@/lib/registry/host-policy';
import { UPSTREAM_IDLE_TIMEOUT_MS } from '@/lib/registry/proxy-protocol';
import { dispatcherFetch } from './dispatcher-fetch';
import { pinnedConnector } from './pinned-connector';
import { processWide } from './process-wide';

/** A TCP (and TLS) connection must be up within this. */
export const CONNECT_TIMEOUT_MS = 10_000;
/** The response headers must arrive within this after the request is sent. */
export const HEADERS_TIMEOUT_MS = 30_000;
/** A body that sends nothing for this long is abandoned (the page reads a cut after so long a silence as a stall). */
export const BODY_IDLE_TIMEOUT_MS = UPSTREAM_IDLE_TIMEOUT_MS;
/**
 * Upstream requests open at once (headers to end of body); more wait in a
 * queue. One proxied request holds at most one at a time: its hops (token,
 * registry, each redirect) go one after another, and a hop that leads back
 * into a Pullscope proxy is refused there (LOOP_HEADER in proxy-protocol.ts).
 */
export const MAX_CONCURRENT_UPSTREAM = 64;

/**
 * How much a socket reads before it waits for its reader. At undici's 64 KiB
 * a socket stopped reading after every read of 64 KiB and started again once
 * that was taken (two epoll_ctl calls and a turn of the event loop per
 * 64 KiB); reading ahead lets each turn take what the kernel holds.
 */
export const SOCKET_READ_AHEAD_BYTES = 256 * 1024;

/** What the upstream is built from; everything defaults to the environment and Node's resolver. */
export interface UpstreamOptions {
  /** PULLSCOPE_ALLOWED_HOSTS's format; default: the variable itself. */
  allowedHosts?: string;
  /** Name resolution (default: the system resolver, every address). */
  resolve?: (hostname: string) => Promise<string[]>;
  maxConcurrent?: number;
  /** Overrides of CONNECT_TIMEOUT_MS, HEADERS_TIMEOUT_MS and BODY_IDLE_TIMEOUT_MS. */
  timeouts?: { connectMs?: number; headersMs?: number; bodyIdleMs?: number };
}

/** The proxy's way out: a policy-enforcing fetch and the per-hop URL check. */
export interface Upstream {
  fetch: typeof fetch;
  checkUrl: (url: URL, via?: readonly URL[]) => Promise<void>;
  /** Requests running now and waiting for a slot. */
  readonly load: { active: number; queued: number };
  close(): Promise<void>;
}

async function resolveAll(hostname: string): Promise<string[]> {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => a.address);
}

/** Builds an upstream from options (tests) or the environment. */
export function createUpstream(options: UpstreamOptions = {}): Upstream {
  const policy: HostCheckerOptions = {
    resolve: options.resolve ?? resolveAll,
    allowed: parseAllowedHosts(options.allowedHosts ?? process.env.PULLSCOPE_ALLOWED_HOSTS),
  };
  const timeouts = options.timeouts ?? {};
  // undici passes these on to net.connect/tls.connect; its types leave out the stream option.
  const connectOptions: buildConnector.BuildOptions & { highWaterMark: number } = {
    timeout: timeouts.connectMs ?? CONNECT_TIMEOUT_MS,
    highWaterMark: SOCKET_READ_AHEAD_BYTES,
  };
  const bodyIdleMs = timeouts.bodyIdleMs ?? BODY_IDLE_TIMEOUT_MS;
  const agent = new Agent({
    connect: pinnedConnector(() => policy, buildConnector(connectOptions)),
    maxHeaderSize: MAX_RESPONSE_HEADER_BYTES,
    headersTimeout: timeouts.headersMs ?? HEADERS_TIMEOUT_MS,
    bodyTimeout: bodyIdleMs,
  });
  const limited = limitConcurrency(dispatcherFetch(agent, bodyIdleMs), options.maxConcurrent ?? MAX_CONCURRENT_UPSTREAM);
  return {
    fetch: limited,
    checkUrl: makeHostChecker(policy),
    get load() {
      return { active: limited.active, queued: limited.queued };
    },
    close: () => agent.close(),
  };
}

// One for the process: its concurrency bound and connection pool are the server's, whichever route asks.
const holder = processWide<{ current?: Upstream }>('upstream', () => ({}));

/** This process's upstream, built from the environment on first use. */
export function upstream(): Upstream {
  holder.current ??= createUpstream();
  return holder.current;
}

/**
 * Replaces this process's upstream (tests run the route with another allow
 * list or resolver); without options it is rebuilt from the environment.
 */
export async function configureUpstream(options?: UpstreamOptions): Promise<Upstream> {
  const previous = holder.current;
  const next = createUpstream(options);
  holder.current = next;
  await previous?.close();
  return next;
}
