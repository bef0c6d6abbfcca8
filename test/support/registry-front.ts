/**
 * A small HTTP server in front of a test-bed registry, for the registry
 * behaviours docker-registry 2.8 lacks (paged tag lists, the referrers API).
 * The front decides which requests it answers itself; the rest it forwards
 * to the real registry with `forward`, auth challenges included.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running front: its `127.0.0.1:PORT` host, and how to stop it. */
export interface RegistryFront {
  host: string;
  close(): Promise<void>;
}

/** Sends `request` on to `upstreamHost` at `path` with `headers`, and hands the answer to `onAnswer`; a refused connection is a 502. */
export function forward(
  upstreamHost: string,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  path: string,
  headers: http.OutgoingHttpHeaders,
  onAnswer: (answer: http.IncomingMessage) => void,
): void {
  const upstream = http.request(`http://${upstreamHost}${path}`, { method: request.method, headers: { ...headers, host: upstreamHost } }, onAnswer);
  upstream.on('error', () => {
    response.writeHead(502);
    response.end();
  });
  request.pipe(upstream);
}

/** Passes an upstream answer back unchanged. */
export function passBack(answer: http.IncomingMessage, response: http.ServerResponse): void {
  response.writeHead(answer.statusCode ?? 502, answer.headers);
  answer.pipe(response);
}

/** The whole body of an upstream answer. */
export function readBody(answer: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    answer.on('data', (chunk: Buffer) => chunks.push(chunk));
    answer.on('end', () => resolve(Buffer.concat(chunks)));
    answer.on('error', reject);
  });
}

/** Starts `handler` on a free loopback port. */
export async function startFront(handler: http.RequestListener): Promise<RegistryFront> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
