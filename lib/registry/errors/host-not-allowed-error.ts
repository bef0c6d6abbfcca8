/**
 * The proxy refuses to fetch a URL that is not http(s) or whose host resolves
 * to a non-public address (SSRF: cloud metadata at 169.254.169.254, the
 * server's own loopback, the operator's private network).
 */
import { PullscopeError } from '../../errors';

/** What a HostNotAllowedError is built from; also its wire form. */
export interface HostNotAllowedInit {
  host: string;
  /** Set when the host resolved to an address that is not public. */
  address?: string;
  /** The address class ('loopback', 'private', …) or 'scheme' for a refused URL scheme. */
  classification: string;
}

/** A URL the proxy must not fetch: a non-http(s) scheme, or a host on a non-public address. */
export class HostNotAllowedError extends PullscopeError {
  readonly host: string;
  readonly address?: string;
  readonly classification: string;

  constructor(init: HostNotAllowedInit) {
    const why =
      init.classification === 'scheme'
        ? `only http and https are allowed`
        : init.address && init.address !== hostnameOf(init.host)
          ? `it resolves to ${init.address}, a ${init.classification} address`
          : `${init.address ?? init.host} is a ${init.classification} address`;
    super('HOST_NOT_ALLOWED', `refusing to fetch from ${init.host}: ${why}`, {
      suggestion:
        'Pullscope reaches only registries on public addresses. The operator of this server can allow a private registry by listing its host or host:port in the PULLSCOPE_ALLOWED_HOSTS environment variable.',
      status: 403,
    });
    this.host = init.host;
    this.address = init.address;
    this.classification = init.classification;
  }

  protected override wireData() {
    return { host: this.host, address: this.address, classification: this.classification };
  }
}

/** The host without its port or IPv6 brackets: '10.0.0.1:5000' → '10.0.0.1', '[::1]:5000' → '::1'. */
function hostnameOf(host: string): string {
  const bracketed = /^\[(.*)\](?::\d+)?$/.exec(host);
  return bracketed ? bracketed[1] : host.replace(/:\d+$/, '');
}
