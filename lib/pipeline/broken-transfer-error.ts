/**
 * A blob whose transfer broke off before its end. Once its answer has begun,
 * the proxy can only cut the connection when the registry breaks off, so
 * what happened is read from what arrived: how many bytes, and how long
 * nothing came before the cut (a cut after about the proxy's idle timeout of
 * silence is a registry that stopped sending).
 */
import { PullscopeError } from '../errors';
import { UPSTREAM_IDLE_TIMEOUT_MS } from '../registry/proxy-protocol';

/** A blob transfer that broke off: the bytes that arrived, and how long nothing had come before. */
export class BrokenTransferError extends PullscopeError {
  readonly subject: string;
  /** Bytes that arrived. */
  readonly got: number;
  /** The descriptor's size, when known. */
  readonly want?: number;
  /** How long nothing had arrived when the transfer broke. */
  readonly silentMs: number;

  constructor(init: { subject: string; got: number; want?: number; silentMs: number }, options: { cause?: unknown } = {}) {
    const of = init.want === undefined ? `${init.got} bytes` : `${init.got} of ${init.want} bytes`;
    const stalled = init.silentMs >= UPSTREAM_IDLE_TIMEOUT_MS / 2;
    super(
      'TRANSFER_BROKEN',
      stalled
        ? `${init.subject}: the registry stopped sending after ${of} (nothing came for ${Math.round(init.silentMs / 1000)} s)`
        : `${init.subject}: the connection closed after ${of}`,
      {
        suggestion: stalled
          ? `Pullscope gives up on a transfer that sends nothing for ${UPSTREAM_IDLE_TIMEOUT_MS / 1000} s. Retry; a registry that keeps stalling is overloaded, or its storage is.`
          : 'The registry, or the network on the way, closed the connection before the end of the blob. Retry.',
        status: 502,
        cause: options.cause,
      },
    );
    this.subject = init.subject;
    this.got = init.got;
    this.want = init.want;
    this.silentMs = init.silentMs;
  }

  protected override wireData() {
    return { subject: this.subject, got: this.got, ...(this.want === undefined ? {} : { want: this.want }), silentMs: this.silentMs };
  }
}
