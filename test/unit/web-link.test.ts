import { describe, expect, it } from 'vitest';
import { webLink } from '@/lib/web-link';

describe('webLink', () => {
  it.each([
    ['an address as the browser writes it', 'https://github.com/owner/app', { href: 'https://github.com/owner/app', rewritten: false }],
    ['a bare host, given its /', 'https://example.com', { href: 'https://example.com/', rewritten: false }],
    ['a FRACTION SLASH in the host, opened in punycode', 'https://github.com\u2044evil.example/x', { href: 'https://github.xn--comevil-3d7c.example/x', rewritten: true }],
    ['a bidi override in the path, percent-encoded', 'https://example.com/\u202emoc.elgoog', { href: 'https://example.com/%E2%80%AEmoc.elgoog', rewritten: true }],
    ['a backslash the browser reads as a slash', 'https://github.com\\@evil/', { href: 'https://github.com/@evil/', rewritten: true }],
    ['a non-ASCII host', 'https://exämple.com/', { href: 'https://xn--exmple-cua.com/', rewritten: true }],
  ])('links %s to what it opens', (_name, value, want) => {
    expect(webLink(value)).toEqual(want);
  });

  it.each([
    ['another scheme', 'javascript:alert(1)'],
    ['a user name before the host', 'https://github.com@evil.example/'],
    ['spaces', 'https://example.com/a b'],
    ['not an address', 'MIT'],
    ['an unparsable address', 'https://exa mple'],
  ])('does not link %s', (_name, value) => {
    expect(webLink(value)).toBeUndefined();
  });
});
