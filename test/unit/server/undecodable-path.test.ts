import { describe, expect, it } from 'vitest';
import { undecodablePathAnswer } from '@/app/api/_server/undecodable-path';
import { decodeErrorHeader, ERROR_HEADER } from '@/lib/registry/proxy-protocol';

describe('undecodablePathAnswer', () => {
  it.each([
    ['/api/registry/registry-1.docker.io/v2/library/ubuntu/manifests/latest'],
    ['/api/registry/127.0.0.1%3A5000/v2/test/x/manifests/v1'],
    ['/api/registry/127.0.0.1:5000/v2/test/x/manifests/%C3%A9t%C3%A9'],
    ['/api/registry/127.0.0.1:5000/v2/test/x/manifests/100%25'],
  ])('lets %s through to the route', (path) => {
    expect(undecodablePathAnswer('GET', path)).toBeUndefined();
  });

  it.each([
    ['/api/registry/%ZZ/v2/x/manifests/latest', '%ZZ'],
    ['/api/registry/127.0.0.1:5000/v2/test/layers/manifests/%E0%A4%A', '%E0%A4%A'],
    ['/api/registry/127.0.0.1:5000/v2/test/layers/manifests/%FF', '%FF'],
    ['/api/registry/127.0.0.1:5000/v2/test/x%/manifests/v1', 'x%'],
  ])('refuses %s as FORBIDDEN_PATH naming %s', async (path, bad) => {
    const answer = undecodablePathAnswer('GET', path)!;
    expect(answer.status).toBe(400);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const { error } = (await answer.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('FORBIDDEN_PATH');
    expect(error.message).toContain(`'${bad}' is not percent-encoded UTF-8`);
  });

  it('puts the error in its header for a HEAD, whose answer has no body', async () => {
    const answer = undecodablePathAnswer('HEAD', '/api/registry/%ZZ/v2/x/manifests/latest')!;
    expect(answer.status).toBe(400);
    expect(answer.body).toBeNull();
    expect(decodeErrorHeader(answer.headers.get(ERROR_HEADER))?.code).toBe('FORBIDDEN_PATH');
  });
});
