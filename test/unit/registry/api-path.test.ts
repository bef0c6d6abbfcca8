import { describe, expect, it } from 'vitest';
import { ForbiddenPathError, formatApiPath, forwardedQuery, parseApiPath } from '@/lib/registry/api-path';

const DIGEST = `sha256:${'c'.repeat(64)}`;

describe('parseApiPath', () => {
  const allowed: [segments: string[], path: string][] = [
    [['library', 'ubuntu', 'manifests', 'latest'], '/v2/library/ubuntu/manifests/latest'],
    [['a', 'b', 'c', 'manifests', DIGEST], `/v2/a/b/c/manifests/${DIGEST}`],
    [['library', 'ubuntu', 'blobs', DIGEST], `/v2/library/ubuntu/blobs/${DIGEST}`],
    [['my-org', 'app__x', 'tags', 'list'], '/v2/my-org/app__x/tags/list'],
    [['team', 'app', 'referrers', DIGEST], `/v2/team/app/referrers/${DIGEST}`],
  ];

  it.each(allowed)('forwards %j as %s', (segments, want) => {
    expect(formatApiPath(parseApiPath(segments))).toBe(want);
  });

  const refused: [name: string, segments: string[]][] = [
    ['an upload', ['library', 'ubuntu', 'blobs', 'uploads', '']],
    ['the catalog', ['_catalog']],
    ['a parent directory', ['..', 'ubuntu', 'manifests', 'latest']],
    ['an uppercase name', ['Library', 'ubuntu', 'manifests', 'latest']],
    ['a blob by tag', ['library', 'ubuntu', 'blobs', 'latest']],
    ['referrers of a tag', ['library', 'ubuntu', 'referrers', 'latest']],
    ['a bad tag', ['library', 'ubuntu', 'manifests', '-bad']],
    ['no repository', ['manifests', 'latest']],
  ];

  it.each(refused)('refuses %s', (_name, segments) => {
    expect(() => parseApiPath(segments)).toThrow(ForbiddenPathError);
  });
});

describe('forwardedQuery', () => {
  const api = (segments: string[]) => parseApiPath(segments);
  const tags = api(['team', 'app', 'tags', 'list']);
  const referrers = api(['team', 'app', 'referrers', DIGEST]);

  it("forwards a tag list's n and last, and nothing else", () => {
    expect(forwardedQuery(tags, new URLSearchParams('n=3&last=v1&x=1'))).toBe('?n=3&last=v1');
    expect(forwardedQuery(tags, new URLSearchParams(''))).toBe('');
  });

  it("forwards a referrers page's whole query: the registry's next link may carry any cursor", () => {
    expect(forwardedQuery(referrers, new URLSearchParams('n=2&next_token=abc%2Bdef&artifactType=a%2Fb'))).toBe('?n=2&next_token=abc%2Bdef&artifactType=a%2Fb');
  });

  it('forwards no query with a manifest or a blob', () => {
    expect(forwardedQuery(api(['team', 'app', 'manifests', 'v1']), new URLSearchParams('ns=docker.io'))).toBe('');
    expect(forwardedQuery(api(['team', 'app', 'blobs', DIGEST]), new URLSearchParams('x=1'))).toBe('');
  });

  it('refuses a query longer than any page cursor', () => {
    expect(() => forwardedQuery(referrers, new URLSearchParams({ next: 'x'.repeat(3000) }))).toThrow(/3005 characters/);
  });
});
