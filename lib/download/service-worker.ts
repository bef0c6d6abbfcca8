/**
 * The download service worker's entry, the only file that touches service
 * worker globals. Built into public/download-sw.js (see next.config.js) and
 * registered by the page with the scope `/download/`, so it sees nothing but
 * download URLs. It activates at once: it holds no cache to migrate.
 */
import { DownloadWorkerHandler } from './download-worker-handler';

declare const self: ServiceWorkerGlobalScope;

const handler = new DownloadWorkerHandler();

self.addEventListener('install', (event) => event.waitUntil(self.skipWaiting()));
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
// Also receives the page's keep-alive messages: each one is an event, which resets the browser's idle timer.
self.addEventListener('message', (event) => handler.message(event.data, event.ports));
self.addEventListener('fetch', (event) => {
  const response = handler.respond(event.request);
  if (response) event.respondWith(response);
});
