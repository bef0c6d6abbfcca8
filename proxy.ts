/**
 * Runs before every page render: a fresh CSP nonce per request, set on the
 * request (Next reads it there and puts it on its own scripts) and on the
 * response. API routes and static files get their headers from
 * next.config.js instead.
 *
 * Runs before the registry proxy's route too, on the raw path: a path Next
 * could not decode would never reach the route (undecodable-path.ts).
 */
import { NextResponse, type NextRequest } from 'next/server';
import { undecodablePathAnswer } from '@/app/api/_server/undecodable-path';
import { createNonce, pageContentSecurityPolicy } from '@/lib/content-security-policy';
import { PROXY_BASE } from '@/lib/registry/proxy-protocol';

/** Adds the per-request Content-Security-Policy to a page request and its response; refuses an undecodable proxy path. */
export function proxy(request: NextRequest): Response {
  if (request.nextUrl.pathname.startsWith(`${PROXY_BASE}/`)) {
    return undecodablePathAnswer(request.method, request.nextUrl.pathname) ?? NextResponse.next();
  }
  const nonce = createNonce();
  const policy = pageContentSecurityPolicy(nonce, { development: process.env.NODE_ENV === 'development' });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  matcher: [
    {
      source: '/((?!api/|_next/static|_next/image).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
    // Only paths with a percent sign can fail to decode.
    { source: '/api/registry/:path(.*%.*)' },
  ],
};
