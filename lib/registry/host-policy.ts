/**
 * Which hosts the proxy may fetch (SSRF policy). A registry reference is
 * user input, and so is every redirect a registry sends; without a check the
 * proxy would fetch cloud metadata (169.254.169.254), its own loopback or the
 * operator's private network on a user's behalf. Only public unicast
 * addresses pass, unless the operator lists the host in
 * PULLSCOPE_ALLOWED_HOSTS. Address ranges: IANA IPv4 and IPv6 Special-Purpose
 * Address Registries (RFC 6890 and updates).
 *
 * permittedAddresses is the one decision: resolve, classify every address,
 * answer the addresses that may be connected to. The URL check (before each
 * hop) and the server's connector (at connect time, which connects to exactly
 * the addresses answered) both call it, so a DNS answer that changes between
 * the two (rebinding) is caught where it matters: at the socket.
 *
 * The list lets the proxy reach a private host as a registry the user names,
 * and by the redirects and token realms of listed hosts (a self-hosted
 * registry and its storage or token server), never by those of any other
 * host: a registry on the internet that redirects to a listed host would
 * otherwise reach any path there, where a user may ask for registry API paths
 * only. The URL check refuses such a hop; the connector need not know the
 * chain, since a name that is not listed meets the public-only rule there.
 */
import { HostNotAllowedError, UnreachableError } from './errors';
import { formatIPv4, parseIPv4, parseIPv4Loose, parseIPv6 } from './ip-address';

/** What kind of address an IP is, for the SSRF policy. */
export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'multicast'
  | 'unspecified'
  | 'reserved';

type Range = readonly [prefix: number[], bits: number, cls: AddressClass];

// First match wins, so narrower ranges come before the ones that contain them.
const IPV4_RANGES: readonly Range[] = [
  [[0, 0, 0, 0], 32, 'unspecified'],
  [[0], 8, 'reserved'], // "this network"
  [[10], 8, 'private'],
  [[100, 64], 10, 'cgnat'], // RFC 6598 shared address space
  [[127], 8, 'loopback'],
  [[169, 254], 16, 'link-local'], // includes 169.254.169.254, cloud metadata
  [[172, 16], 12, 'private'],
  [[192, 0, 0], 24, 'reserved'], // IETF protocol assignments
  [[192, 0, 2], 24, 'reserved'], // TEST-NET-1
  [[192, 88, 99], 24, 'reserved'], // deprecated 6to4 relay anycast
  [[192, 168], 16, 'private'],
  [[198, 18], 15, 'reserved'], // benchmarking
  [[198, 51, 100], 24, 'reserved'], // TEST-NET-2
  [[203, 0, 113], 24, 'reserved'], // TEST-NET-3
  [[224], 4, 'multicast'],
  [[240], 4, 'reserved'], // includes 255.255.255.255 broadcast
];

// Prefixes as bytes. Ranges that embed an IPv4 address are handled before these.
const IPV6_RANGES: readonly Range[] = [
  [[0x01, 0x00, 0, 0, 0, 0, 0, 0], 64, 'reserved'], // 100::/64 discard-only
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'reserved'], // documentation
  [[0x20, 0x01, 0x00], 23, 'reserved'], // IETF protocol assignments, incl. Teredo 2001::/32
  [[0x00, 0x64, 0xff, 0x9b, 0x00, 0x01], 48, 'private'], // 64:ff9b:1::/48 local-use NAT64
  [[0xfc], 7, 'private'], // unique local fc00::/7
  [[0xfe, 0xc0], 10, 'private'], // deprecated site-local
  [[0xfe, 0x80], 10, 'link-local'],
  [[0xff], 8, 'multicast'],
  [[0x20], 3, 'public'], // global unicast 2000::/3
];

/** Classifies an IPv4 or IPv6 address literal; anything unparseable is 'reserved', so it is refused. */
export function classifyAddress(ip: string): AddressClass {
  const v4 = parseIPv4(ip);
  if (v4) return classifyIPv4(v4);
  const v6 = parseIPv6(ip);
  if (v6) return classifyIPv6(v6);
  return 'reserved';
}

function classifyIPv4(bytes: Uint8Array): AddressClass {
  return IPV4_RANGES.find(([prefix, bits]) => matches(bytes, prefix, bits))?.[2] ?? 'public';
}

function classifyIPv6(b: Uint8Array): AddressClass {
  const zeros = (from: number, to: number) => b.subarray(from, to).every((x) => x === 0);
  if (zeros(0, 16)) return 'unspecified';
  if (zeros(0, 15) && b[15] === 1) return 'loopback';
  // IPv4-mapped ::ffff:a.b.c.d: a socket connects to the IPv4 address itself.
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return classifyIPv4(b.subarray(12));
  // Deprecated IPv4-compatible ::a.b.c.d and the rest of ::/96.
  if (zeros(0, 12)) return 'reserved';
  // NAT64 64:ff9b::/96 and 6to4 2002::/16 reach the IPv4 address they embed.
  if (matches(b, [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], 96)) return classifyIPv4(b.subarray(12));
  if (b[0] === 0x20 && b[1] === 0x02) return classifyIPv4(b.subarray(2, 6));
  return IPV6_RANGES.find(([prefix, bits]) => matches(b, prefix, bits))?.[2] ?? 'reserved';
}

