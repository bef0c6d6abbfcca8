import { describe, expect, it } from 'vitest';
import { redactUrl, traceRequestHeaders, traceResponseHeaders } from '@/lib/registry/trace';

describe('redactUrl', () => {
  const cases: [url: string, want: string][] = [
    ['https://registry.test/v2/library/ubuntu/manifests/latest', 'https://registry.test/v2/library/ubuntu/manifests/latest'],
    [
      'https://auth.test/token?service=registry.test&scope=repository%3Aa%3Apull',
      'https://auth.test/token?service=registry.test&scope=repository%3Aa%3Apull',
    ],
    [
      'https://bucket.s3.amazonaws.com/docker/blobs/ab?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F2024&X-Amz-Date=20240101T000000Z&X-Amz-Expires=1200&X-Amz-Signature=deadbeef',
      'https://bucket.s3.amazonaws.com/docker/blobs/ab?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=…&X-Amz-Date=20240101T000000Z&X-Amz-Expires=1200&X-Amz-Signature=…',
    ],
    [
      'https://production.cloudflare.docker.com/registry-v2/docker/registry/v2/blobs/sha256/ab/ab/data?verify=1700000000-AbCdEf%2B%3D',
      'https://production.cloudflare.docker.com/registry-v2/docker/registry/v2/blobs/sha256/ab/ab/data?verify=…',
    ],
    ['https://acct.blob.core.windows.net/c/b?sv=2021&se=2024&sig=abc%3D', 'https://acct.blob.core.windows.net/c/b?sv=2021&se=2024&sig=…'],
    ['https://r.test/x?token=abc&access_token=def&keep=1', 'https://r.test/x?token=…&access_token=…&keep=1'],
    ['https://user:pass@r.test/v2/?a=1#frag', 'https://r.test/v2/?a=1#frag'],
    ['/relative/path?Signature=abc', '/relative/path?Signature=…'],
    ['https://r.test/path%20with%20spaces/x?flag&TOKEN', 'https://r.test/path%20with%20spaces/x?flag&TOKEN=…'],
  ];

  it.each(cases)('redacts %s', (url, want) => {
    expect(redactUrl(url)).toBe(want);
  });

  it('accepts a URL object', () => {
    expect(redactUrl(new URL('https://r.test/a?sig=x'))).toBe('https://r.test/a?sig=…');
  });
});

describe('trace headers', () => {
  it('shows the Authorization scheme only', () => {
    expect(traceRequestHeaders({ Accept: 'application/json', Authorization: 'Bearer eyJhbGciOi.abc.def' })).toEqual({
      Accept: 'application/json',
      Authorization: 'Bearer <redacted>',
    });
    expect(traceRequestHeaders({ Authorization: 'Basic YWxpY2U6cHc=' })).toEqual({ Authorization: 'Basic <redacted>' });
  });

  it('keeps only the response headers that explain a pull, with Location redacted', () => {
    const headers = new Headers({
      'content-type': 'application/vnd.oci.image.index.v1+json',
      'docker-content-digest': 'sha256:abc',
      'ratelimit-limit': '100;w=21600',
      'ratelimit-remaining': '99;w=21600',
      'docker-ratelimit-source': '203.0.113.7',
      location: 'https://cdn.test/b?X-Amz-Signature=secret',
      'set-cookie': 'session=secret',
      server: 'nginx',
    });
    expect(traceResponseHeaders(headers)).toEqual({
      'content-type': 'application/vnd.oci.image.index.v1+json',
      'docker-content-digest': 'sha256:abc',
      'ratelimit-limit': '100;w=21600',
      'ratelimit-remaining': '99;w=21600',
      'docker-ratelimit-source': '203.0.113.7',
      location: 'https://cdn.test/b?X-Amz-Signature=…',
    });
  });
});
