/**
 * The error vocabulary of Pullscope. Every failure a user can meet is one of
 * these: a stable `code` for programs and tests, a `message` that says what
 * happened, and a `suggestion` that says what to try. Subclasses live next to
 * the code that throws them (reference, registry, stream, …); this file holds
 * only the base and the wire form used to carry an error from the proxy to
 * the browser.
 */

// Marks every PullscopeError, whichever copy of this module made it (a global symbol is the same in every copy).
const BRAND = Symbol.for('pullscope.error');

/** Base class of every error Pullscope throws on purpose. */
export class PullscopeError extends Error {
  /**
   * `instanceof PullscopeError` holds for one made by another copy of this
   * module too. Next gives the page and each route handler a copy of their
   * own, and the server's one upstream (its connector's SSRF refusal, its
   * URL check) throws the copy of whichever bundle built it first: without
   * this, a refused host read as an unexpected failure in every other bundle.
   * Subclasses keep the plain check.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    return this === PullscopeError && typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  readonly code: string;
  readonly suggestion: string;
  /** HTTP status the proxy answers with when this error ends a request. */
  readonly status: number;
  /**
   * The blob digest that held before this failure, when the failure is in
   * bytes already verified (a layer's diff_id, its compression or its tar):
   * those are the bytes the manifest names, so fetching them again cannot help.
   */
  verifiedBlob?: string;

  constructor(
    code: string,
    message: string,
    options: { suggestion?: string; status?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.suggestion = options.suggestion ?? '';
    this.status = options.status ?? 500;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** The JSON body the proxy sends for this error (never a stack trace). */
  toWire(): WireError {
    return {
      code: this.code,
      message: this.message,
      suggestion: this.suggestion,
      ...(this.verifiedBlob === undefined ? {} : { verifiedBlob: this.verifiedBlob }),
      ...this.wireData(),
    };
  }

  /** Extra machine-readable fields a subclass wants to carry over the wire. */
  protected wireData(): Record<string, unknown> {
    return {};
  }
}

/** An error as it travels in a proxy response body: `{ "error": WireError }`. */
export interface WireError {
  code: string;
  message: string;
  suggestion: string;
  [key: string]: unknown;
}

/** Something went wrong that we did not anticipate; keeps the original as `cause`. */
export class UnexpectedError extends PullscopeError {
  constructor(message: string, cause?: unknown) {
    super('UNEXPECTED', message, {
      suggestion: 'Try again; if it keeps happening, report it with the pull trace.',
      status: 500,
      cause,
    });
  }
}

/** Turns anything thrown into a PullscopeError without losing the original. */
export function asPullscopeError(err: unknown): PullscopeError {
  if (err instanceof PullscopeError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new UnexpectedError(message, err);
}
