import { describe, expect, it } from 'vitest';
import { nextLinkUri, parseLinkHeader, type LinkValue } from '@/lib/registry/link-header';

describe('parseLinkHeader', () => {
  const cases: [name: string, header: string, want: LinkValue[]][] = [
    [
      'distribution tag list page',
      '</v2/test/tags/tags/list?last=t2&n=2>; rel="next"',
      [{ uri: '/v2/test/tags/tags/list?last=t2&n=2', params: { rel: 'next' } }],
    ],
    ['unquoted rel', '<https://r.test/a>;rel=next', [{ uri: 'https://r.test/a', params: { rel: 'next' } }]],
    [
      'two links, a comma inside the URI and inside a quoted title',
      '<https://r.test/a?x=1,2>; rel="prev"; title="a, b", </b>; rel="next"',
      [
        { uri: 'https://r.test/a?x=1,2', params: { rel: 'prev', title: 'a, b' } },
        { uri: '/b', params: { rel: 'next' } },
      ],
    ],
    ['escaped quote in a parameter', '</a>; title="say \\"hi\\""', [{ uri: '/a', params: { title: 'say "hi"' } }]],
    ['parameter names are case-insensitive; the first rel wins', '</a>; REL="next"; rel="prev"', [{ uri: '/a', params: { rel: 'next' } }]],
    ['a parameter without a value', '</a>; crossorigin; rel=next', [{ uri: '/a', params: { crossorigin: '', rel: 'next' } }]],
    ['garbage before a good link is skipped', 'nonsense, </a>; rel=next', [{ uri: '/a', params: { rel: 'next' } }]],
    ['unterminated URI', '</a; rel=next', []],
    ['empty', '', []],
  ];

  it.each(cases)('%s', (_name, header, want) => {
    expect(parseLinkHeader(header)).toEqual(want);
  });
});

describe('nextLinkUri', () => {
  it.each([
    ['</a>; rel="prev", </b>; rel="next"', '/b'],
    ['</a>; rel="next last"', '/a'],
    ['</a>; rel="NEXT"', '/a'],
    ['</a>; rel="prev"', undefined],
    [null, undefined],
  ])('%s -> %s', (header, want) => {
    expect(nextLinkUri(header)).toBe(want);
  });
});
