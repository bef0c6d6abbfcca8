/**
 * A tiny HTTP server standing in for a hostile or flaky upstream in proxy
 * tests: it answers with a handler, and counts every TCP connection it
 * accepts and every one that closes, so a test can prove that the proxy did
 * (or never did) connect, and that it hung up when the browser went away.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running fake upstream. */
export interface FakeUpstream {
  /** `ADDRESS:PORT` as a registry host (IPv6 in brackets). */
  host: string;
  port: number;
  /** Requests received, in order (method and path). */
  requests: Array<{ method: string; path: string; headers: http.IncomingHttpHeaders }>;
  /** TCP connections accepted so far. */
  connections(): number;
  /** Connections closed so far. */
  closed(): number;
  /** Resolves once `n` connections have closed. */
  waitForClosed(n: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a server on `address` (default 127.0.0.1) and a free port. */
export async function startFakeUpstream(
  handler: (request: http.IncomingMessage, response: http.ServerResponse) => void,
  address = '127.0.0.1',
): Promise<FakeUpstream> {
  const requests: FakeUpstream['requests'] = [];
  let connections = 0;
  let closed = 0;
  const closeWaiters: Array<{ n: number; resolve: () => void }> = [];
  const server = http.createServer((request, response) => {
    requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers });
    handler(request, response);
  });
  server.on('connection', (socket) => {
    connections++;
    socket.on('close', () => {
      closed++;
      for (const w of closeWaiters.filter((w) => closed >= w.n)) {
        closeWaiters.splice(closeWaiters.indexOf(w), 1);
        w.resolve();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, address, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    host: `${address.includes(':') ? `[${address}]` : address}:${port}`,
    port,
    requests,
    connections: () => connections,
    closed: () => closed,
    waitForClosed: (n) => (closed >= n ? Promise.resolve() : new Promise((resolve) => closeWaiters.push({ n, resolve }))),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
