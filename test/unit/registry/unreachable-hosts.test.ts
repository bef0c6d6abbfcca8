// A network failure names the host that failed, what it is to the pull (the
// registry, its token server, the storage host a redirect named), and a
// suggestion that fits: a host that answered shortly before has the right name.
import { describe, expect, it } from 'vitest';
import { AnsweredHosts } from '@/lib/registry/answered-hosts';
import { RegistryClient } from '@/lib/registry/client';
import { errorFromWire, UnreachableError } from '@/lib/registry/errors';
import { TokenCache } from '@/lib/registry/token';
import { challengeAnswer, FakeNetwork, manifestAnswer, redirectAnswer, type SeenRequest } from './fake-network';

const REGISTRY = 'registry.test';
const AUTH = 'auth.test';
const CDN = 'cdn.test';
const REPO = 'library/ubuntu';
const MANIFEST_PATH = `/v2/${REPO}/manifests/latest`;
const BLOB_PATH = `/v2/${REPO}/blobs/sha256:${'ab'.repeat(32)}`;

/** What undici throws for a failure of this system error code. */
function networkFailure(code: string): never {
  throw new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
}

interface Case {
  name: string;
  /** The origins that answer, and how. */
  network: Record<string, (req: SeenRequest) => Response>;
  /** Paths asked of the registry in turn, each in a request of its own (as the page asks the proxy); the last fails. */
  paths: string[];
  message: string;
  suggestion: string;
}

const cases: Case[] = [
  {
    name: 'a registry that never answered',
    network: {},
    paths: [MANIFEST_PATH],
    message: `cannot reach the registry ${REGISTRY}: DNS lookup failed (no such host)`,
    suggestion: 'Check the registry host name and port; the registry may be down, or only reachable from another network.',
  },
  {
    name: 'a registry that served the manifest, then timed out on a blob',
    network: {
      [`https://${REGISTRY}`]: (req) => (req.url.pathname === MANIFEST_PATH ? manifestAnswer('{"schemaVersion":2}') : networkFailure('UND_ERR_HEADERS_TIMEOUT')),
    },
    paths: [MANIFEST_PATH, BLOB_PATH],
    message: `cannot reach the registry ${REGISTRY}: no response in time (headers timeout)`,
    suggestion: `${REGISTRY} answered shortly before, so its name and port are right: it may be overloaded or restarting, or the network to it dropped. Retry in a moment.`,
  },
  {
    name: 'a token server that refuses connections',
    network: {
      [`https://${REGISTRY}`]: () => challengeAnswer(`Bearer realm="https://${AUTH}/token",service="${REGISTRY}"`),
      [`https://${AUTH}`]: () => networkFailure('ECONNREFUSED'),
    },
    paths: [MANIFEST_PATH],
    message: `cannot reach ${AUTH}, the registry's token server: connection refused`,
    suggestion: `The registry's 401 challenge sends clients to ${AUTH} for a token: that token server may be down, or reachable only from another network. Retry; if it persists, the registry's operator can tell why.`,
  },
  {
    name: 'the storage host a blob redirect named',
    network: {
      [`https://${REGISTRY}`]: () => redirectAnswer(`https://${CDN}/signed?sig=x`),
      [`https://${CDN}`]: () => networkFailure('ECONNRESET'),
    },
    paths: [BLOB_PATH],
    message: `cannot reach ${CDN}, the storage host the registry's redirect named: connection reset`,
    suggestion: `The registry redirected the download to ${CDN} (its storage or CDN): that host may be down, or reachable only from another network. Retry; if it persists, the registry's operator can tell why.`,
  },
];

describe('a host of the pull that cannot be reached', () => {
  it.each(cases)('names $name', async ({ network, paths, message, suggestion }) => {
    const net = new FakeNetwork();
    for (const [origin, handler] of Object.entries(network)) net.on(origin, handler);
    // One record of answers for every request, as the proxy keeps one per server process.
    const answeredHosts = new AnsweredHosts();
    let failure: unknown;
    for (const path of paths) {
      const client = new RegistryClient({ fetch: net.fetch, tokenCache: new TokenCache(), sleep: async () => {}, answeredHosts });
      failure = await client.request(REGISTRY, path, { repository: REPO }).then(
        () => undefined,
        (err: unknown) => err,
      );
    }
    expect(failure, `got ${String(failure)}, want an UnreachableError`).toBeInstanceOf(UnreachableError);
    const err = failure as UnreachableError;
    expect(err.message).toBe(message);
    expect(err.suggestion).toBe(suggestion);
    // The page reads the same words from the proxy's answer.
    const rebuilt = errorFromWire(err.toWire(), 502);
    expect(rebuilt).toBeInstanceOf(UnreachableError);
    expect([rebuilt.message, rebuilt.suggestion]).toEqual([message, suggestion]);
  });
});
