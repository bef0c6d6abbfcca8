/**
 * An upstream body that broke off part way: the registry closed the
 * connection before the end, or stopped sending until the body timeout gave
 * up on it. When the proxy is streaming that body to the browser, its answer
 * began long ago and can only be cut; the page names the failure from what it
 * received (lib/pipeline/process-layer.ts). Here the server says it once, in
 * one line, and ends its answer without the stack trace Next prints for a
 * failed response stream.
 */
import { describeNetworkFailure } from '@/lib/registry/errors';

/**
 * The error a broken-off upstream body fails with. Named `AbortError`: Next's
 * pipe to the browser takes that as a stream ended on purpose and cuts the
 * connection (so no cache keeps the answer) without logging it as a crash.
 * The upstream's own error stays its cause, for the words of a document's
 * failure (isBodyTimeout reads the cause chain).
 */
export class UpstreamBreak extends Error {
  override readonly name = 'AbortError';

  constructor(message: string, cause: unknown) {
    super(message, { cause });
  }
}

/** What a body that broke off after `receivedBytes` (of `declaredBytes`, when stated) went through, in words. */
export function describeBreak(error: unknown, receivedBytes: number, declaredBytes: number | undefined, bodyIdleMs: number): string {
  const after = declaredBytes === undefined ? `after ${receivedBytes} bytes` : `after ${receivedBytes} of ${declaredBytes} bytes`;
  const codes = codesOf(error);
  if (isBodyTimeout(error)) return `the registry stopped sending for ${bodyIdleMs / 1000} s, ${after}`;
  if (codes.some((code) => CLOSED.has(code))) return `the registry closed the connection ${after}`;
  return `the transfer broke off ${after}: ${describeNetworkFailure(error)}`;
}

/** True when the body broke off because the registry sent nothing for the body timeout (not a closed connection). */
export function isBodyTimeout(error: unknown): boolean {
  return codesOf(error).includes('UND_ERR_BODY_TIMEOUT');
}

// How undici and Node report a connection that ended before the body did.
const CLOSED = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH']);

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let e: unknown = error, depth = 0; typeof e === 'object' && e !== null && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
  }
  return codes;
}
