/**
 * Errors of the archive writers: an entry a tar header cannot describe, a
 * content stream whose length differs from the size already written into a
 * header, a layer tar that lacks entries its index promised, an image the
 * chosen archive layout cannot hold.
 */
import { PullscopeError } from '../errors';

/** An entry the tar writer refuses, or content whose length differs from its declared size. */
export class TarWriteError extends PullscopeError {
  /** The entry's path as given to the writer. */
  readonly path: string;

  constructor(path: string, message: string) {
    super('TAR_WRITE', `${JSON.stringify(path)}: ${message}`, {
      suggestion: 'The archive was not completed. Retry the download; if it fails again, report it with the image reference.',
      status: 500,
    });
    this.path = path;
  }

  protected override wireData() {
    return { path: this.path };
  }
}

/** A layer tar that does not hold the entries the layer's index was built from. */
export class LayerContentMismatchError extends PullscopeError {
  readonly layer: number;
  /** How many planned entries the layer tar never delivered. */
  readonly missing: number;

  constructor(layer: number, missing: number) {
    super('LAYER_CONTENT_MISMATCH', `layer ${layer}: ${missing} entries of its file index were not found in its tar`, {
      suggestion: 'The layer read for the archive differs from the one that was indexed. Reload the image and retry.',
      status: 500,
    });
    this.layer = layer;
    this.missing = missing;
  }

  protected override wireData() {
    return { layer: this.layer, missing: this.missing };
  }
}

/** An image that the chosen archive layout cannot represent (schema 1, a missing foreign layer, …). */
export class UnsupportedImageError extends PullscopeError {
  constructor(message: string, suggestion: string) {
    super('UNSUPPORTED_IMAGE', message, { suggestion, status: 422 });
  }
}
