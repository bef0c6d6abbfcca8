import { describe, expect, it } from 'vitest';
import { formatDevice, formatOwner, xattrsWords } from '@/lib/fs/listing-fields';

describe('formatOwner', () => {
  it.each([
    ['names and numbers, as tar -tvv names them', { uid: 65534, gid: 65534, uname: 'nobody', gname: 'nogroup' }, 'nobody/nogroup (65534:65534)'],
    ['root', { uid: 0, gid: 0, uname: 'root', gname: 'root' }, 'root/root (0:0)'],
    ['numbers alone when the header names no one', { uid: 1000, gid: 1000, uname: '', gname: '' }, '1000:1000'],
    ['a number where one name is missing, as tar prints it', { uid: 1000, gid: 50, uname: '', gname: 'staff' }, '1000/staff (1000:50)'],
    ['a name that would hide text, escaped', { uid: 1, gid: 2, uname: 'ev\u202eil', gname: 'a\nb' }, 'ev\\u202eil/a\\nb (1:2)'],
  ])('%s', (_, owner, want) => {
    expect(formatOwner(owner)).toBe(want);
  });
});

describe('formatDevice', () => {
  it('reads major,minor as tar -tv does', () => {
    expect(formatDevice(1, 3)).toBe('1,3');
    expect(formatDevice(259, 0)).toBe('259,0');
    expect(formatDevice(undefined, undefined)).toBe('0,0');
  });
});

describe('xattrsWords', () => {
  it('names each attribute and calls security.capability file capabilities', () => {
    expect(xattrsWords(['security.capability'])).toBe('extended attribute security.capability (file capabilities)');
    expect(xattrsWords(['security.selinux', 'user.\u200bx'])).toBe('extended attributes security.selinux, user.\\u200bx');
  });
});
