import { describe, expect, it } from 'vitest';
import { DOWNLOAD_SCOPE, downloadIdOf, downloadPath, newDownloadId } from '@/lib/download/download-url';

describe('download URLs', () => {
  it('makes ids of 128 random bits, different each time', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newDownloadId()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('puts the id, and nothing else, under the scope', () => {
    const id = newDownloadId();
    expect(downloadPath(id)).toBe(`${DOWNLOAD_SCOPE}${id}`);
    expect(downloadIdOf(downloadPath(id))).toBe(id);
  });

  it.each(['/download/', '/download/abc', `/download/${'A'.repeat(32)}`, `/download/${'a'.repeat(32)}/x`, `/other/${'a'.repeat(32)}`, '/'])(
    'finds no id in %s',
    (pathname) => {
      expect(downloadIdOf(pathname)).toBeUndefined();
    },
  );
});
