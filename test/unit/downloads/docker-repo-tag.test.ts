import { describe, expect, it } from 'vitest';
import { dockerRepoTag } from '@/components/downloads/docker-repo-tag';
import { parseReference, type Reference } from '@/lib/reference';

/** A local archive's reference as the page makes it: its file as the repository, its own name for the image as the tag. */
const local = (name: string | undefined): Reference => ({ registry: 'local archive', apiHost: '', repository: 'whiteouts.docker.tar.gz', tag: name, digest: `sha256:${'a'.repeat(64)}` });

describe('the RepoTags entry of a docker load tar', () => {
  it('is the reference without its digest for a registry image', () => {
    expect(dockerRepoTag(parseReference('127.0.0.1:5000/team/api:dev'), false)).toBe('127.0.0.1:5000/team/api:dev');
    expect(dockerRepoTag(parseReference('ubuntu:24.04'), false)).toBe('ubuntu:24.04');
    expect(dockerRepoTag(parseReference(`ubuntu@sha256:${'b'.repeat(64)}`), false)).toBeUndefined();
  });

  it("is a local archive's own name for the image when that is a whole reference with a tag", () => {
    expect(dockerRepoTag(local('127.0.0.1:34027/test/whiteouts:v1'), true)).toBe('127.0.0.1:34027/test/whiteouts:v1');
    expect(dockerRepoTag(local('docker.io/library/alpine:3.20'), true)).toBe('alpine:3.20');
  });

  it('is left out, so the image loads untagged, when the name is a bare tag, a host and port only, or none', () => {
    expect(dockerRepoTag(local('1.0'), true)).toBeUndefined();
    expect(dockerRepoTag(local('localhost:5000/app'), true)).toBeUndefined();
    expect(dockerRepoTag(local(undefined), true)).toBeUndefined();
    expect(dockerRepoTag(local('Not A Reference:1'), true)).toBeUndefined();
  });
});
