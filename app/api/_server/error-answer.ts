/**
 * How the proxy answers an error: the error's HTTP status, never stored,
 * with the trace of what was sent upstream, and the error as JSON in the body
 * (`{ "error": WireError }`), or for a HEAD, whose answer has no body, in
 * ERROR_HEADER.
 */
import type { PullscopeError } from '@/lib/errors';
import { ERROR_HEADER, TRACE_HEADER, encodeErrorHeader, encodeTrace } from '@/lib/registry/proxy-protocol';
import type { TraceEntry } from '@/lib/registry/trace';

/** The proxy's answer to `method` that ended in `error`. */
export function errorAnswer(method: string, error: PullscopeError, trace: TraceEntry[] = []): Response {
  const headers = { 'cache-control': 'no-store', [TRACE_HEADER]: encodeTrace(trace) };
  if (method === 'HEAD') return new Response(null, { status: error.status, headers: { ...headers, [ERROR_HEADER]: encodeErrorHeader(error.toWire()) } });
  return Response.json({ error: error.toWire() }, { status: error.status, headers });
}
