/**
 * The names an archive gives its image, as references a registry can be
 * asked about. `docker save` writes full names in RepoTags
 * ("docker.io/test/layers:v1", or familiar "ubuntu:24.04"); an OCI layout's
 * `org.opencontainers.image.ref.name` is often a bare tag ("v1"), which
 * names no repository and is only a label.
 */
import { formatReference, parseReference } from '../reference';

/** The names that parse as a repository with a tag, canonical and without repeats. */
export function comparableNames(names: readonly string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    if (!name.includes('/') && !name.includes(':')) continue;
    try {
      const reference = parseReference(name);
      if (reference.tag !== undefined && reference.digest === undefined) out.push(formatReference(reference));
    } catch {
      // Not a reference: only a label.
    }
  }
  return [...new Set(out)];
}
