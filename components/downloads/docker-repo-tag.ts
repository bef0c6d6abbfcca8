import { familiarReference, parseReference, type Reference } from '@/lib/reference';

/**
 * The `RepoTags` entry of a `docker load` tar for the image on the page, or
 * undefined for an image that loads untagged. Docker parses the entry as a
 * reference and refuses the whole file over one it cannot read, so a local
 * archive's image gets its own name only when that name is a whole
 * reference with a tag (a docker-archive's RepoTags are; an OCI layout's
 * `ref.name` is often a bare tag such as `1.0`), never the page's label.
 */
export function dockerRepoTag(reference: Reference, fromLocalArchive: boolean): string | undefined {
  if (!fromLocalArchive) {
    // A reference by digest alone names no tag: the image loads untagged.
    return reference.tag === undefined ? undefined : familiarReference({ ...reference, digest: undefined });
  }
  const name = reference.tag;
  if (name === undefined || !name.slice(name.lastIndexOf('/') + 1).includes(':')) return undefined;
  try {
    const parsed = parseReference(name);
    return parsed.tag === undefined ? undefined : familiarReference({ ...parsed, digest: undefined });
  } catch {
    return undefined;
  }
}
