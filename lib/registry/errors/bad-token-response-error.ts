/** The token server answered 200 but not with the JSON token.md describes. */
import { PullscopeError } from '../../errors';

/** A token endpoint's 2xx answer held no usable token. */
export class BadTokenResponseError extends PullscopeError {
  readonly realm: string;
  readonly reason: string;

  constructor(init: { realm: string; reason: string }, options: { cause?: unknown } = {}) {
    super('BAD_TOKEN_RESPONSE', `the token server ${init.realm} answered without a usable token: ${init.reason}`, {
      suggestion: 'The token server does not follow the distribution token spec; see the pull trace for its answer.',
      status: 502,
      cause: options.cause,
    });
    this.realm = init.realm;
    this.reason = init.reason;
  }

  protected override wireData() {
    return { realm: this.realm, reason: this.reason };
  }
}
