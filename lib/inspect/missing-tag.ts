/**
 * The distribution registry answers a tag of a repository it has never held
 * exactly as it answers a missing tag of one it holds: 404 MANIFEST_UNKNOWN.
 * Its tag list tells the two apart (NAME_UNKNOWN for an unknown repository),
 * so after such a 404, and only then, the first page of one tag is asked for.
 * Whatever else the tag list says (tags, a refusal, no tag listing at all),
 * the manifest's own error stands.
 */
import { isDigest } from '../digest';
import { RegistryError } from '../registry/errors';
import type { ImageSource, RepositoryLocation } from './image-source';

/** The error to show for a failed top manifest: NAME_UNKNOWN when the tag's repository is unknown, else `err` itself. */
export async function explainMissingTag(
  err: unknown,
  source: ImageSource,
  location: RepositoryLocation,
  reference: string,
  signal?: AbortSignal,
): Promise<unknown> {
  if (!(err instanceof RegistryError) || err.code !== 'MANIFEST_UNKNOWN' || isDigest(reference) || !source.getTagsPage) return err;
  try {
    await source.getTagsPage(location, { n: 1 }, signal);
  } catch (listErr) {
    if (listErr instanceof RegistryError && listErr.code === 'NAME_UNKNOWN') return listErr;
  }
  return err;
}
