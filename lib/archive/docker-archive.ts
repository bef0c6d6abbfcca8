/**
 * A tar that `docker load`, `podman load` and `skopeo … docker-archive:`
 * accept: the layout `docker save` wrote before Docker 25 (moby
 * image/spec/v1.2.md and image/tarexport), which every version still loads.
 *
 *   <diff-id hex>/          one directory per distinct layer
 *   <diff-id hex>/layer.tar the layer, uncompressed: its sha256 is the diff_id
 *   <config hex>.json       the config, byte for byte as the registry served it
 *   manifest.json           [{"Config": "<config hex>.json", "RepoTags": ["name:tag"],
 *                             "Layers": ["<diff-id hex>/layer.tar", …]}]
 *   repositories            {"name": {"tag": "<top layer directory>"}} (legacy, only with a tag)
 *
 * Layers are written uncompressed because older loaders take the file as
 * the diff itself and key it by its sha256; naming each by its diff_id then
 * makes every name self-checking. Each is hashed as it streams and must
 * match the config's diff_id and the declared size, or the archive errors.
 * One platform only: the format has no notion of an index.
 */
import type { BytesOrigin } from '../bytes-origin';
import { sha256Digest } from '../digest';
import { parseImageConfig } from '../oci/parse';
import { verifyDigestStream } from '../stream/verify-digest';
import { UnsupportedImageError } from './errors';
import { type TarWriterEntry, tarLength } from './tar-encode';
import { type TarInput, tarStream } from './tar-writer';

/** One layer as the archive needs it: uncompressed. */
export interface DockerArchiveLayer {
  /** Length of the uncompressed tar (the layer pipeline counts it while computing the diff_id). */
  size: number;
  /** The uncompressed layer tar. */
  open(): ReadableStream<Uint8Array> | Promise<ReadableStream<Uint8Array>>;
  /**
   * The stream already errors when its bytes do not hash to the diff_id (the
   * layer workers check it as they inflate): skip hashing it a second time.
   * The tar writer still refuses content longer or shorter than `size`.
   */
  verified?: boolean;
}

/** Inputs of `dockerArchive`. */
export interface DockerArchiveOptions {
  /** The image config, exact bytes. */
  config: Uint8Array;
  /** The layers in the config's `rootfs.diff_ids` order. */
  layers: readonly DockerArchiveLayer[];
  /** "name:tag" for `RepoTags` (e.g. "registry.example/app:v1"); absent loads the image untagged. */
  repoTag?: string;
  /** mtime of every entry, seconds since the epoch; default 0 so the same image gives the same bytes. */
  mtime?: number;
  /** Where the layers come from, which decides the advice when a check fails (default: a registry). */
  origin?: BytesOrigin;
}

/** A docker-archive being written. */
export interface DockerArchive {
  readable: ReadableStream<Uint8Array>;
  /** Exact length of the archive in bytes. */
  length: number;
  /** The parsed `manifest.json`. */
  manifest: DockerArchiveManifest[];
}

/** One element of `manifest.json`. */
export interface DockerArchiveManifest {
  Config: string;
  RepoTags: string[] | null;
  Layers: string[];
}

/** Builds the docker-archive tar of one image; rejects with UnsupportedImageError when layers and diff_ids disagree. */
export async function dockerArchive(options: DockerArchiveOptions): Promise<DockerArchive> {
  const config = parseImageConfig(options.config);
  const diffIds = config.rootfs.diff_ids;
  if (diffIds.length !== options.layers.length) {
    throw new UnsupportedImageError(
      `the config lists ${diffIds.length} diff_ids but ${options.layers.length} layers were given`,
      'Every layer of the image is needed for a docker-archive; wait until all of them are downloaded.',
    );
  }
  const mtime = options.mtime ?? 0;
  const configDigest = await sha256Digest(options.config);
  const configName = `${hexOf(configDigest)}.json`;
  const layerNames = diffIds.map((d) => `${hexOf(d)}/layer.tar`);
  const repo = options.repoTag === undefined ? undefined : splitRepoTag(options.repoTag);
  const manifest: DockerArchiveManifest[] = [
    { Config: configName, RepoTags: repo === undefined ? null : [`${repo.name}:${repo.tag}`], Layers: layerNames },
  ];

  const encoder = new TextEncoder();
  const inputs: { entry: TarWriterEntry; bytes?: Uint8Array; layer?: number }[] = [];
  const written = new Set<string>();
  diffIds.forEach((diffId, i) => {
    const dir = hexOf(diffId);
    // Two layers with one diff_id (an empty layer repeated) share a directory.
    if (written.has(dir)) return;
    written.add(dir);
    inputs.push({ entry: { path: `${dir}/`, type: 'directory', mode: 0o755, mtime } });
    inputs.push({ entry: { path: layerNames[i], type: 'file', mode: 0o644, size: options.layers[i].size, mtime }, layer: i });
  });
  const file = (path: string, bytes: Uint8Array) => inputs.push({ entry: { path, type: 'file', mode: 0o644, size: bytes.length, mtime }, bytes });
  file(configName, options.config);
  file('manifest.json', encoder.encode(JSON.stringify(manifest)));
  if (repo !== undefined && diffIds.length > 0) {
    file('repositories', encoder.encode(JSON.stringify({ [repo.name]: { [repo.tag]: hexOf(diffIds[diffIds.length - 1]) } })));
  }

  async function* tarInputs(): AsyncGenerator<TarInput, void, undefined> {
    for (const input of inputs) {
      if (input.layer === undefined) {
        yield input.bytes === undefined ? { entry: input.entry } : { entry: input.entry, content: input.bytes };
        continue;
      }
      const layer = options.layers[input.layer];
      const stream = await layer.open();
      if (layer.verified) {
        yield { entry: input.entry, content: stream };
        continue;
      }
      const check = verifyDigestStream({ want: diffIds[input.layer], subject: `layer ${input.layer} diff_id`, expectedSize: layer.size, origin: options.origin });
      yield { entry: input.entry, content: stream.pipeThrough(check) };
    }
  }

  return { readable: tarStream(tarInputs()), length: tarLength(inputs.map((i) => i.entry)), manifest };
}

function hexOf(digest: string): string {
  return digest.slice(digest.indexOf(':') + 1);
}

/** "host:5000/app:v1" → name "host:5000/app", tag "v1"; no tag means "latest" (the docker reference default). */
function splitRepoTag(repoTag: string): { name: string; tag: string } {
  const colon = repoTag.lastIndexOf(':');
  if (colon > repoTag.lastIndexOf('/')) return { name: repoTag.slice(0, colon), tag: repoTag.slice(colon + 1) };
  return { name: repoTag, tag: 'latest' };
}
