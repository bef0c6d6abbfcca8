/**
 * The curl command that redoes one step of the pull trace by hand. The
 * commands use only what the trace holds, so they carry no secret: a token
 * is fetched again into $TOKEN, credentials are the placeholder USER:PASS,
 * and the signature of a pre-signed redirect URL (redacted in the trace) is
 * obtained again by following the registry's redirect with -L.
 *
 * curl drops Authorization (and -u) when -L leaves the original host (curl
 * 7.58+, without --location-trusted), which is what a registry client must
 * do on a blob redirect to a CDN (design.md, protocol facts).
 */
import { REDACTED, type TraceEntry } from '../registry/trace';
import { shellQuote } from './shell-quote';

/** Stands for `username:password` in commands; never replaced by the real credentials. */
export const CREDENTIALS_PLACEHOLDER = 'USER:PASS';

/** What a command needs beyond the entry. */
export interface CurlContext {
  /** The user gave credentials: token requests need `-u USER:PASS`. */
  credentialed: boolean;
}

/** One or more shell lines that repeat the exchange; `#` lines explain what cannot be repeated as is. */
export function curlFor(entry: TraceEntry, ctx: CurlContext): string {
  const lines: string[] = [];
  const path = pathOf(entry.url);
  const isBlob = /\/blobs\/[^/]+$/.test(path);
  const isManifest = /\/manifests\/[^/]+$/.test(path);
  const failed = entry.status >= 400 || entry.status === 0;
  const auth = authorizationScheme(entry);

  if (entry.kind === 'redirect') {
    lines.push(`# a hop of the registry's redirect: \`curl -L\` on the request before it goes here by itself`);
    if (entry.url.includes(REDACTED)) {
      lines.push('# the signature of this URL is not shown (it authorizes the download); follow the redirect again with -L');
      return lines.join('\n');
    }
  }

  const args = ['curl', failed ? '-sS' : '-fsS'];
  if (entry.method === 'HEAD') args.push('-I');
  else if (failed) args.push('-i');
  if (isBlob && entry.kind === 'registry') args.push('-L');

  if (entry.kind === 'token' && (auth === 'basic' || ctx.credentialed)) {
    args.push('-u', CREDENTIALS_PLACEHOLDER);
  } else if (auth === 'basic') {
    args.push('-u', CREDENTIALS_PLACEHOLDER);
  } else if (auth === 'bearer') {
    lines.push(tokenLine(entry, ctx));
  }

  for (const [name, value] of Object.entries(entry.requestHeaders)) {
    if (name.toLowerCase() === 'authorization') continue;
    args.push('-H', `${name}: ${value}`);
  }
  let command = args.map(shellQuote).join(' ');
  // $TOKEN must expand, so this one header is double-quoted rather than quoted by shellQuote.
  if (auth === 'bearer') command += ' -H "Authorization: Bearer $TOKEN"';
  command += ` ${shellQuote(entry.url)}`;

  // A digest is the sha256 of the exact bytes: hashing the body by hand is the check.
  const digestCheck = entry.method === 'GET' && !failed && (isBlob || isManifest || entry.kind === 'redirect');
  if (digestCheck) {
    command += ' | sha256sum';
    const want = expectedDigest(entry, path);
    if (want) command += `  # want ${want.replace(/^sha256:/, '')}`;
  }
  lines.push(command);
  return lines.join('\n');
}

// TOKEN=$(…) asks the token server again, the way the pull did; token.md
// allows the answer in `token` or `access_token`.
function tokenLine(entry: TraceEntry, ctx: CurlContext): string {
  const url = entry.token?.url;
  if (!url) return '# TOKEN: a bearer token from this registry\'s token server (see the token step of the trace)';
  const args = ['curl', '-fsS', ...(ctx.credentialed ? ['-u', CREDENTIALS_PLACEHOLDER] : []), url];
  return `TOKEN=$(${args.map(shellQuote).join(' ')} | jq -r '.token // .access_token')`;
}

function authorizationScheme(entry: TraceEntry): 'basic' | 'bearer' | undefined {
  for (const [name, value] of Object.entries(entry.requestHeaders)) {
    if (name.toLowerCase() !== 'authorization') continue;
    const scheme = value.split(' ')[0].toLowerCase();
    if (scheme === 'basic' || scheme === 'bearer') return scheme;
  }
  return undefined;
}

// The digest the body must hash to: the one in the URL (by-digest requests),
// else the one the registry stated (a manifest fetched by tag).
function expectedDigest(entry: TraceEntry, path: string): string | undefined {
  const last = path.slice(path.lastIndexOf('/') + 1).replace(/%3a/gi, ':');
  if (/^sha256:[0-9a-f]{64}$/.test(last)) return last;
  const stated = entry.responseHeaders['docker-content-digest'];
  return stated && /^sha256:[0-9a-f]{64}$/.test(stated) ? stated : undefined;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split(/[?#]/)[0];
  }
}
