/**
 * Errors of the layer pipeline itself (the stream stages have theirs in
 * lib/stream/errors.ts): a blob that is no filesystem layer at all.
 */
import { PullscopeError } from '../errors';

/** A blob whose media type is not a layer type and whose bytes are neither gzip, zstd nor tar. */
export class NotALayerError extends PullscopeError {
  readonly mediaType: string;

  constructor(subject: string, mediaType: string) {
    super('NOT_A_LAYER', `${subject}: media type ${JSON.stringify(mediaType)} is not a filesystem layer, and its bytes are neither gzip, zstd nor tar`, {
      suggestion: 'This blob is not a layer Pullscope can unpack (an attestation, a signature or another artifact); download it to look at it.',
      status: 422,
    });
    this.mediaType = mediaType;
  }

  protected override wireData() {
    return { mediaType: this.mediaType };
  }
}
