/**
 * An error the registry itself reported, carrying the distribution spec's
 * error code (distribution-spec spec.md, "Error Codes"; Docker's older codes
 * such as TAG_INVALID are kept as registries still send them).
 */
import { PullscopeError } from '../../errors';
import { describeQuotaOwner, describeRateLimit, formatWait, type RateLimit } from '../rate-limit';
import { displayRegistry, displayRepository } from '../registry-name';

/** Error codes of the distribution spec, plus the Docker-era ones registries still send. */
export const REGISTRY_ERROR_CODES = [
  'BLOB_UNKNOWN',
  'BLOB_UPLOAD_INVALID',
  'BLOB_UPLOAD_UNKNOWN',
  'DIGEST_INVALID',
  'MANIFEST_BLOB_UNKNOWN',
  'MANIFEST_INVALID',
  'MANIFEST_UNKNOWN',
  'MANIFEST_UNVERIFIED',
  'NAME_INVALID',
  'NAME_UNKNOWN',
  'SIZE_INVALID',
  'TAG_INVALID',
  'UNAUTHORIZED',
  'DENIED',
  'UNSUPPORTED',
  'TOOMANYREQUESTS',
  'UNKNOWN',
] as const;

/** What a RegistryError is built from; also its wire form. */
export interface RegistryErrorInit {
  /** The spec's code as the registry sent it, or one inferred from the HTTP status when the body had none. */
  code: string;
  /** The upstream HTTP status. */
  httpStatus: number;
  /** The host that answered. */
  registry: string;
  /** The registry's own message, verbatim (may be empty). */
  registryMessage: string;
  detail?: unknown;
  retryAfterSeconds?: number;
  repository?: string;
  /** Tag or digest the request named, when it named one. */
  reference?: string;
  /** The quota the answer's rate-limit headers stated, when they did. */
  rateLimit?: RateLimit;
  /** The request carried the user's credentials: a rate limit is then the account's, not this server's address's. */
  credentialed?: boolean;
}

/** The registry answered with an error (spec error code, HTTP status, and whether retrying may help). */
export class RegistryError extends PullscopeError {
  readonly httpStatus: number;
  readonly registry: string;
  readonly registryMessage: string;
  readonly detail?: unknown;
  readonly retryAfterSeconds?: number;
  readonly repository?: string;
  readonly reference?: string;
  readonly rateLimit?: RateLimit;
  readonly credentialed?: boolean;
  /** True when the same request may succeed later (rate limits, 5xx). */
  readonly temporary: boolean;

  constructor(init: RegistryErrorInit, options: { cause?: unknown } = {}) {
    const text = describe(init);
    super(init.code, text.message, { suggestion: text.suggestion, status: proxyStatus(init.httpStatus), cause: options.cause });
    this.httpStatus = init.httpStatus;
    this.registry = init.registry;
    this.registryMessage = init.registryMessage;
    this.detail = init.detail;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.repository = init.repository;
    this.reference = init.reference;
    this.rateLimit = init.rateLimit;
    this.credentialed = init.credentialed;
    this.temporary = isTemporary(init.code, init.httpStatus);
  }

  protected override wireData(): Omit<RegistryErrorInit, 'code'> & { temporary: boolean } {
    return {
      httpStatus: this.httpStatus,
      registry: this.registry,
      registryMessage: this.registryMessage,
      detail: this.detail,
      retryAfterSeconds: this.retryAfterSeconds,
      repository: this.repository,
      reference: this.reference,
      rateLimit: this.rateLimit,
      credentialed: this.credentialed,
      temporary: this.temporary,
    };
  }
}

/** Request timeout, rate limit, and any server-side failure may pass on retry. */
function isTemporary(code: string, httpStatus: number): boolean {
  return code === 'TOOMANYREQUESTS' || httpStatus === 408 || httpStatus === 429 || httpStatus >= 500;
}

/** The proxy passes the registry's 4xx through; a failing upstream is a bad gateway. */
function proxyStatus(httpStatus: number): number {
  return httpStatus >= 400 && httpStatus < 500 ? httpStatus : 502;
}

function isDigestReference(reference: string | undefined): boolean {
  return reference !== undefined && reference.includes(':');
}

/** The spec's and distribution's stock messages for a not-found code ("blob unknown to registry", "manifest unknown", …). */
function isStockWording(code: string, registryMessage: string): boolean {
  const words = registryMessage.trim().toLowerCase();
  const codeWords = code.toLowerCase().replace(/_/g, ' ');
  return words.startsWith(codeWords) || words === 'repository name not known to registry';
}

