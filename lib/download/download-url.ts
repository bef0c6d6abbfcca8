/**
 * Where streamed downloads live: the service worker's script and the narrow
 * scope it controls, so it intercepts nothing but the download URLs. A URL
 * holds only a random id: never a reference, a digest or a credential.
 */

/** The service worker's script, built from lib/download/service-worker.ts into public/. */
export const DOWNLOAD_WORKER_URL = '/download-sw.js';

/** The only path prefix the worker controls. */
export const DOWNLOAD_SCOPE = '/download/';

const ID = /^[0-9a-f]{32}$/;

/** A fresh download id: 128 random bits, hex. */
export function newDownloadId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The path the page navigates to for download `id`. */
export function downloadPath(id: string): string {
  return `${DOWNLOAD_SCOPE}${id}`;
}

/** The id in a download path; undefined for any other path. */
export function downloadIdOf(pathname: string): string | undefined {
  if (!pathname.startsWith(DOWNLOAD_SCOPE)) return undefined;
  const id = pathname.slice(DOWNLOAD_SCOPE.length);
  return ID.test(id) ? id : undefined;
}
