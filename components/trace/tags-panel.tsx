'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { asPullscopeError, type PullscopeError } from '@/lib/errors';
import { listTags, type TagsPage } from '@/lib/inspect/list-tags';
import { readTagPages, type TagPagesEnd } from '@/lib/inspect/read-tag-pages';
import type { ProxyClient } from '@/lib/inspect/proxy-client';
import { shownName } from '@/lib/fs/shown-name';
import { formatReference, isValidTag, type Reference } from '@/lib/reference';
import { ViewLink } from '@/components/inspector/view-link';
import { VisibleText } from '@/components/inspector/visible-text';
import { visibleText } from '@/lib/visible-text';
import { Panel } from '@/components/inspector/panel';

/** The view URL that inspects the repository at one tag. */
export function tagUrl(reference: Reference, tag: string): string {
  return `/?${new URLSearchParams({ image: formatReference({ ...reference, tag, digest: undefined }) })}`;
}

// Pages one "Search all tags" reads at most before it asks again: 10,000 tags at 100 a page, each page a request.
const SEARCH_PAGES = 100;

/**
 * The repository's tags, fetched a page at a time (the registry's Link
 * header says where the next page starts), filterable, each a link that
 * inspects it. A filter can search the whole list, reading on page after
 * page; the tag this page shows is listed first, loaded or not.
 */
