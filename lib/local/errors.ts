/**
 * What goes wrong reading an image archive from the user's disk: a file
 * that is no archive, an archive that holds no image, a blob it names but
 * does not hold. A blob whose bytes do not hash to its name is a
 * DigestMismatchError (lib/digest.ts), like any other.
 */
import { EXPORT_AGAIN } from '../bytes-origin';
import { PullscopeError } from '../errors';

/** An archive Pullscope cannot read as an image; the message names the problem. */
export class BadArchiveError extends PullscopeError {
  constructor(message: string, options: { suggestion?: string; cause?: unknown } = {}) {
    super('BAD_ARCHIVE', message, {
      suggestion:
        options.suggestion ??
        'Choose the output of "docker save", "podman save", or "skopeo copy … docker-archive:" / "oci-archive:", or an OCI image layout (a folder, a tar or a zip).',
      status: 422,
      cause: options.cause,
    });
  }
}

/** A file the archive's index names (by digest or by path) that the archive does not hold. */
export class MissingArchiveFileError extends BadArchiveError {
  /** The path inside the archive that was looked for. */
  readonly path: string;

  /** `otherPlatforms`: the image's index lists platforms besides this one, which the archive may hold whole. */
  constructor(path: string, namedBy: string, otherPlatforms = false) {
    super(`${path} is not in the archive, but ${namedBy} names it`, {
      suggestion: otherPlatforms
        ? 'The archive is incomplete: it may hold only some platforms of a multi-platform image, or have been cut short. Choose another platform, or export the image again with all its platforms ("skopeo copy --all").'
        : `The archive is incomplete: it may have been cut short or edited. ${EXPORT_AGAIN}`,
    });
    this.path = path;
  }

  protected override wireData() {
    return { path: this.path };
  }
}
