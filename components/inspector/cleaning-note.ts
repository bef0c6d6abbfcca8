/**
 * When a link's `image` is a command line or a web page URL, the server
 * redirects to the reference alone (app/cleaned-image-link.ts) and puts the
 * value it cleaned in the new address's fragment, which no server sees. The
 * page reads it once, takes it out of the address (a link copied afterwards
 * is the clean one), and says what the cleaning removed. The words are made
 * here from that value, and only when it does clean to the image shown: a
 * link cannot put text of its own under the box.
 */
import { cleanReferenceInput, formatReference, parseReference } from '@/lib/reference';

/** The fragment parameter that holds the value the redirect cleaned. */
export const CLEANED_FROM_FRAGMENT = 'cleaned-from';

/** The value the redirect left in this page's address, removed from it; undefined when there is none. */
export function takeCleanedFrom(): string | undefined {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const original = fragment.get(CLEANED_FROM_FRAGMENT);
  if (original === null) return undefined;
  // Keeps the router's history entry state: only the fragment goes.
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  return original;
}

/** What cleaning `original` removed, in words, when it gives `image` (canonical) at `platform`; else undefined. */
export function linkCleaningNote(original: string, image: string, platform: string | undefined): string | undefined {
  const cleaned = cleanReferenceInput(original);
  let canonical: string;
  try {
    canonical = formatReference(parseReference(cleaned.reference));
  } catch {
    return undefined;
  }
  if (canonical !== image || !cleaned.note) return undefined;
  let note = cleaned.note;
  // The link's own platform wins over the command's (cleaned-image-link.ts): say which one is shown.
  if (cleaned.platform !== undefined && platform !== undefined && platform !== cleaned.platform) {
    note = note.replace(/Using platform \S+ from (the command's flags|the line's --platform)/, `Kept the link's platform ${platform} over ${cleaned.platform} from $1`);
  }
  return `The link's image was more than a reference. ${note}`;
}
