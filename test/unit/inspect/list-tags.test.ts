import { describe, expect, it } from 'vitest';
import { BadTagListError, listTags, nextTagsPage, parseTagList, type TagsPage } from '@/lib/inspect/list-tags';
import type { ProxyClient } from '@/lib/inspect/proxy-client';

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

describe('listTags', () => {
  const encoder = new TextEncoder();
  /** A registry whose pages are these, in order, each with a next link to the last tag sent. */
  function registry(pages: string[][]) {
    const asked: Array<string | undefined> = [];
    const client = {
      async getTagsPage(_location: unknown, page: { last?: string }) {
        asked.push(page.last);
        const tags = pages[Math.min(asked.length - 1, pages.length - 1)];
        const more = asked.length < pages.length;
        return { bytes: encoder.encode(JSON.stringify({ name: 'r', tags })), link: more ? `</v2/r/tags/list?last=${tags.at(-1)}&n=2>; rel="next"` : undefined };
      },
    };
    return { client: client as unknown as ProxyClient, asked };
  }
  const collect = async (client: ProxyClient) => {
    const pages: TagsPage[] = [];
    for await (const page of listTags(client, { apiHost: 'r.test', repository: 'r' }, { pageSize: 2 })) pages.push(page);
    return pages;
  };

  it('lists each tag once when a registry that ignores `last` repeats its page, says how many came again, and stops', async () => {
    const { client, asked } = registry([['a', 'b'], ['a', 'b'], ['a', 'b']]);
    const pages = await collect(client);
    expect(pages).toEqual([
      { tags: ['a', 'b'], more: true, repeated: 0 },
      { tags: [], more: false, repeated: 2 },
    ]);
    expect(asked).toEqual([undefined, 'b']);
  });

  it('drops a tag a page repeats, and goes on while pages bring new ones', async () => {
    const { client } = registry([['a', 'b'], ['b', 'c'], ['d']]);
    const pages = await collect(client);
    expect(pages.map((p) => p.tags)).toEqual([['a', 'b'], ['c'], ['d']]);
    expect(pages.map((p) => p.repeated)).toEqual([0, 1, 0]);
  });
});
