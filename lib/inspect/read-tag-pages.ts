import type { TagsPage } from './list-tags';

/** Options of readTagPages. */
export interface ReadTagPagesOptions {
  /** Pages read at most in this call: a repository may have tens of thousands of tags, and each page is a request. */
  maxPages: number;
  /** Aborted: no page is asked for after the one under way. */
  stop?: AbortSignal;
  /** Hears each page as it arrives, so what is read shows while the rest loads. */
  onPage: (page: TagsPage) => void;
}

/** How a readTagPages call ended: the list's end, a stop, or its page bound with more to follow. */
export type TagPagesEnd = 'all' | 'stopped' | 'bounded';

/**
 * Reads a tag listing's next pages (listTags) until the registry's list ends, as `crane ls` reads it whole, but
 * bounded and stoppable, since the user waits on it in a page. A failed page throws; the pages before it were heard.
 */
export async function readTagPages(pages: AsyncIterator<TagsPage, void, undefined>, options: ReadTagPagesOptions): Promise<TagPagesEnd> {
  for (let read = 0; read < options.maxPages; read++) {
    if (options.stop?.aborted) return 'stopped';
    const next = await pages.next();
    if (next.done) return 'all';
    options.onPage(next.value);
    if (!next.value.more) return 'all';
  }
  return 'bounded';
}
