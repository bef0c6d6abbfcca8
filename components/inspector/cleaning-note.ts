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

/**
 * What cleaning `original` removed, when it gives `image` (the link's reference, in any form) at `platform`; else
 * undefined. In fixed words: the value came from a link, so no word of it (a flag's name, a platform) is repeated.
 */
export function linkCleaningNote(original: string, image: string, platform: string | undefined): string | undefined {
  const cleaned = cleanReferenceInput(original);
  if (!cleaned.note || canonical(cleaned.reference) === undefined || canonical(cleaned.reference) !== canonical(image)) return undefined;
  const notes = ["The link's image was a command line or a web address: only its image reference is kept"];
  // The link's own platform wins over the command's (cleaned-image-link.ts).
  if (cleaned.platform !== undefined) {
    notes.push(platform === cleaned.platform ? 'the platform is the one its command asked for' : "the link's own platform is kept over its command's");
  }
  if (cleaned.note.includes('Took ')) notes.push('a flag in the command is not one Pullscope knows, and the word after it was taken as the image: check it');
  if (cleaned.note.includes('Dropped the credentials')) notes.push('the credentials in it were dropped; enter them under Private repository');
  return `${notes.join('; ')}.`;
}

function canonical(reference: string): string | undefined {
  try {
    return formatReference(parseReference(reference));
  } catch {
    return undefined;
  }
}
