import { describe, expect, it } from 'vitest';
import { cleanedImageQuery } from '@/app/cleaned-image-link';

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
