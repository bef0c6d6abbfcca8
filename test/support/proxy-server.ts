/**
 * The proxy route served over HTTP on a loopback port, as the app serves it:
 * for tests in which something other than the test itself sends the proxy a
 * request (a registry's redirect that points into the proxy). Each request
 * reaches the route handler with its own headers, and is counted.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline, Readable } from 'node:stream';
import { inProcessProxyFetch } from './in-process-proxy';

/** A running proxy server and the requests it received (method, path and headers). */
export interface ProxyServer {
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  requests: Array<{ method: string; path: string; headers: http.IncomingHttpHeaders }>;
  close(): Promise<void>;
}

/** Starts the route on a free loopback port. */
export async function startProxyServer(): Promise<ProxyServer> {
  const requests: ProxyServer['requests'] = [];
  const server = http.createServer(async (request, response) => {
    requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers });
    const controller = new AbortController();
    response.on('close', () => controller.abort());
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
    }
    try {
      const answer = await inProcessProxyFetch(request.url ?? '/', { method: request.method, headers, signal: controller.signal });
      response.writeHead(answer.status, Object.fromEntries(answer.headers));
      // A body that fails midway cuts the connection, as the app's server does.
      if (answer.body) pipeline(Readable.fromWeb(answer.body as import('node:stream/web').ReadableStream), response, () => {});
      else response.end();
    } catch {
      response.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
