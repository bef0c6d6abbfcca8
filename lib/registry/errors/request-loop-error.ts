/**
 * A request that would go round in a loop: a registry's redirect (or token
 * realm) pointed the proxy at a Pullscope proxy, this one or another, which
 * would fetch it again, and again at each level. Every request the proxy
 * sends carries a loop marker (proxy-protocol.ts), and a proxy refuses any
 * request that arrives with one: it answers 508 Loop Detected (RFC 5842
 * §7.2), and the proxy that sent it reports the loop without retrying.
 */
import { PullscopeError } from '../../errors';

const SUGGESTION =
  "Pullscope never fetches through a Pullscope proxy: the registry's redirect or token realm points back into one, which is a mistake in the registry's configuration or a trap. See the pull trace for the redirect; report it to the registry's operator.";

/** A loop through a Pullscope proxy; `host` names the hop that refused it (absent when this proxy is the one refusing). */
export class RequestLoopError extends PullscopeError {
  readonly host?: string;

  constructor(init: { host?: string } = {}) {
    super(
      'REQUEST_LOOP',
      init.host === undefined
        ? 'refusing a request that a Pullscope proxy sent: a registry pointed Pullscope back at its own proxy'
        : `the request went round in a loop: ${init.host} answered 508 Loop Detected (a registry pointed Pullscope back at a Pullscope proxy)`,
      { suggestion: SUGGESTION, status: 508 },
    );
    this.host = init.host;
  }

  protected override wireData() {
    return this.host === undefined ? {} : { host: this.host };
  }
}
