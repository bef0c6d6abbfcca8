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
  /**
   * Set when the operator lists the host but the request was led there by a
   * host the list does not name (a registry's redirect or token realm).
   */
  via?: string;
}

/** A URL the proxy must not fetch: a non-http(s) scheme, or a host on a non-public address. */
export class HostNotAllowedError extends PullscopeError {
  readonly host: string;
  readonly address?: string;
  readonly classification: string;
  readonly via?: string;

  constructor(init: HostNotAllowedInit) {
    const why =
      init.classification === 'scheme'
        ? `only http and https are allowed`
        : init.address && init.address !== hostnameOf(init.host)
          ? `it resolves to ${init.address}, a ${init.classification} address`
          : `${init.address ?? init.host} is a ${init.classification} address`;
    const message =
      init.via === undefined
        ? `refusing to fetch from ${init.host}: ${why}`
        : `refusing to follow ${init.via} to ${init.host}: ${why}, which only the hosts in the operator's list may send Pullscope to`;
    super('HOST_NOT_ALLOWED', message, {
      suggestion:
        init.via === undefined
          ? 'Pullscope reaches only registries on public addresses. The operator of this server can allow a private registry by listing its host or host:port in the PULLSCOPE_ALLOWED_HOSTS environment variable.'
          : `A private host listed in PULLSCOPE_ALLOWED_HOSTS is reached when you name it, or through the redirects and token realms of listed hosts; ${init.via} is not one of them, so it may send Pullscope to public addresses only. Its redirect points into a private network: report it to the registry's operator.`,
      status: 403,
    });
    this.host = init.host;
    this.address = init.address;
    this.classification = init.classification;
    this.via = init.via;
  }

  protected override wireData() {
    return { host: this.host, address: this.address, classification: this.classification, via: this.via };
  }
}

/** The host without its port or IPv6 brackets: '10.0.0.1:5000' → '10.0.0.1', '[::1]:5000' → '::1'. */
function hostnameOf(host: string): string {
  const bracketed = /^\[(.*)\](?::\d+)?$/.exec(host);
  return bracketed ? bracketed[1] : host.replace(/:\d+$/, '');
}
