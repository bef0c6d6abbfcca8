import { describe, expect, it } from 'vitest';
import { UnsafePathError } from '@/lib/fs/errors';
import { canonicalViewPath, joinPath, normalizeLayerPath, parentPath } from '@/lib/fs/path';
import { PullscopeError } from '@/lib/errors';

describe('normalizeLayerPath', () => {
  const good: Array<[raw: string, want: string]> = [
    ['usr/bin/env', '/usr/bin/env'],
    ['./usr/bin/', '/usr/bin'],
    ['usr//bin', '/usr/bin'],
    ['usr/./bin/.', '/usr/bin'],
    ['./', '/'],
    ['.', '/'],
    ['././etc', '/etc'],
    ['etc/', '/etc'],
    ['a..b/..c/c..', '/a..b/..c/c..'],
    ['.hidden/.wh.x', '/.hidden/.wh.x'],
    ['dir with space/ü', '/dir with space/ü'],
    // As docker extracts them (filepath.Clean, then Join under the root): a leading "/" is the root, ".." within it steps back.
    ['/etc/passwd', '/etc/passwd'],
    ['/abs/absolute.txt', '/abs/absolute.txt'],
    ['/', '/'],
    ['//x', '/x'],
    ['/./etc/', '/etc'],
    ['a/..', '/'],
    ['usr/lib/../bin', '/usr/bin'],
    ['/a/../b', '/b'],
  ];
  it.each(good)('canonicalizes %j', (raw, want) => {
    expect(normalizeLayerPath(raw)).toBe(want);
  });

  const refused: Array<[raw: string, why: RegExp]> = [
    ['../etc/passwd', /"\.\." climbs above the root/],
    ['usr/../../etc', /"\.\." climbs above the root/],
    ['./..', /"\.\." climbs above the root/],
    ['/../etc/passwd', /"\.\." climbs above the root/],
    ['', /empty/],
  ];
  it.each(refused)('refuses %j', (raw, why) => {
    let caught: unknown;
    try {
      normalizeLayerPath(raw, 4096);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UnsafePathError);
    expect(caught).toBeInstanceOf(PullscopeError);
    const err = caught as UnsafePathError;
    expect(err.code).toBe('UNSAFE_PATH');
    expect(err.offset).toBe(4096);
    expect(err.message).toContain(JSON.stringify(raw));
    expect(err.message).toContain('byte 4096');
    expect(err.message).toMatch(why);
    expect(err.toWire()).toMatchObject({ code: 'UNSAFE_PATH', path: raw, offset: 4096 });
  });

  it('gives an escape and an empty name each its own hint', () => {
    const hint = (raw: string) => {
      try {
        normalizeLayerPath(raw);
      } catch (err) {
        return (err as UnsafePathError).suggestion;
      }
      return 'accepted';
    };
    expect(hint('../x')).toContain('outside its root');
    expect(hint('')).toContain('no name');
    expect(hint('')).not.toContain('outside its root');
  });
});

describe('joinPath and parentPath', () => {
  it.each([
    ['/', 'etc', '/etc'],
    ['/usr', 'bin', '/usr/bin'],
  ])('joinPath(%j, %j) is %j', (dir, name, want) => {
    expect(joinPath(dir, name)).toBe(want);
  });

  it.each([
    ['/', '/'],
    ['/etc', '/'],
    ['/usr/bin/env', '/usr/bin'],
  ])('parentPath(%j) is %j', (path, want) => {
    expect(parentPath(path)).toBe(want);
  });
});

describe('canonicalViewPath', () => {
  it.each([
    ['/etc/os-release', '/etc/os-release'],
    ['etc/os-release', '/etc/os-release'],
    ['/etc/', '/etc'],
    ['//usr//bin/./env', '/usr/bin/env'],
    ['/usr/lib/../bin', '/usr/bin'],
    ['/../../etc', '/etc'],
    ['/', '/'],
    ['', '/'],
  ])('reads %j as %j', (raw, want) => {
    expect(canonicalViewPath(raw)).toBe(want);
  });
});