function describe(init: RegistryErrorInit): { message: string; suggestion: string } {
  const where = displayRepository(init.registry, init.repository);
  const host = displayRegistry(init.registry);
  const said = init.registryMessage ? `: ${init.registryMessage}` : '';
  // Not-found messages already say what the spec's stock words would; a registry's own words are kept.
  const saidMore = init.registryMessage && !isStockWording(init.code, init.registryMessage) ? said : '';
  switch (init.code) {
    case 'MANIFEST_UNKNOWN': {
      const what = !init.reference
        ? 'manifest'
        : isDigestReference(init.reference)
          ? `manifest ${init.reference}`
          : `tag '${init.reference}'`;
      const tags = `the repository's tags are listed by GET /v2/${init.repository ?? '<repository>'}/tags/list, or on the registry's web page`;
      return {
        message: `${what} not found in ${where}${saidMore}`,
        // A digest that is not there was copied from another repository or registry, or its image was deleted.
        suggestion: isDigestReference(init.reference)
          ? `Check that the digest belongs to this repository on this registry: a digest from another repository or registry is not found here, nor one whose image was deleted. Or use a tag; ${tags}.`
          : `Check the tag; ${tags}.`,
      };
    }
    case 'NAME_UNKNOWN':
      return {
        message: `repository '${init.repository ?? ''}' not found on ${host}${saidMore}`,
        suggestion:
          "Check the spelling, or it may be private: open 'Private repository' and give a username and token.",
      };
    case 'BLOB_UNKNOWN':
      return {
        message: `${init.reference ? `blob ${init.reference}` : 'blob'} not found in ${where}${saidMore}`,
        suggestion:
          'The registry does not hold a blob the image names; the image may be incomplete or being deleted. Try another tag or platform.',
      };
    case 'DENIED':
      return {
        message: `access to ${where} denied${said}`,
        suggestion:
          'The repository may not exist, or the credentials given have no pull access to it: check the name, and that the token has read (pull) scope.',
      };
    case 'UNAUTHORIZED':
      return {
        message: `${where} requires authentication${said}`,
        suggestion: "Open 'Private repository' and give a username and password or token.",
      };
    case 'TOOMANYREQUESTS': {
      // The quota as stated, and when it comes back: the reset when the registry says it, else its Retry-After.
      const rate = init.rateLimit;
      const when =
        rate?.resetSeconds !== undefined
          ? `it resets in ${formatWait(rate.resetSeconds)}`
          : init.retryAfterSeconds !== undefined
            ? `retry after ${formatWait(init.retryAfterSeconds)}`
            : undefined;
      const state = [rate && describeRateLimit(rate), when].filter(Boolean).join('; ');
      return {
        message: `rate limited by ${host}${state ? `: ${state}` : ''}`,
        suggestion: `${describeQuotaOwner(rate, init.credentialed === true)} ${
          init.credentialed
            ? 'Wait for the quota to come back, or use an account with a higher limit.'
            : "Give a username and password or token under 'Private repository' to pull on your own account's quota, or wait for this one to come back."
        }`,
      };
    }
    case 'NAME_INVALID':
      return {
        message: `invalid repository name '${init.repository ?? ''}' for ${host}${said}`,
        suggestion:
          'Repository names are lowercase letters and digits, separated by ., _, __ or -, in components joined by /.',
      };
    case 'TAG_INVALID':
    case 'MANIFEST_INVALID':
    case 'MANIFEST_UNVERIFIED':
      return {
        message: `${host} reports an invalid manifest for ${where}${said}`,
        suggestion: 'The stored image is damaged or uses a format the registry rejects; try another tag or digest.',
      };
    case 'DIGEST_INVALID':
      return {
        message: `${host} rejected the digest for ${where}${said}`,
        suggestion: 'Check the digest: sha256: followed by 64 lowercase hex characters.',
      };
    case 'UNSUPPORTED':
      return {
        message: `${host} does not support this request${said}`,
        suggestion: 'The registry may implement only part of the distribution API, or only older manifest formats.',
      };
    default:
      if (init.httpStatus >= 500) {
        return {
          message: `${host} failed with HTTP ${init.httpStatus}${said}`,
          suggestion: 'The registry had a problem on its side; retry in a moment.',
        };
      }
      return {
        message: `${host} answered HTTP ${init.httpStatus} ${init.code}${said}`,
        suggestion: 'See the pull trace for the exact request and answer.',
      };
  }
}
