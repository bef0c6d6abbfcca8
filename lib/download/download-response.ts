/**
 * The response the service worker answers a download URL with: the page's
 * bytes as an attachment. The headers make it a file, never a document:
 * Content-Disposition names it, nosniff and a sandboxing CSP keep the
 * browser from rendering it, and nothing caches it.
 */
import { attachmentDisposition } from './content-disposition';

/** A streamed attachment; Content-Length only when `length` is the exact byte count (a wrong one fails the download). */
export function downloadResponse(body: ReadableStream<Uint8Array>, fileName: string, length?: number): Response {
  const headers = new Headers({
    'Content-Type': 'application/octet-stream',
    'Content-Disposition': attachmentDisposition(fileName),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
  });
  if (length !== undefined && Number.isSafeInteger(length) && length >= 0) headers.set('Content-Length', String(length));
  return new Response(body, { status: 200, headers });
}

/** What the worker answers a download URL it does not know (used already, or the worker restarted since). */
export function unknownDownloadResponse(): Response {
  return new Response('This download is no longer available. Start it again from the page.\n', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' },
  });
}
