/**
 * When a link's `image` is a command line or a web page URL, the server
 * redirects to the reference alone (app/cleaned-image-link.ts) and puts what
 * it removed in the new address's fragment, which no server sees. The page
 * reads it once, says it under the reference box, and takes it out of the
 * address, so a link copied afterwards is the clean one.
 */

/** The fragment parameter that holds the note. */
export const CLEANED_NOTE_FRAGMENT = 'cleaned';

/** The note the redirect left in this page's address, removed from it; undefined when there is none. */
export function takeCleaningNote(): string | undefined {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const note = fragment.get(CLEANED_NOTE_FRAGMENT);
  if (note === null) return undefined;
  // Keeps the router's history entry state: only the fragment goes.
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  return note || undefined;
}
