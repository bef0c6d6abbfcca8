/**
 * A transfer that broke off before its end. Once a streamed blob's answer
 * has begun, the proxy can only cut the connection when the registry breaks
 * off, so what happened is read from what arrived: how many bytes, and how
 * long nothing came before the cut (a cut after about the proxy's idle
 * timeout of silence is a registry that stopped sending). A body the proxy
 * reads whole (a document, a small blob) breaks off before its answer
 * begins: the proxy knows which of the two it was, and says so (`stalled`).
 */
import { PullscopeError } from '../errors';
import { UPSTREAM_IDLE_TIMEOUT_MS } from '../registry/proxy-protocol';

// Only Pullscope's server, which read the registry's answer itself, knows the registry closed it (`stalled: false`);
// a page that sees its answer cut cannot tell the registry from Pullscope's server or the network between.
const CLOSED_BEHIND_SERVER = 'The registry, or the network between it and Pullscope’s server, closed the connection before the end of the transfer. Retry.';
const CLOSED_SOMEWHERE = 'The registry, Pullscope’s server or the network between closed the connection before the end of the transfer. Retry.';

/** A transfer that broke off: the bytes that arrived, and how long nothing had come before. */
export class BrokenTransferError extends PullscopeError {
  readonly subject: string;
  /** Bytes that arrived. */
  readonly got: number;
  /** The descriptor's size, when known. */
  readonly want?: number;
  /** How long nothing had arrived when the transfer broke. */
  readonly silentMs: number;

  /** Set when the registry is known to have stopped sending (true) or closed the connection (false), not read from the silence. */
  readonly stalled?: boolean;

  constructor(init: { subject: string; got: number; want?: number; silentMs: number; stalled?: boolean }, options: { cause?: unknown } = {}) {
    const of = init.want === undefined ? `${init.got} bytes` : `${init.got} of ${init.want} bytes`;
    const stalled = init.stalled ?? init.silentMs >= UPSTREAM_IDLE_TIMEOUT_MS / 2;
    super(
      'TRANSFER_BROKEN',
      stalled
        ? `${init.subject}: the registry stopped sending after ${of} (nothing came for ${Math.round(init.silentMs / 1000)} s)`
        : `${init.subject}: the connection closed after ${of}`,
      {
        suggestion: stalled
          ? `Pullscope gives up on a transfer that sends nothing for ${UPSTREAM_IDLE_TIMEOUT_MS / 1000} s. Retry; a registry that keeps stalling is overloaded, or its storage is.`
          : init.stalled === false
            ? CLOSED_BEHIND_SERVER
            : CLOSED_SOMEWHERE,
        status: 502,
        cause: options.cause,
      },
    );
    this.subject = init.subject;
    this.got = init.got;
    this.want = init.want;
    this.silentMs = init.silentMs;
    if (init.stalled !== undefined) this.stalled = init.stalled;
  }

  protected override wireData() {
    return {
      subject: this.subject,
      got: this.got,
      ...(this.want === undefined ? {} : { want: this.want }),
      silentMs: this.silentMs,
      ...(this.stalled === undefined ? {} : { stalled: this.stalled }),
    };
  }
}
