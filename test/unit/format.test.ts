import { describe, expect, it } from 'vitest';
import { formatBytes } from '@/lib/format';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [1023, '1023 B'],
    [1024, '1 KiB'],
    [1536, '1.5 KiB'],
    [1.5 * 1024 * 1024, '1.5 MiB'],
    [1024 * 1024 - 1, '1 MiB'],
    [32654, '31.9 KiB'],
    [3 * 1024 ** 3, '3 GiB'],
    [2 * 1024 ** 6, '2048 PiB'],
  ])('%d -> %s', (n, want) => {
    expect(formatBytes(n)).toBe(want);
  });
});
