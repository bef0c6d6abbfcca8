/**
 * A proxy path whose percent-encoding does not decode (`%ZZ`, a cut
 * `%E0%A4%A`, bytes that are not UTF-8) never reaches the route: Next fails
 * to decode the route's parameters first and answers a bare 500 in plain
 * text. proxy.ts runs before that, on the raw path, and answers here with
 * the proxy's own JSON error, like any other path it refuses.
 */
import { ForbiddenPathError } from '@/lib/registry/api-path';
import { errorAnswer } from './error-answer';

/** The refusal of a raw proxy path with a segment that does not decode; undefined when every segment decodes. */
export function undecodablePathAnswer(method: string, rawPathname: string): Response | undefined {
  const bad = rawPathname.split('/').find((segment) => !decodes(segment));
  if (bad === undefined) return undefined;
  const error = new ForbiddenPathError(rawPathname, `'${bad}' is not percent-encoded UTF-8 (RFC 3986 §2.1)`);
  return errorAnswer(method, error);
}

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}
