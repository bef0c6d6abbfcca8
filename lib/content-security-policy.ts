/**
 * The Content-Security-Policy of Pullscope's pages (CSP Level 3), built per
 * request around a fresh nonce. Scripts run only when they carry the nonce
 * (Next adds it to its own) or are loaded by one that does ('strict-dynamic');
 * layers are hashed by WebAssembly in Web Workers, hence 'wasm-unsafe-eval'
 * and worker-src ('self' also admits the download service worker, whose
 * hidden download frames default-src 'self' allows). Styles allow inline attributes: React renders progress
 * widths as style attributes, which cannot carry a nonce, and style injection
 * cannot run code. Nothing may frame the page (inspection URLs name private
 * images, and the page holds credentials in memory).
 */

/** A random nonce for one response: 16 bytes from the platform's CSPRNG, base64. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** The page policy for a nonce; `development` adds what Next's dev server needs (eval for React's debugging, its HMR socket). */
export function pageContentSecurityPolicy(nonce: string, options: { development?: boolean } = {}): string {
  const dev = options.development === true;
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", "'wasm-unsafe-eval'", ...(dev ? ["'unsafe-eval'"] : [])],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...(dev ? ['ws:'] : [])],
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** The policy of API answers: JSON and blobs, never a document that runs anything. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox";
