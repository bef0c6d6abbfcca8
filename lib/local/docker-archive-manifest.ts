/**
 * The manifest.json of a docker-archive, as `docker save` writes it (moby
 * image/tarexport, `manifestItem`) and `skopeo copy … docker-archive:` too:
 *
 *   manifest.json ::= [ item+ ]
 *   item          ::= { "Config": path, "RepoTags": [ name:tag ]? | null, "Layers": [ path ],
 *                       "Parent"?: string, "LayerSources"?: { digest: descriptor } }
 *
 * Paths are relative to the archive's root. Before Docker 25 a layer is
 * `<v1 id>/layer.tar` and the config `<hex>.json`; skopeo writes
 * `<diff_id hex>.tar`; Docker 25 and later point into the OCI layout it
 * also writes (`blobs/sha256/<hex>`). Every layer is an uncompressed tar.
 */
import { BadArchiveError } from './errors';

/** One image of a docker-archive. */
export interface DockerArchiveItem {
  config: string;
  repoTags: string[];
  layers: string[];
}

/** Parses manifest.json; throws BadArchiveError naming what is wrong. */
export function parseDockerArchiveManifest(bytes: Uint8Array): DockerArchiveItem[] {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw new BadArchiveError('manifest.json in the archive is not JSON', { cause: err });
  }
  if (!Array.isArray(value) || value.length === 0) throw new BadArchiveError('manifest.json in the archive is not a non-empty array of images');
  return value.map((item, i) => {
    const where = `manifest.json[${i}]`;
    if (typeof item !== 'object' || item === null) throw new BadArchiveError(`${where} is not an object`);
    const { Config, RepoTags, Layers } = item as Record<string, unknown>;
    if (typeof Config !== 'string' || Config === '') throw new BadArchiveError(`${where}.Config is not a path`);
    if (!Array.isArray(Layers) || !Layers.every((l) => typeof l === 'string')) throw new BadArchiveError(`${where}.Layers is not a list of paths`);
    if (RepoTags !== undefined && RepoTags !== null && !(Array.isArray(RepoTags) && RepoTags.every((t) => typeof t === 'string'))) {
      throw new BadArchiveError(`${where}.RepoTags is not a list of names`);
    }
    return { config: Config, repoTags: (RepoTags as string[] | null | undefined) ?? [], layers: Layers as string[] };
  });
}