export function TagsPanel({
  reference,
  client,
  pageSize = 100,
  current,
}: {
  reference: Reference;
  client: ProxyClient;
  pageSize?: number;
  /** The tag this page shows, once the registry has answered for it. */
  current?: string;
}) {
  const [tags, setTags] = useState<string[]>([]);
  const [repeated, setRepeated] = useState(0);
  const [filter, setFilter] = useState('');
  const [status, setStatus] = useState<'loading' | 'more' | 'done' | 'error'>('loading');
  const [error, setError] = useState<PullscopeError | undefined>();
  // A search of the whole list: under way (its stop), or how the last one ended short of the list's end.
  const [search, setSearch] = useState<AbortController | Exclude<TagPagesEnd, 'all'> | undefined>();
  const pages = useRef<AsyncGenerator<TagsPage, void, undefined> | undefined>(undefined);
  const { apiHost, repository } = reference;
  // Read when a listing starts; a new repository starts a new listing (mount with a key to restart on new credentials).
  const clientRef = useRef(client);
  clientRef.current = client;

  /** Reads the next page, or with `stop` the pages up to the list's end (SEARCH_PAGES at most). */
  const loadPages = useCallback(async (generator: AsyncGenerator<TagsPage, void, undefined>, alive: () => boolean, stop?: AbortController) => {
    setStatus('loading');
    setSearch(stop);
    try {
      const end = await readTagPages(generator, {
        maxPages: stop ? SEARCH_PAGES : 1,
        stop: stop?.signal,
        onPage: (page) => {
          if (!alive()) return;
          setTags((seen) => [...seen, ...page.tags]);
          if (page.repeated > 0) setRepeated((n) => n + page.repeated);
        },
      });
      if (!alive()) return;
      setStatus(end === 'all' ? 'done' : 'more');
      setSearch(stop && end !== 'all' ? end : undefined);
    } catch (err) {
      if (!alive()) return;
      setError(asPullscopeError(err));
      setStatus('error');
      setSearch(undefined);
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    const generator = listTags(clientRef.current, { apiHost, repository }, { pageSize, signal: controller.signal });
    pages.current = generator;
    setTags([]);
    setRepeated(0);
    setError(undefined);
    void loadPages(generator, () => !controller.signal.aborted);
    return () => controller.abort();
  }, [apiHost, repository, pageSize, loadPages]);

  const needle = filter.trim().toLowerCase();
  // Old registries (distribution 2.x) answer tags in no particular order; the spec asks for lexical.
  // The tag shown comes first, whether or not its page is loaded: it is the one a user looks for.
  const listed = current === undefined ? [...tags].sort() : [current, ...tags.filter((tag) => tag !== current).sort()];
  const shown = listed.filter((tag) => tag.toLowerCase().includes(needle));
  const generator = pages.current;
  const searching = search instanceof AbortController;

  return (
    <Panel
      title="Tags"
      testId="tags-panel"
      aside={<span className="text-sm text-slate-500 dark:text-slate-400">{tags.length} loaded{status === 'done' ? ' (all)' : ''}</span>}
    >
      <label className="mb-2 block text-sm">
        <span className="text-slate-500 dark:text-slate-400">Filter tags</span>
        <input
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          data-testid="tags-filter"
          className="ml-2 rounded border border-slate-300 px-2 py-0.5 font-mono text-sm dark:border-slate-700 dark:bg-slate-900"
        />
      </label>
      {shown.length > 0 && (
        <ul className="flex max-h-72 flex-wrap gap-2 overflow-auto">
          {shown.map((tag) => (
            <li key={tag}>
              <TagItem reference={reference} tag={tag} current={tag === current} />
              {tag === current && <span className="ml-1 text-xs text-slate-500 dark:text-slate-400">(current)</span>}
            </li>
          ))}
        </ul>
      )}
      {repeated > 0 && <RepeatedTagsNote count={repeated} />}
      {status === 'done' && tags.length === 0 && <p className="text-sm text-slate-500 dark:text-slate-400">This repository has no tags.</p>}
      {status !== 'loading' && tags.length > 0 && shown.length === 0 && (
        <p className="text-sm text-slate-500 dark:text-slate-400">
          No {status === 'done' ? '' : 'loaded '}tag contains “<VisibleText text={filter.trim()} />”.
        </p>
      )}
      {status === 'loading' && !searching && <p className="text-sm text-slate-500 dark:text-slate-400">Loading tags…</p>}
      {searching && (
        <p role="status" data-testid="tags-search-progress" className="mt-2 text-sm text-slate-500 dark:text-slate-400">
          Searching all tags: {tags.length.toLocaleString('en-US')} loaded…{' '}
          <button type="button" data-testid="tags-search-stop" onClick={() => search.abort()} className={buttonClass}>
            Stop
          </button>
        </p>
      )}
      {status === 'more' && search !== undefined && !searching && (
        <p data-testid="tags-search-end" className="mt-2 text-sm text-slate-500 dark:text-slate-400">
          {search === 'stopped' ? 'Search stopped' : `Searched ${SEARCH_PAGES} more pages`}: {tags.length.toLocaleString('en-US')} tags loaded, more follow.
        </p>
      )}
      {status === 'more' && generator && (
        <div className="mt-2 flex flex-wrap gap-2">
          {needle !== '' && (
            // The filter sees only the loaded pages: searching reads on to the list's end, as `crane ls` does.
            <button type="button" data-testid="tags-search-all" onClick={() => void loadPages(generator, () => pages.current === generator, new AbortController())} className={buttonClass}>
              {search === undefined ? 'Search all tags' : 'Search on'}
            </button>
          )}
          <button type="button" data-testid="tags-more" onClick={() => void loadPages(generator, () => pages.current === generator)} className={buttonClass}>
            Load the next {pageSize}
          </button>
        </div>
      )}
      {status === 'error' && error && (
        <p data-testid="tags-error" className="text-sm text-red-700 dark:text-red-400">
          {visibleText(error.message, { multiline: true })}
          {error.suggestion ? ` ${visibleText(error.suggestion, { multiline: true })}` : ''}
        </p>
      )}
    </Panel>
  );
}

/**
 * One listed tag: a link that inspects it, or, for a name the tag grammar
 * refuses (markup, spaces, format characters), its name made visible and
 * marked, unlinked: no reference can carry it, so no pull can follow it.
 */
export function TagItem({ reference, tag, current = false }: { reference: Reference; tag: string; current?: boolean }) {
  if (!isValidTag(tag)) {
    return (
      <span
        data-testid="tag-invalid"
        title="Not a valid tag: tags use letters, digits, '_', '.' and '-' (at most 128, not starting with '.' or '-'), so no reference can name this one"
        className="inline-block rounded border border-dashed border-amber-500 px-2 py-0.5 font-mono text-xs text-slate-700 dark:text-slate-300"
      >
        {shownName(tag)} <span className="font-sans text-amber-700 dark:text-amber-400">(not a valid tag)</span>
      </span>
    );
  }
  return (
    <ViewLink
      href={tagUrl(reference, tag)}
      data-testid="tag-link"
      aria-current={current ? 'true' : undefined}
      className="inline-block rounded border border-slate-200 px-2 py-0.5 font-mono text-xs text-sky-700 hover:bg-slate-100 aria-[current=true]:font-bold dark:border-slate-800 dark:text-sky-400 dark:hover:bg-slate-800"
    >
      {tag}
    </ViewLink>
  );
}

/** Said when the registry sent tags again that an earlier page listed: it repeated its page (it may ignore `last`). */
export function RepeatedTagsNote({ count }: { count: number }) {
  return (
    <p data-testid="tags-repeated" className="mt-2 text-sm text-amber-700 dark:text-amber-400">
      The registry repeated its page: {count} {count === 1 ? 'tag' : 'tags'} it had already listed came again (it may ignore the{' '}
      <code className="font-mono">last</code> parameter). Each tag is listed once.
    </p>
  );
}

const buttonClass = 'rounded border border-slate-300 px-2 py-0.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800';
