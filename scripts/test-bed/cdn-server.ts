/**
 * A stand-in for the object store or CDN a registry redirects blob GETs to.
 * It serves the registries' storage directory read-only at the paths the
 * `redirect` storage middleware builds (`<baseurl>/docker/registry/v2/blobs/…`),
 * and, like S3, refuses a request that carries an Authorization header on top
 * of its own URL-based authorisation: a client must drop the registry's token
 * when a redirect leaves the registry's origin.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

/** The body S3 answers when a presigned URL also carries an Authorization header. */
const s3TwoAuthError =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InvalidArgument</Code>' +
  '<Message>Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, ' +
  'Signature query string parameter or the Authorization header should be specified</Message>' +
  '<ArgumentName>Authorization</ArgumentName></Error>';

/** Only blob data is ever redirected; nothing else of the storage is exposed. */
const servedPrefix = '/docker/registry/v2/blobs/';

function sendText(response: http.ServerResponse, status: number, contentType: string, body: string): void {
  const bytes = Buffer.from(body);
  response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': bytes.length });
  response.end(bytes);
}

/** Starts the CDN server over `storageRoot`; resolves once it listens. */
export async function startCdnServer(options: { port: number; storageRoot: string; logPath: string }): Promise<http.Server> {
  const log = fs.createWriteStream(options.logPath, { flags: 'a' });
  const root = path.resolve(options.storageRoot);

  const handle = (request: http.IncomingMessage, response: http.ServerResponse): void => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://cdn.invalid').pathname);
    } catch {
      return sendText(response, 400, 'text/plain', 'malformed path\n');
    }
    log.write(`${new Date().toISOString()} ${request.method} ${pathname} auth=${request.headers.authorization ? 'yes' : 'no'}\n`);
    if (request.headers.authorization !== undefined) {
      return sendText(response, 400, 'application/xml', s3TwoAuthError);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return sendText(response, 405, 'text/plain', 'method not allowed\n');
    }
    const file = path.resolve(root, '.' + pathname);
    if (!pathname.startsWith(servedPrefix) || !file.startsWith(root + path.sep)) {
      return sendText(response, 404, 'text/plain', 'not found\n');
    }
    fs.stat(file, (error, stat) => {
      if (error || !stat.isFile()) return sendText(response, 404, 'text/plain', 'not found\n');
      response.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': stat.size,
        'Cache-Control': 'public, max-age=31536000, immutable',
      });
      if (request.method === 'HEAD') return response.end();
      fs.createReadStream(file).pipe(response);
    });
  };

  const server = http.createServer(handle);
  server.on('close', () => log.end());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return server;
}
