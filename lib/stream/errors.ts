/**
 * Errors of the layer pipeline's stream stages: a blob of the wrong length,
 * compressed data that does not inflate, a tar archive that does not parse.
 * Each names the byte offset where it went wrong, so a user can check the
 * same blob with `gzip -t`, `zstd -t` or `tar -t`.
 */
import { EXPORT_AGAIN, type BytesOrigin } from '../bytes-origin';
import { PullscopeError } from '../errors';

/** A blob longer or shorter than the size its descriptor declares. */
export class SizeMismatchError extends PullscopeError {
  readonly subject: string;
  readonly want: number;
  /** Bytes seen when the mismatch was noticed (for "too long": the first count past `want`). */
  readonly got: number;

  /** True when the stream ended short or long; false when it was stopped at the first byte past `want`. */
  readonly final: boolean;
  /** Where the bytes came from: a retry may help with a registry's, never with a file's. */
  readonly origin: BytesOrigin;

  constructor(subject: string, want: number, got: number, final: boolean, origin: BytesOrigin = 'registry') {
    const what = final ? `got ${got} bytes, want ${want}` : `got more than ${want} bytes (at least ${got})`;
    super('SIZE_MISMATCH', `${subject}: size mismatch: ${what}`, {
      suggestion:
        origin === 'local file'
          ? `The file on disk is damaged or cut short: it is not the size the manifest declares. ${EXPORT_AGAIN}`
          : 'The registry sent a different number of bytes than the manifest declares. Retry; if it persists the blob or the manifest is corrupt.',
      status: 502,
    });
    this.subject = subject;
    this.want = want;
    this.got = got;
    this.final = final;
    this.origin = origin;
  }

  protected override wireData() {
    return { subject: this.subject, want: this.want, got: this.got, origin: this.origin };
  }
}

/** Compressed layer data that cannot be inflated (corrupt, truncated, or trailing garbage). */
export class InflateError extends PullscopeError {
  readonly compression: 'gzip' | 'zstd';
  /** Offset in the compressed stream where the failure was noticed. */
  readonly offset: number;

  constructor(compression: 'gzip' | 'zstd', offset: number, message: string, cause?: unknown) {
    super('INFLATE_FAILED', message, {
      suggestion: `The layer is not a valid ${compression} stream. Check the media type the manifest gives it; if it is right, the blob is corrupt.`,
      status: 502,
      cause,
    });
    this.compression = compression;
    this.offset = offset;
  }

  protected override wireData() {
    return { compression: this.compression, offset: this.offset };
  }
}

/** A layer's uncompressed content that is not a well-formed tar archive. */
export class TarFormatError extends PullscopeError {
  /** Offset in the uncompressed tar where the problem is. */
  readonly offset: number;

  constructor(offset: number, message: string) {
    super('TAR_FORMAT', message, {
      suggestion: 'The layer does not hold a valid tar archive; "tar -tvf" on the uncompressed layer shows the same problem.',
      status: 502,
    });
    this.offset = offset;
  }

  protected override wireData() {
    return { offset: this.offset };
  }
}

/** A digest whose algorithm Pullscope cannot compute (anything but sha256 and sha512), or a malformed one. */
export class UnverifiableDigestError extends PullscopeError {
  readonly digest: string;

  constructor(subject: string, digest: string) {
    super('UNVERIFIABLE_DIGEST', `${subject}: cannot verify ${digest}: only sha256 and sha512 digests are supported`, {
      suggestion:
        'The content is named by a digest Pullscope cannot compute, so it is not fetched: bytes it cannot verify are never shown as content. Tools that compute that algorithm can pull it.',
      status: 422,
    });
    this.digest = digest;
  }

  protected override wireData() {
    return { digest: this.digest };
  }
}
