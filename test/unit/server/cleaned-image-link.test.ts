import { describe, expect, it } from 'vitest';
import { cleanedImageQuery, imageQueryWithoutSecret } from '@/app/cleaned-image-link';
import { removedSecretNote } from '@/components/inspector/cleaning-note';

describe('cleanedImageQuery', () => {
  it('keeps the reference alone, the other parameters, and the platform a command asked for', () => {
    const got = cleanedImageQuery({ image: 'docker pull --platform linux/arm64 ubuntu:24.04', layer: 'merged', path: '/etc' });
    expect(got?.toString()).toBe('image=ubuntu%3A24.04&layer=merged&path=%2Fetc&platform=linux%2Farm64');
  });

  it("keeps the link's own platform over the command's", () => {
    const got = cleanedImageQuery({ image: 'docker pull --platform linux/arm64 ubuntu', platform: 'linux/amd64' });
    expect(got?.get('platform')).toBe('linux/amd64');
  });

  it.each([
    ['a reference that needs nothing', { image: 'ubuntu:24.04' }],
    ['no image', { platform: 'linux/amd64' }],
    ['a value that still does not parse once cleaned', { image: 'docker pull Ubuntu' }],
    ['two images', { image: ['docker pull ubuntu', 'alpine'] }],
  ])('leaves %s alone', (_, params) => {
    expect(cleanedImageQuery(params)).toBeUndefined();
  });
});

describe('imageQueryWithoutSecret', () => {
  it.each([
    ['userinfo before a registry', 'alice:s3cretPW@127.0.0.1:5000/team/app:v1', 'a username and password'],
    ['a docker login line', 'docker login -u alice -p s3cretPW 127.0.0.1:5000', 'a password on a command line'],
    ['a token', `ghp_${'A1b2C3d4'.repeat(5)}`, 'a GitHub token'],
  ])('takes out %s, keeping the rest of the link, and names what it was', (_, image, kind) => {
    const got = imageQueryWithoutSecret({ image, platform: 'linux/arm64', layer: 'merged' });
    expect(got).toEqual({ query: new URLSearchParams({ platform: 'linux/arm64', layer: 'merged' }), kind, kept: false });
    expect(got!.query.toString()).not.toContain('s3cret');
  });

  it('keeps the image when cleaning leaves one free of the credential', () => {
    const got = imageQueryWithoutSecret({ image: 'https://alice:s3cretPW@registry.example/v2/team/app/manifests/v1' });
    expect(got?.kept).toBe(true);
    expect(got?.query.get('image')).toBe('registry.example/team/app:v1');
    expect(got?.query.toString()).not.toContain('s3cret');
  });

  it.each([
    'skopeo inspect --creds alice:s3cretPW docker://127.0.0.1:5000/team/app:v1',
    'crane pull -u alice -p s3cretPW 127.0.0.1:5000/team/app:v1 out.tar',
    'docker pull --creds alice:s3cretPW 127.0.0.1:5000/team/app:v1',
  ])('redirects %j to its image, not through a fragment that would carry the whole line', (image) => {
    const got = imageQueryWithoutSecret({ image });
    expect(got).toEqual({ query: new URLSearchParams({ image: '127.0.0.1:5000/team/app:v1' }), kind: 'a password on a command line', kept: true });
  });

  it('leaves a link with no credential in its image to the other checks', () => {
    expect(imageQueryWithoutSecret({ image: 'ubuntu:24.04@sha256:' + 'a'.repeat(64) })).toBeUndefined();
    expect(imageQueryWithoutSecret({ platform: 'linux/amd64' })).toBeUndefined();
  });
});

describe('removedSecretNote', () => {
  it('speaks in fixed words only: a value of the link that is not a known kind says nothing', () => {
    expect(removedSecretNote('a GitHub token')).toContain('looked like a GitHub token');
    expect(removedSecretNote('dropped')).toContain('held credentials');
    expect(removedSecretNote('your account is locked, call 555-0100')).toBeUndefined();
  });
});