function matches(bytes: Uint8Array, prefix: readonly number[], bits: number): boolean {
  for (let i = 0; i * 8 < bits; i++) {
    const take = Math.min(8, bits - i * 8);
    const mask = (0xff << (8 - take)) & 0xff;
    if ((bytes[i] & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** Parses PULLSCOPE_ALLOWED_HOSTS: comma-separated `host` or `host:port`, trimmed and lowercased. */
export function parseAllowedHosts(env: string | undefined): Set<string> {
  return new Set(
    (env ?? '')
      .split(',')
      .map((entry) => entry.trim().toLowerCase())
      .filter((entry) => entry !== ''),
  );
}

/** True when `host:port` (or `host`) is listed, either exactly or by its host alone. */
export function isAllowedHost(hostPort: string, allowed: Set<string>): boolean {
  const normalized = hostPort.toLowerCase();
  if (allowed.has(normalized)) return true;
  const hostOnly = /^(\[[^\]]*\]|[^:]*):\d+$/.exec(normalized)?.[1];
  return hostOnly !== undefined && allowed.has(hostOnly);
}

/** What the policy needs: a resolver (node:dns on the server) and the operator's allow list. */
export interface HostCheckerOptions {
  resolve: (hostname: string) => Promise<string[]>;
  allowed: Set<string>;
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/**
 * The canonical form of a URL or socket hostname: brackets dropped from
 * IPv6, any IPv4 spelling (`2130706433`, `0x7f.1`, `0177.0.0.1`) rewritten
 * dotted-decimal, as the URL parser and inet_aton read it, and an
 * IPv4-mapped IPv6 address (`::ffff:127.0.0.1`, `::ffff:7f00:1`) written as
 * the IPv4 address a socket to it reaches. The allow list and the scheme are
 * decided on this form, so every spelling of one address gets one answer.
 */
export function canonicalHostname(hostname: string): string {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  const lower = bare.toLowerCase();
  const v6 = parseIPv6(lower);
  if (v6) return isIPv4Mapped(v6) ? formatIPv4(v6.subarray(12)) : lower;
  const v4 = parseIPv4Loose(lower);
  return v4 ? formatIPv4(v4) : lower;
}

/** ::ffff:a.b.c.d (RFC 4291 §2.5.5.2). */
function isIPv4Mapped(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
}

/**
 * The addresses the proxy may connect to for hostname:port, resolved once:
 * every address when the operator allows the host, otherwise all of them
 * provided each is public. Throws HostNotAllowedError for a non-public
 * address, UnreachableError when the name does not resolve.
 */
export async function permittedAddresses(
  hostname: string,
  port: string,
  options: HostCheckerOptions,
  shownAs: string = `${hostname}:${port}`,
): Promise<string[]> {
  const name = canonicalHostname(hostname);
  const literal = parseIPv4(name) !== undefined || parseIPv6(name) !== undefined;
  const allowed = isListed(name, port, options.allowed);

  let addresses: string[];
  if (literal) {
    addresses = [name];
  } else {
    try {
      addresses = await options.resolve(name);
    } catch (err) {
      throw UnreachableError.fromFetchFailure(shownAs, err);
    }
    if (addresses.length === 0) {
      throw new UnreachableError({ host: shownAs, reason: 'DNS lookup returned no addresses' });
    }
  }
  if (allowed) return addresses;
  // Every address must pass: a connection may go to any of them.
  for (const address of addresses) {
    const classification = classifyAddress(address);
    if (classification !== 'public') {
      throw new HostNotAllowedError({ host: shownAs, address, classification });
    }
  }
  return addresses;
}

/** True when the operator's list names this host and port (hostname in any spelling). */
function isListed(hostname: string, port: string, allowed: Set<string>): boolean {
  const name = canonicalHostname(hostname);
  return isAllowedHost(`${name.includes(':') ? `[${name}]` : name}:${port}`, allowed);
}

/**
 * The checkUrl hook: refuses non-http(s) URLs and hosts with any non-public
 * address unless listed. `via` holds the URLs that led here (each earlier
 * redirect hop; the registry whose challenge named a token realm): the list
 * applies only when every one of them is listed too.
 */
export function makeHostChecker(options: HostCheckerOptions): (url: URL, via?: readonly URL[]) => Promise<void> {
  return async (url: URL, via: readonly URL[] = []) => {
    if (!(url.protocol in DEFAULT_PORTS)) {
      throw new HostNotAllowedError({ host: url.host || url.protocol, classification: 'scheme' });
    }
    const port = url.port || DEFAULT_PORTS[url.protocol];
    const stranger = via.find((hop) => !isListed(hop.hostname, hop.port || DEFAULT_PORTS[hop.protocol] || '', options.allowed));
    if (stranger === undefined) {
      await permittedAddresses(url.hostname, port, options, url.host);
      return;
    }
    try {
      await permittedAddresses(url.hostname, port, { ...options, allowed: new Set() }, url.host);
    } catch (err) {
      // A listed host refused only for the way here: say so, rather than suggest listing what is listed.
      if (err instanceof HostNotAllowedError && isListed(url.hostname, port, options.allowed)) {
        throw new HostNotAllowedError({ host: err.host, address: err.address, classification: err.classification, via: stranger.host });
      }
      throw err;
    }
  };
}
