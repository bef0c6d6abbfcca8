import { describe, expect, it } from 'vitest';
import type { TagsPage } from '@/lib/inspect/list-tags';
import { readTagPages } from '@/lib/inspect/read-tag-pages';

/** A listing of `count` pages of one tag each, counting the pages asked for; `onAsk` runs as each is asked. */
function listing(count: number, onAsk: (page: number) => void = () => {}) {
  const asked = { pages: 0 };
  async function* pages(): AsyncGenerator<TagsPage, void, undefined> {
    for (let i = 0; i < count; i++) {
      asked.pages++;
      onAsk(i);
      yield { tags: [`t${i}`], more: i < count - 1, repeated: 0 };
    }
  }
  return { pages: pages(), asked };
}

describe('readTagPages', () => {
  it('reads on to the end of the list, handing over each page', async () => {
    const { pages, asked } = listing(5);
    const heard: string[] = [];
    expect(await readTagPages(pages, { maxPages: 100, onPage: (p) => heard.push(...p.tags) })).toBe('all');
    expect(heard).toEqual(['t0', 't1', 't2', 't3', 't4']);
    expect(asked.pages).toBe(5);
  });

  it('stops at its page bound, saying more follow; a next call goes on from there', async () => {
    const { pages, asked } = listing(5);
    const heard: string[] = [];
    expect(await readTagPages(pages, { maxPages: 2, onPage: (p) => heard.push(...p.tags) })).toBe('bounded');
    expect(asked.pages).toBe(2);
    expect(await readTagPages(pages, { maxPages: 10, onPage: (p) => heard.push(...p.tags) })).toBe('all');
    expect(heard).toEqual(['t0', 't1', 't2', 't3', 't4']);
  });

  it('asks for no page after a stop, keeping the page under way', async () => {
    const stop = new AbortController();
    // The stop comes while the second page is asked for.
    const { pages, asked } = listing(5, (i) => i === 1 && stop.abort());
    const heard: string[] = [];
    expect(await readTagPages(pages, { maxPages: 100, stop: stop.signal, onPage: (p) => heard.push(...p.tags) })).toBe('stopped');
    expect(heard).toEqual(['t0', 't1']);
    expect(asked.pages).toBe(2);
  });

  it('ends with a listing that ends without saying so', async () => {
    async function* pages(): AsyncGenerator<TagsPage, void, undefined> {
      yield { tags: ['a'], more: true, repeated: 0 };
    }
    expect(await readTagPages(pages(), { maxPages: 10, onPage: () => {} })).toBe('all');
  });

  it('throws a failed page, the pages before it heard', async () => {
    async function* pages(): AsyncGenerator<TagsPage, void, undefined> {
      yield { tags: ['a'], more: true, repeated: 0 };
      throw new Error('the registry went away');
    }
    const heard: string[] = [];
    await expect(readTagPages(pages(), { maxPages: 10, onPage: (p) => heard.push(...p.tags) })).rejects.toThrow('the registry went away');
    expect(heard).toEqual(['a']);
  });
});
