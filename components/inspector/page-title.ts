import { familiarReference, parseReference } from '@/lib/reference';

/** The title of a page that shows no image. */
export const SITE_TITLE = 'Pullscope — docker pull, in the open';

/** What a view URL names: the image (or a local archive's label), and the layer and path open in it. */
export interface TitledView {
  image?: string;
  /** A local archive's label, shown where a registry image's reference would be. */
  archive?: string;
  layer?: string;
  /** The open path as the URL shows it. */
  path?: string;
}

/**
 * The document title of a view: the open file (or layer), the image as docker names it, the site: "/etc/os-release ·
 * ubuntu:24.04 — Pullscope". Read from the URL alone, so the server's title and the page's agree. The image is
 * parsed and written out again: only a reference goes into it, never anything else the parameter carried.
 */
export function viewTitle(view: TitledView): string {
  let subject = view.archive;
  if (view.image) {
    try {
      subject = familiarReference(parseReference(view.image));
    } catch {
      return SITE_TITLE;
    }
  }
  if (!subject) return SITE_TITLE;
  // A layer by its short digest, as docker prints layer IDs: its number is known only once the manifest is.
  const open = view.path ?? (view.layer && view.layer !== 'merged' ? `layer ${view.layer.replace(/^(\w+:\w{12})\w*$/, '$1')}` : undefined);
  return `${open ? `${open} · ` : ''}${subject} — Pullscope`;
}
