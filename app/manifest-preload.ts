/**
 * The first view waits on a chain: the page's scripts load and hydrate, then
 * the manifest, then the config. The manifest's URL is known from the page's
 * own URL, so the document asks the browser to fetch it at once
 * (`<link rel="preload" as="fetch">`), in parallel with the scripts; the
 * inspection's fetch of the same URL then takes the answer already there,
 * trace header included. No request is added: the preload is the request the
 * page makes.
 */
import { preload } from 'react-dom';
import { topManifestReference } from '@/lib/inspect/inspect-image';
import { manifestProxyUrl } from '@/lib/inspect/proxy-client';
import { parseReference, type Reference } from '@/lib/reference';

/** Preloads the first manifest of `/?image=…` when the request is a document load (`Sec-Fetch-Dest: document`). */
export function preloadTopManifest(image: string | undefined, fetchDest: string | null): void {
  // A document load is always anonymous (credentials live in a tab's memory
  // only), so its fetch matches an anonymous preload. A client navigation may
  // carry credentials, which the preload could not: it would be a second,
  // anonymous GET of the manifest (a pull counted against the server on Docker Hub).
  if (fetchDest !== 'document' || !image) return;
  let reference: Reference;
  try {
    reference = parseReference(image);
  } catch {
    return; // the page reports the bad reference itself
  }
  // crossOrigin 'anonymous' gives the preload fetch()'s own mode (cors, same-origin credentials), so the two match.
  preload(manifestProxyUrl(reference, topManifestReference(reference)), { as: 'fetch', crossOrigin: 'anonymous' });
}
