/**
 * Registry error bodies (distribution-spec spec.md, "Error Codes"):
 *
 *   { "errors": [ { "code": <string>, "message": <string>, "detail": <any> }, … ] }
 *
 * Some registries leave out `code` (Artifactory: `{"errors": [{"status": 404,
 * "message": "…"}]}`); the code is then inferred from the HTTP status.
 * Token servers answer in other shapes: Docker Hub `{"details": "…"}`,
 * OAuth2 `{"error": "…", "error_description": "…"}`, some `{"message": "…"}`.
 * Bodies may also be empty (HEAD), plain text, or an HTML page from
 * whatever answered instead of a registry.
 */
import type { PullscopeError } from '../../errors';
import { rateLimitOf } from '../rate-limit';
import type { RequestTarget } from '../request-target';
import { NotARegistryError } from './not-a-registry-error';
import { RegistryError } from './registry-error';

/** What the request was about, so the error can name the tag, repository or blob. */
export interface ErrorContext {
  repository?: string;
  reference?: string;
  target?: RequestTarget | 'token';
  /** The answer came from a redirect target (CDN, object store), not from the registry. */
  viaRedirect?: boolean;
  /** The request carried the user's credentials (a rate limit is then the account's). */
  credentialed?: boolean;
}

interface DistributionError {
  code: string;
  message: string;
  detail?: unknown;
}

/** Builds the typed error for a non-2xx registry answer from its status, headers and (bounded) body text. */
export function parseRegistryErrorBody(
  status: number,
  headers: Headers,
  bodyText: string,
  registry: string,
  context: ErrorContext = {},
): PullscopeError {
  const contentType = headers.get('content-type') ?? '';
  const errors = distributionErrors(bodyText);
  const retryAfterSeconds = parseRetryAfter(headers.get('retry-after'));
  const rateLimit = rateLimitOf(headers);
  const base = {
    httpStatus: status,
    registry,
    retryAfterSeconds,
    repository: context.repository,
    reference: context.reference,
    ...(rateLimit ? { rateLimit } : {}),
    ...(context.credentialed !== undefined ? { credentialed: context.credentialed } : {}),
  };

  if (errors.length > 0) {
    const [first, ...rest] = errors;
    return new RegistryError({
      ...base,
      code: first.code,
      registryMessage: first.message,
      // Registries rarely send more than one; keep the others rather than drop them.
      detail: rest.length > 0 ? { detail: first.detail, more: rest } : first.detail,
    });
  }

  // An `errors` list is the registry's own answer even without codes or words (`{"errors":[]}`,
  // `{"errors":[{"status":404}]}`): it is no stray web server, so it gets the status's usual code and advice.
  if (hasErrorList(bodyText)) {
    return new RegistryError({ ...base, code: codeForStatus(status, context.target), registryMessage: codelessErrorMessages(bodyText).join('; ') });
  }

  if (looksLikeSomethingElse(status, headers, bodyText, context)) {
    return new NotARegistryError({ host: registry, httpStatus: status, contentType: contentType.split(';')[0].trim() });
  }

  return new RegistryError({
    ...base,
    code: codeForStatus(status, context.target),
    registryMessage: isHtml(contentType, bodyText) ? '' : extractRegistryMessage(bodyText),
  });
}

/** The best human-readable message in any of the error body shapes above; '' when none. */
export function extractRegistryMessage(bodyText: string): string {
  const json = parseJson(bodyText);
  if (isRecord(json)) {
    const errors = distributionErrors(bodyText);
    if (errors.length > 0) return errors.map((e) => e.message || e.code).join('; ');
    const codeless = codelessErrorMessages(bodyText);
    if (codeless.length > 0) return codeless.join('; ');
    for (const key of ['details', 'error_description', 'message', 'error']) {
      if (typeof json[key] === 'string' && json[key]) return json[key] as string;
    }
    return '';
  }
  const text = bodyText.trim();
  if (!text || text.startsWith('<')) return '';
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * Retry-After (RFC 9110 §10.2.3) = HTTP-date / delay-seconds; whole seconds
 * from now, or undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  // Every HTTP-date form starts with a day name (RFC 9110 §5.6.7); Date.parse alone would take "-5" as a year.
  if (!/^[A-Za-z]{3}/.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function distributionErrors(bodyText: string): DistributionError[] {
  const json = parseJson(bodyText);
  if (!isRecord(json) || !Array.isArray(json.errors)) return [];
  return json.errors.filter(isRecord).flatMap((e) =>
    typeof e.code === 'string' && e.code
      ? [{ code: e.code.toUpperCase(), message: typeof e.message === 'string' ? e.message : '', detail: e.detail }]
      : [],
  );
}

/** True when the body is a JSON object with an `errors` list, whatever its entries hold. */
function hasErrorList(bodyText: string): boolean {
  const json = parseJson(bodyText);
  return isRecord(json) && Array.isArray(json.errors);
}

/** The messages of an `errors` list whose entries carry no code (see the header); [] when it has codes or no messages. */
function codelessErrorMessages(bodyText: string): string[] {
  const json = parseJson(bodyText);
  if (!isRecord(json) || !Array.isArray(json.errors)) return [];
  return json.errors.filter(isRecord).flatMap((e) => (typeof e.message === 'string' && e.message.trim() ? [e.message.trim()] : []));
}

/** An HTML page, or a 404 with text but none of the headers every registry sends. */
function looksLikeSomethingElse(status: number, headers: Headers, bodyText: string, context: ErrorContext): boolean {
  // A storage host behind a redirect is not a registry and need not look like one;
  // rate limits and server failures come from real registries behind HTML error pages too.
  if (context.viaRedirect || context.target === 'token' || status === 429 || status >= 500) return false;
  if (isHtml(headers.get('content-type') ?? '', bodyText)) return true;
  const speaksDistribution = headers.has('docker-distribution-api-version');
  return status === 404 && !speaksDistribution && (bodyText.trim() !== '' || context.target === 'ping');
}

function codeForStatus(status: number, target: ErrorContext['target']): string {
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'DENIED';
  if (status === 429) return 'TOOMANYREQUESTS';
  if (status === 405) return 'UNSUPPORTED';
  // HEAD answers have no body: infer the spec's code from what was asked for.
  if (status === 404 && target === 'manifest') return 'MANIFEST_UNKNOWN';
  if (status === 404 && target === 'blob') return 'BLOB_UNKNOWN';
  if (status === 404 && target === 'tags') return 'NAME_UNKNOWN';
  return 'UNKNOWN';
}

function isHtml(contentType: string, bodyText: string): boolean {
  return /^\s*text\/html/i.test(contentType) || /^\s*<(!doctype html|html)/i.test(bodyText);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
