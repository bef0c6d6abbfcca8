import { describe, expect, it } from 'vitest';
import type { EntryType } from '@/lib/fs/entry';
import { formatMode } from '@/lib/fs/mode';

describe('formatMode', () => {
  const cases: Array<[type: EntryType, mode: number, want: string]> = [
    ['directory', 0o755, 'drwxr-xr-x'],
    ['file', 0o644, '-rw-r--r--'],
    ['file', 0o100644, '-rw-r--r--'],
    ['file', 0o000, '----------'],
    ['file', 0o4755, '-rwsr-xr-x'],
    ['file', 0o4644, '-rwSr--r--'],
    ['file', 0o2755, '-rwxr-sr-x'],
    ['file', 0o2745, '-rwxr-Sr-x'],
    ['directory', 0o1777, 'drwxrwxrwt'],
    ['directory', 0o1776, 'drwxrwxrwT'],
    ['file', 0o7777, '-rwsrwsrwt'],
    ['file', 0o7000, '---S--S--T'],
    ['symlink', 0o777, 'lrwxrwxrwx'],
    ['char', 0o666, 'crw-rw-rw-'],
    ['block', 0o660, 'brw-rw----'],
    ['fifo', 0o600, 'prw-------'],
    ['hardlink', 0o755, '-rwxr-xr-x'],
    ['other', 0o644, '?rw-r--r--'],
  ];
  it.each(cases)('%s %o is %s', (type, mode, want) => {
    expect(formatMode(type, mode)).toBe(want);
  });
});
