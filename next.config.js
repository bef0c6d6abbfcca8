const fs = require('node:fs');
const path = require('node:path');
const { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_BUILD } = require('next/constants');

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

// Keep in step with DOWNLOAD_WORKER_URL in lib/download/download-url.ts.
const DOWNLOAD_WORKER = { source: 'lib/download/service-worker.ts', output: 'public/download-sw.js', url: '/download-sw.js' };

/**
 * Compiles the download service worker into public/: a service worker must
 * be a same-origin script at a stable URL, which Next's bundles are not.
 * Written only when it changed, and by rename, because Next loads this file
 * in several processes at once.
 */
function buildDownloadWorker() {
  const esbuild = require('esbuild');
  const result = esbuild.buildSync({
    absWorkingDir: __dirname,
    entryPoints: [DOWNLOAD_WORKER.source],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    write: false,
    logLevel: 'warning',
    banner: { js: `// Generated from ${DOWNLOAD_WORKER.source} when the app is built; do not edit.` },
  });
  const code = result.outputFiles[0].contents;
  const output = path.join(__dirname, DOWNLOAD_WORKER.output);
  if (fs.existsSync(output) && Buffer.compare(fs.readFileSync(output), code) === 0) return;
  const temporary = `${output}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, code);
  fs.renameSync(temporary, output);
}

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
      // A deployed update of the worker reaches browsers on their next registration check.
      { source: DOWNLOAD_WORKER.url, headers: [{ key: 'Cache-Control', value: 'no-cache' }] },
    ];
  },
};

module.exports = (phase) => {
  if (phase === PHASE_PRODUCTION_BUILD || phase === PHASE_DEVELOPMENT_SERVER) buildDownloadWorker();
  return nextConfig;
};
