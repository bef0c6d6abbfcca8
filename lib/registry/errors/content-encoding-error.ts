/**
 * An answer the registry compressed for the wire (Content-Encoding, RFC 9110
 * §8.4) in a way the proxy cannot undo. Digests name a document's or blob's
 * own bytes, so without them nothing can be checked: the proxy asks for
 * `identity` (as docker and containerd do) and decodes gzip, deflate and br
 * when a registry, or a proxy in front of it, compresses anyway.
 */
import { PullscopeError } from '../../errors';

/** The answer's Content-Encoding is one the proxy does not decode, or its body does not decode as it says. */
export class ContentEncodingError extends PullscopeError {
  readonly host: string;
  /** The Content-Encoding header as sent. */
  readonly encoding: string;
  /** What went wrong in decoding, when the coding is known but the body is not in it. */
  readonly reason?: string;

  constructor(init: { host: string; encoding: string; reason?: string }, options: { cause?: unknown } = {}) {
    super(
      'CONTENT_ENCODING',
      init.reason === undefined
        ? `${init.host} sent its answer with Content-Encoding: ${init.encoding}, which Pullscope does not decode`
        : `${init.host} sent its answer with Content-Encoding: ${init.encoding}, but the body does not decode (${init.reason})`,
      {
        suggestion:
          'Registries are asked for their content as stored (Accept-Encoding: identity). The registry, or a proxy in front of it, compresses its answers anyway: turn that off for /v2/, or report it to its operator.',
        status: 502,
        cause: options.cause,
      },
    );
    this.host = init.host;
    this.encoding = init.encoding;
    this.reason = init.reason;
  }

  protected override wireData() {
    return { host: this.host, encoding: this.encoding, ...(this.reason === undefined ? {} : { reason: this.reason }) };
  }
}
