// Headers every response carries; pages add their per-request CSP in proxy.ts.
const COMMON_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  // Inspection URLs name private images: no Referer leaves the page.
  { key: 'Referrer-Policy', value: 'no-referrer' },
  // For browsers without CSP frame-ancestors.
  { key: 'X-Frame-Options', value: 'DENY' },
];

// Keep in step with API_CONTENT_SECURITY_POLICY in lib/content-security-policy.ts.
const API_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The proxy's upstream Agent (app/api/_server/upstream.ts) is used as Node loads it.
  serverExternalPackages: ['undici'],
  async headers() {
    return [
      { source: '/:path*', headers: COMMON_HEADERS },
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: API_CSP }] },
    ];
  },
};

module.exports = nextConfig;
