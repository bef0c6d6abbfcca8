/**
 * The SSRF policy at the socket: undici asks this connector for every new
 * upstream connection; it resolves the host once, checks every address
 * (lib/registry/host-policy) and connects to exactly those addresses. The
 * URL check before each hop resolves too, but only this one decides where
 * the bytes go, so a DNS answer that changes in between (rebinding) meets
 * the same policy here and is refused.
 */
import type { buildConnector } from 'undici';
import { permittedAddresses, type HostCheckerOptions } from '@/lib/registry/host-policy';

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

// Failures after which the next address of the host is worth trying (the
// host has several and this one is down), as a browser's address fallback does.
const TRY_NEXT = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'EADDRNOTAVAIL']);

/** Wraps undici's connector so it connects only to addresses the policy permits, pinned to those it checked. */
export function pinnedConnector(policy: () => HostCheckerOptions, connect: buildConnector.connector): buildConnector.connector {
  return (options, callback) => {
    const port = String(options.port || DEFAULT_PORTS[options.protocol] || '');
    const shownAs = options.host ?? `${options.hostname}:${port}`;
    permittedAddresses(options.hostname, port, policy(), shownAs).then(
      (addresses) => {
        const attempt = (i: number) => {
          // `host` is left as it was, so TLS still sends and verifies the name (SNI, certificate).
          connect({ ...options, hostname: addresses[i] }, (...args) => {
            const [err] = args;
            const code = (err as { code?: unknown } | null)?.code;
            if (err && i + 1 < addresses.length && typeof code === 'string' && TRY_NEXT.has(code)) {
              attempt(i + 1);
            } else {
              callback(...args);
            }
          });
        };
        attempt(0);
      },
      (err: Error) => callback(err, null),
    );
  };
}
