import { describe, expect, it } from 'vitest';
import { formatBytes, formatMtime } from '@/lib/format';

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

describe('formatMtime', () => {
  it.each([
    [0, '1970-01-01 00:00:00'],
    [1704067200, '2024-01-01 00:00:00'],
    [-1, '1969-12-31 23:59:59'],
    [8589934591, '2242-03-16 12:56:31'],
    [2 ** 60, String(2 ** 60)],
  ])('%d -> %s', (seconds, want) => {
    expect(formatMtime(seconds)).toBe(want);
  });
});
