import { describe, expect, it } from 'vitest';
import { ForbiddenPathError, formatApiPath, parseApiPath } from '@/lib/registry/api-path';

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
