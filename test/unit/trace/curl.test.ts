import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { curlFor, CREDENTIALS_PLACEHOLDER } from '@/lib/trace/curl';
import { shellQuote } from '@/lib/trace/shell-quote';
import type { TraceEntry } from '@/lib/registry/trace';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const ACCEPT = 'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json';

function entry(over: Partial<TraceEntry>): TraceEntry {
  return {
    id: 1,
    method: 'GET',
    url: 'https://registry.test/v2/library/alpine/manifests/latest',
    status: 200,
    startedAt: 0,
    durationMs: 5,
    requestHeaders: {},
    responseHeaders: {},
    kind: 'registry',
    ...over,
  };
}

const token = {
  url: 'https://auth.test/token?service=registry.test&scope=repository%3Alibrary%2Falpine%3Apull',
  expiresAt: 0,
  expiresInSeconds: 300,
};

describe('shellQuote', () => {
  const words = [
    'plain',
    'https://r.test/v2/a/manifests/sha256:ab',
    'Accept: a, b',
    "it's",
    "''",
    '$HOME `date` $(id) \\ " ! * ? ~ # ;&|<>',
    'line\nbreak',
    'https://r.test/x?a=1&b=2',
    '',
  ];

  // The reference is the shell itself: what printf receives must be the word.
  it.each(words)('sh reads %j back exactly', (word) => {
    const echoed = execFileSync('sh', ['-c', `printf '%s' ${shellQuote(word)}`], { encoding: 'utf8' });
    expect(echoed, `got ${JSON.stringify(echoed)}, want ${JSON.stringify(word)}`).toBe(word);
  });

  it('leaves harmless words bare', () => {
    expect(shellQuote('-fsS')).toBe('-fsS');
    expect(shellQuote('USER:PASS')).toBe('USER:PASS');
    expect(shellQuote('a b')).toBe("'a b'");
  });
});

describe('curlFor', () => {
  const cases: [name: string, e: TraceEntry, credentialed: boolean, want: string][] = [
    [
      'the 401 challenge shows the headers',
      entry({ status: 401, requestHeaders: { Accept: ACCEPT }, responseHeaders: { 'www-authenticate': 'Bearer realm="x"' } }),
      false,
      `curl -sS -i -H 'Accept: ${ACCEPT}' https://registry.test/v2/library/alpine/manifests/latest`,
    ],
    [
      'anonymous token request',
      entry({ kind: 'token', url: token.url, requestHeaders: { Accept: 'application/json' } }),
      false,
      `curl -fsS -H 'Accept: application/json' '${token.url}'`,
    ],
    [
      'credentialed token request uses the placeholder',
      entry({ kind: 'token', url: token.url, requestHeaders: { Accept: 'application/json', Authorization: 'Basic <redacted>' } }),
      true,
      `curl -fsS -u USER:PASS -H 'Accept: application/json' '${token.url}'`,
    ],
    [
      'manifest GET by tag with a token: TOKEN line, exact Accept, digest check against Docker-Content-Digest',
      entry({
        requestHeaders: { Accept: ACCEPT, Authorization: 'Bearer <redacted>' },
        responseHeaders: { 'docker-content-digest': DIGEST },
        token,
      }),
      false,
      [
        `TOKEN=$(curl -fsS '${token.url}' | jq -r '.token // .access_token')`,
        `curl -fsS -H 'Accept: ${ACCEPT}' -H "Authorization: Bearer $TOKEN" https://registry.test/v2/library/alpine/manifests/latest | sha256sum  # want ${'ab'.repeat(32)}`,
      ].join('\n'),
    ],
    [
      'credentialed token line',
      entry({ requestHeaders: { Authorization: 'Bearer <redacted>' }, url: `https://registry.test/v2/p/blobs/${DIGEST}`, token }),
      true,
      [
        `TOKEN=$(curl -fsS -u USER:PASS '${token.url}' | jq -r '.token // .access_token')`,
        `curl -fsS -L -H "Authorization: Bearer $TOKEN" https://registry.test/v2/p/blobs/${DIGEST} | sha256sum  # want ${'ab'.repeat(32)}`,
      ].join('\n'),
    ],
    [
      'Basic registry',
      entry({ requestHeaders: { Authorization: 'Basic <redacted>' }, url: `http://127.0.0.1:5000/v2/p/blobs/${DIGEST}`, status: 307 }),
      true,
      `curl -fsS -L -u USER:PASS http://127.0.0.1:5000/v2/p/blobs/${DIGEST} | sha256sum  # want ${'ab'.repeat(32)}`,
    ],
    [
      'HEAD shows headers only',
      entry({ method: 'HEAD', requestHeaders: { Accept: ACCEPT } }),
      false,
      `curl -fsS -I -H 'Accept: ${ACCEPT}' https://registry.test/v2/library/alpine/manifests/latest`,
    ],
    [
      'tag list keeps its query',
      entry({ url: 'https://registry.test/v2/a/tags/list?n=2&last=v1' }),
      false,
      `curl -fsS 'https://registry.test/v2/a/tags/list?n=2&last=v1'`,
    ],
    [
      'an unsigned redirect hop can be fetched directly',
      entry({ kind: 'redirect', url: 'http://cdn.test/blobs/data' }),
      false,
      "# a hop of the registry's redirect: `curl -L` on the request before it goes here by itself\ncurl -fsS http://cdn.test/blobs/data | sha256sum",
    ],
    [
      'a signed redirect hop is only explained',
      entry({ kind: 'redirect', url: 'https://cdn.test/blobs/data?verify=…' }),
      false,
      "# a hop of the registry's redirect: `curl -L` on the request before it goes here by itself\n# the signature of this URL is not shown (it authorizes the download); follow the redirect again with -L",
    ],
    [
      'a failed request shows the error',
      entry({ status: 404, url: 'https://registry.test/v2/a/manifests/nope' }),
      false,
      'curl -sS -i https://registry.test/v2/a/manifests/nope',
    ],
  ];

  it.each(cases)('%s', (_name, e, credentialed, want) => {
    expect(curlFor(e, { credentialed })).toBe(want);
  });

  it('never holds anything but the placeholder for credentials', () => {
    const e = entry({ kind: 'token', url: token.url, requestHeaders: { Authorization: 'Basic <redacted>' } });
    const command = curlFor(e, { credentialed: true });
    expect(command).toContain(`-u ${CREDENTIALS_PLACEHOLDER}`);
    expect(command).not.toContain('redacted');
  });

  it('quotes a URL with a single quote so the shell reads it back', () => {
    const url = "https://registry.test/v2/a/tags/list?last=it's";
    const command = curlFor(entry({ url }), { credentialed: false });
    const words = execFileSync('sh', ['-c', `set -- ${command.replace(/^curl /, '')}; printf '%s\\n' "$@"`], { encoding: 'utf8' });
    expect(words.trim().split('\n')).toEqual(['-fsS', url]);
  });
});
