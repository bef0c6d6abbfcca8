/**
 * The upstream's answer carried more header bytes than the proxy reads. A
 * registry that answers at all is reachable, so this is not a network
 * failure: something sends a huge header (a cookie, a challenge, a proxy in
 * front of the registry adding its own), and sending again changes nothing.
 */
import { PullscopeError } from '../../errors';

/**
 * The most header bytes the proxy reads of one answer. Node stops at 16 KiB
 * by default, below what some registries and their proxies send; browsers
 * take up to 256 KiB, Go's net/http (skopeo, docker) 10 MiB.
 */
export const MAX_RESPONSE_HEADER_BYTES = 128 * 1024;

/** An answer whose headers are larger than the proxy reads. */
export class HeadersTooLargeError extends PullscopeError {
  readonly host: string;
  readonly limit: number;

  constructor(init: { host: string; limit: number }, options: { cause?: unknown } = {}) {
    super('HEADERS_TOO_LARGE', `${init.host} answered with headers larger than ${init.limit / 1024} KiB`, {
      suggestion: `Pullscope reads at most ${init.limit / 1024} KiB of an answer's headers. The registry, or a proxy in front of it, sends more (a huge cookie or challenge): report it to the registry's operator.`,
      status: 502,
      cause: options.cause,
    });
    this.host = init.host;
    this.limit = init.limit;
  }

  protected override wireData() {
    return { host: this.host, limit: this.limit };
  }
}
