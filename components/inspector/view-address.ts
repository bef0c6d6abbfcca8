'use client';

import { useLayoutEffect, useSyncExternalStore } from 'react';
import { useSearchParams } from 'next/navigation';

/**
 * The view the page shows (`/?image=…&layer=…&path=…`) and the address that
 * names it, moved through the browser's history alone. Every view is
 * rendered in the tab from what it holds or fetches itself: asking the
 * server to render the page again for each click (router.push) only added
 * its latency, and a server out of reach for a moment turned the click into
 * a page load that lost the tab's memory (credentials, verified layers, the
 * trace).
 *
 * As with a router navigation, the address changes once the view it names
 * has been rendered: the new view is rendered from the asked parameters,
 * then the history entry is written (Next.js keeps `useSearchParams` in step
 * with `history.pushState`), and the asked parameters give way once
 * `useSearchParams` reads the same.
 */

interface AskedView {
  url: string;
  replace: boolean;
  params: URLSearchParams;
  written: boolean;
}

let asked: AskedView | undefined;
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of [...listeners]) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Shows the view `url` names (same page), as a new history entry or in place of the current one. */
export function showView(url: string, replace = false): void {
  asked = { url, replace, params: new URL(url, window.location.href).searchParams, written: false };
  notify();
}

/** The parameters of the view to show: the one asked for until the address names it, then the address's. */
export function useViewParams(): Pick<URLSearchParams, 'get' | 'has' | 'toString'> {
  const addressed = useSearchParams();
  const view = useSyncExternalStore(subscribe, () => asked, () => undefined);
  useLayoutEffect(() => {
    if (!view) return;
    if (!view.written) {
      view.written = true;
      if (view.replace) window.history.replaceState(null, '', view.url);
      else window.history.pushState(null, '', view.url);
    }
    if (addressed.toString() === view.params.toString() && asked === view) {
      asked = undefined;
      notify();
    }
  }, [view, addressed]);
  useLayoutEffect(() => {
    // Back and Forward name the view themselves.
    const onPop = () => {
      if (asked === undefined) return;
      asked = undefined;
      notify();
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  return view?.params ?? addressed;
}
