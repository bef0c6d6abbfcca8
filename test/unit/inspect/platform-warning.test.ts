import { describe, expect, it } from 'vitest';
import { singleImagePlatformWarning } from '@/lib/inspect/platform-warning';

describe('a platform asked of a single-platform image', () => {
  it('says nothing when none was asked, or the image is that platform (aliases and default variants included)', () => {
    expect(singleImagePlatformWarning(undefined, { os: 'linux', architecture: 'amd64' })).toBeUndefined();
    expect(singleImagePlatformWarning('linux/amd64', { os: 'linux', architecture: 'amd64' })).toBeUndefined();
    expect(singleImagePlatformWarning('linux/arm64', { os: 'linux', architecture: 'arm64', variant: 'v8' })).toBeUndefined();
  });

  it('names both platforms, and what docker would do, when they differ', () => {
    expect(singleImagePlatformWarning('linux/arm64', { os: 'linux', architecture: 'amd64' })).toBe(
      'The link asks for linux/arm64, but this is a single-platform image for linux/amd64, with no index of platforms: it is shown as it is. docker pull --platform linux/arm64 would refuse it.',
    );
  });

  it('says the platform cannot be read when it is not os/arch[/variant]', () => {
    expect(singleImagePlatformWarning('arm64', { os: 'linux', architecture: 'amd64' })).toContain('"arm64", which is not os/arch[/variant]');
  });
});
