/**
 * Errors of reading a registry's JSON documents (manifests, indexes, configs).
 * All are the registry's fault as far as the browser can tell, hence 502.
 */
import { PullscopeError } from '../errors';

/** A document that is JSON but not the shape the spec requires; names the field. */
export class BadDocumentError extends PullscopeError {
  /** Where the problem is: "manifest.layers[2].digest". */
  readonly path: string;

  constructor(path: string, problem: string) {
    super('BAD_DOCUMENT', `${path} ${problem}`, {
      suggestion:
        'The registry answered a document that breaks the OCI image spec. Check the image with another client (skopeo inspect --raw); it may have been pushed by a faulty tool.',
      status: 502,
    });
    this.path = path;
  }

  protected override wireData() {
    return { path: this.path };
  }
}

/** A document larger than the limit we hold in memory. */
export class DocumentTooLargeError extends PullscopeError {
  readonly bytes: number;
  readonly limit: number;

  constructor(subject: string, bytes: number, limit: number) {
    super('DOCUMENT_TOO_LARGE', `${subject} is ${bytes} bytes, more than the ${limit} bytes allowed, and was refused`, {
      suggestion: 'Manifests and configs are small JSON documents; a registry sending more is misbehaving.',
      status: 502,
    });
    this.bytes = bytes;
    this.limit = limit;
  }

  protected override wireData() {
    return { bytes: this.bytes, limit: this.limit };
  }
}

/** An answer that should have been JSON and is not; its start is quoted to tell what came instead. */
export class NotJsonError extends PullscopeError {
  /** The first characters of the answer, control characters escaped. */
  readonly preview: string;

  constructor(subject: string, preview: string, looksLikeHtml: boolean, cause?: unknown) {
    const message =
      preview === ''
        ? `the registry answered an empty ${subject}`
        : `the registry answered a ${subject} that is not JSON: starts with '${preview}'`;
    super('NOT_JSON', message, {
      suggestion: looksLikeHtml
        ? 'That is a web page: the host is probably not a container registry, or a login page or proxy answered in its place. Check the registry name.'
        : 'Check that the host is a container registry (it should answer /v2/ with JSON or a 401).',
      status: 502,
      cause,
    });
    this.preview = preview;
  }

  protected override wireData() {
    return { preview: this.preview };
  }
}
