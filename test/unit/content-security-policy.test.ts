import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_CONTENT_SECURITY_POLICY, createNonce, pageContentSecurityPolicy } from '@/lib/content-security-policy';
import { DOWNLOAD_WORKER_URL } from '@/lib/download/download-url';

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
}

describe('page Content-Security-Policy', () => {
  const policy = directives(pageContentSecurityPolicy('abc123'));

  it('runs only scripts carrying the nonce, and WebAssembly, never eval or inline code', () => {
    const script = policy.get('script-src')!;
    expect(script).toEqual(expect.arrayContaining(["'nonce-abc123'", "'strict-dynamic'", "'wasm-unsafe-eval'"]));
    expect(script).not.toContain("'unsafe-inline'");
    expect(script).not.toContain("'unsafe-eval'");
  });

  it.each([
    ['frame-ancestors', ["'none'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['worker-src', ["'self'", 'blob:']],
    ['connect-src', ["'self'"]],
  ])('sets %s to %s', (name, want) => {
    expect(policy.get(name)).toEqual(want);
  });

  it('allows eval and the HMR socket only in development', () => {
    const dev = directives(pageContentSecurityPolicy('n', { development: true }));
    expect(dev.get('script-src')).toContain("'unsafe-eval'");
    expect(dev.get('connect-src')).toContain('ws:');
  });

  it('makes a fresh, unguessable nonce each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

describe('next.config.js headers', () => {
  // The config is a function of Next's phase; serving (unlike building) compiles nothing.
  const config = createRequire(import.meta.url)(path.resolve(__dirname, '../../next.config.js'))('phase-production-server');

  it('sends the API policy, nosniff and no-referrer', async () => {
    const rules: Array<{ source: string; headers: Array<{ key: string; value: string }> }> = await config.headers();
    const all = Object.fromEntries(rules.find((r) => r.source === '/:path*')!.headers.map((h) => [h.key, h.value]));
    expect(all).toMatchObject({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY' });
    const api = rules.find((r) => r.source === '/api/:path*')!.headers;
    expect(api).toEqual([{ key: 'Content-Security-Policy', value: API_CONTENT_SECURITY_POLICY }]);
  });

  it('has browsers check the download service worker for updates on every registration', async () => {
    const rules: Array<{ source: string; headers: Array<{ key: string; value: string }> }> = await config.headers();
    expect(rules.find((r) => r.source === DOWNLOAD_WORKER_URL)?.headers).toEqual([{ key: 'Cache-Control', value: 'no-cache' }]);
  });
});
