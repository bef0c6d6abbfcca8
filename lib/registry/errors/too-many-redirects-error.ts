/** Redirect chains are followed by hand (to check each hop); this ends a chain that does not. */
import { PullscopeError } from '../../errors';

/** More redirects than allowed, starting at `url` (query redacted). */
export class TooManyRedirectsError extends PullscopeError {
  readonly url: string;
  readonly maxRedirects: number;

  constructor(init: { url: string; maxRedirects: number }) {
    super('TOO_MANY_REDIRECTS', `more than ${init.maxRedirects} redirects, starting at ${init.url}`, {
      suggestion: 'The registry or its storage redirects in a loop; see the pull trace for the chain.',
      status: 502,
    });
    this.url = init.url;
    this.maxRedirects = init.maxRedirects;
  }

  protected override wireData() {
    return { url: this.url, maxRedirects: this.maxRedirects };
  }
}
