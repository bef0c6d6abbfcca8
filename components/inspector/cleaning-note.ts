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
import { SECRET_KINDS } from '@/lib/secret-like';

/** The fragment parameter that holds the value the redirect cleaned. */
export const CLEANED_FROM_FRAGMENT = 'cleaned-from';

/** The fragment parameter that says a credential was taken out of the link's image: 'dropped', or the kind found. */
export const REMOVED_SECRET_FRAGMENT = 'removed-secret';

/** What the redirect left in this page's address (the value it cleaned, the credential it removed), taken out of it. */
export function takeLinkFragment(): { cleanedFrom?: string; removedSecret?: string } {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const cleanedFrom = fragment.get(CLEANED_FROM_FRAGMENT) ?? undefined;
  const removedSecret = fragment.get(REMOVED_SECRET_FRAGMENT) ?? undefined;
  if (cleanedFrom === undefined && removedSecret === undefined) return {};
  // Keeps the router's history entry state: only the fragment goes.
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  return { cleanedFrom, removedSecret };
}

/** What the page says of a credential the redirect removed from the link's image, in fixed words; undefined for an unknown value. */
export function removedSecretNote(removed: string): string | undefined {
  if (removed === 'dropped') return "The link's image held credentials: they were taken out of the address and not used; enter them under Private repository.";
  if (!SECRET_KINDS.has(removed)) return undefined;
  return `The link's image looked like ${removed}, not an image reference: it was taken out of the address and not used.`;
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
  // The run line's note for a flag it does not know: "Took 'x' as the image; if --flag takes a value, the image is 'y'".
  if (cleaned.note.includes(' takes a value, the image is ')) {
    notes.push('a flag in the command is not one Pullscope knows, and the word after it was taken as the image: check it');
  }
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
