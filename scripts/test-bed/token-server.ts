/**
 * Our token server, the `realm` of the token-auth registries. It implements
 * the GET form of the Docker token protocol
 * (distribution docs/spec/auth/token.md, "Requesting a Token"):
 *   GET <realm>?service=<service>&scope=<scope>[&scope=<scope>…]
 * with optional Basic credentials, answering
 *   { token, access_token, expires_in, issued_at }
 * A wrong password is a 401 with the body Docker Hub's auth server sends.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { grantedActions, parseScope, type Access } from './token-policy';
import { signToken, type SigningIdentity } from './token-signer';

/** Everything the token server needs to know. */
export interface TokenServerOptions {
  port: number;
  service: string;
  issuer: string;
  identity: SigningIdentity;
  username: string;
  password: string;
  /** Seconds a token stays valid. */
  expiresIn: number;
  logPath: string;
}

function sendJson(response: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  const bytes = Buffer.from(JSON.stringify(body));
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': bytes.length,
    'Cache-Control': 'no-store',
    ...headers,
  });
  response.end(bytes);
}

/** The Basic credentials of a request; undefined when it sends none. */
function basicCredentials(header: string | undefined): { username: string; password: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { username: decoded, password: '' };
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function sameSecret(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

/** Starts the token server; resolves once it listens. */
export async function startTokenServer(options: TokenServerOptions): Promise<http.Server> {
  const log = fs.createWriteStream(options.logPath, { flags: 'a' });

  const handle = (request: http.IncomingMessage, response: http.ServerResponse): void => {
    const url = new URL(request.url ?? '/', 'http://token.invalid');
    if (url.pathname !== '/token') return sendJson(response, 404, { details: 'not found' });
    if (request.method !== 'GET') return sendJson(response, 405, { details: 'method not allowed' }, { Allow: 'GET' });

    const service = url.searchParams.get('service');
    if (service !== options.service) {
      return sendJson(response, 400, { details: `unknown service ${JSON.stringify(service)}` });
    }

    const credentials = basicCredentials(request.headers.authorization);
    let user: string | undefined;
    if (credentials) {
      const valid = sameSecret(credentials.username, options.username) && sameSecret(credentials.password, options.password);
      if (!valid) {
        log.write(`${new Date().toISOString()} 401 user=${JSON.stringify(credentials.username)} ${url.search}\n`);
        return sendJson(response, 401, { details: 'incorrect username or password' }, {
          'WWW-Authenticate': `Basic realm="${options.service}"`,
        });
      }
      user = credentials.username;
    }

    const access: Access[] = [];
    for (const raw of url.searchParams.getAll('scope')) {
      // One scope parameter may also carry several space-separated scopes.
      for (const scope of raw.split(' ').filter((s) => s !== '')) {
        const requested = parseScope(scope);
        if (!requested) return sendJson(response, 400, { details: `invalid scope ${JSON.stringify(scope)}` });
        const actions = grantedActions(requested, user);
        if (actions.length > 0) access.push({ type: requested.type, name: requested.name, actions });
      }
    }

    const now = Math.floor(Date.now() / 1000);
    const token = signToken(options.identity, {
      iss: options.issuer,
      sub: user ?? '',
      aud: options.service,
      exp: now + options.expiresIn,
      nbf: now - 1,
      iat: now,
      jti: crypto.randomUUID(),
      access,
    });
    log.write(`${new Date().toISOString()} 200 user=${JSON.stringify(user ?? '')} ${url.search} granted=${JSON.stringify(access)}\n`);
    sendJson(response, 200, {
      token,
      access_token: token,
      expires_in: options.expiresIn,
      issued_at: new Date(now * 1000).toISOString(),
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
