import { describe, expect, it } from 'vitest';
import { BadTagListError, nextTagsPage, parseTagList } from '@/lib/inspect/list-tags';

describe('nextTagsPage', () => {
  it.each([
    ['relative, as distribution sends it', '</v2/test/tags/tags/list?last=t2&n=2>; rel="next"', { last: 't2', n: 2 }],
    ['absolute, as some registries send it', '<https://ghcr.test/v2/o/r/tags/list?n=100&last=v1.0.0>; rel="next"', { last: 'v1.0.0', n: 100 }],
    ['encoded last', '</v2/r/tags/list?last=a%2Bb&n=5>; rel="next"', { last: 'a+b', n: 5 }],
    ['no n', '</v2/r/tags/list?last=x>; rel="next"', { last: 'x' }],
    ['n that is not a count', '</v2/r/tags/list?last=x&n=-1>; rel="next"', { last: 'x' }],
  ])('%s', (_name, header, want) => {
    expect(nextTagsPage(header)).toEqual(want);
  });

  it('is undefined without a next link', () => {
    expect(nextTagsPage(undefined)).toBeUndefined();
    expect(nextTagsPage('</v2/r/tags/list?last=x>; rel="prev"')).toBeUndefined();
  });
});

describe('parseTagList', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it.each([
    ['a page', '{"name":"a","tags":["v1","v2"]}', ['v1', 'v2']],
    ['a repository without tags (distribution sends null)', '{"name":"a","tags":null}', []],
    ['no tags field', '{"name":"a"}', []],
  ])('reads %s', (_name, text, want) => {
    expect(parseTagList(bytes(text))).toEqual(want);
  });

  it.each([
    ['not JSON', '<html>'],
    ['an array', '["v1"]'],
    ['tags that are not strings', '{"tags":[1]}'],
  ])('refuses %s', (_name, text) => {
    expect(() => parseTagList(bytes(text))).toThrow(BadTagListError);
  });
});
