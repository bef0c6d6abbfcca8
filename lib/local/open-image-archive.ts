/**
 * Opens an image archive from the user's disk and finds its images:
 *
 *   archive ::= oci-layout | docker-archive
 *   oci-layout     ::= "oci-layout", "index.json", "blobs/<alg>/<hex>"…  (image-spec image-layout.md)
 *   docker-archive ::= "manifest.json", config, layer tars               (moby image/tarexport)
 *
 * Docker 25 and later write both in one tar; the OCI layout is read then,
 * because it holds the manifests themselves. Either may sit in one folder
 * that holds the whole archive (layout-folder.ts). An archive with only a
 * manifest.json gets a synthesized manifest (synthesized-manifest.ts).
 */
import { DigestMismatchError, isDigest, sha256Digest } from '../digest';
import type { Descriptor, ImageIndex } from '../oci/documents';
import { MediaType } from '../oci/media-types';
import { MAX_CONFIG_BYTES, parseImageConfig, parseManifestDocument } from '../oci/parse';
import type { ArchiveFiles, ArchiveMember } from './archive-files';
import { ArchiveImageSource, type ArchiveImage } from './archive-image-source';
import { parseDockerArchiveManifest, type DockerArchiveItem } from './docker-archive-manifest';
import { BadArchiveError, MissingArchiveFileError } from './errors';
import { folderFiles, type FolderFile } from './folder-files';
import { filesFromLayoutFolder } from './layout-folder';
import { openArchiveFiles } from './open-archive-files';
import { synthesizeManifest } from './synthesized-manifest';

/** The annotation naming a reference in index.json (image-spec annotations.md). */
const REF_NAME = 'org.opencontainers.image.ref.name';
/** containerd's (and Docker 25's) full image name in index.json. */
const CONTAINERD_NAME = 'io.containerd.image.name';
const MAX_INDEX_BYTES = 4 * 1024 * 1024;

/** Opens a tar, gzip'd tar or zip (a Blob or File), or the files of a folder, as an image archive. */
export async function openImageArchive(input: Blob | readonly FolderFile[]): Promise<ArchiveImageSource> {
  const files = input instanceof Blob ? await openArchiveFiles(input) : folderFiles(input);
  return readImageArchive(files);
}

/** Finds the images of archive files already listed (at their root, or in the one folder that holds them all). */
export async function readImageArchive(listed: ArchiveFiles): Promise<ArchiveImageSource> {
  const files = filesFromLayoutFolder(listed);
  const index = files.members.get('index.json');
  const manifest = files.members.get('manifest.json');
  if (index) {
    const items = manifest ? parseDockerArchiveManifest(await smallBytes(manifest)) : undefined;
    const images = await ociImages(index, items);
    return new ArchiveImageSource({ files, layout: items ? 'docker-archive with OCI layout' : 'oci-layout', images });
  }
  if (manifest) return dockerArchive(files, parseDockerArchiveManifest(await smallBytes(manifest)));
  throw new BadArchiveError(
    'The archive holds neither index.json (an OCI image layout) nor manifest.json (a docker-archive), so it holds no image Pullscope can find',
  );
}

async function ociImages(indexMember: ArchiveMember, items: DockerArchiveItem[] | undefined): Promise<ArchiveImage[]> {
  let parsed;
  try {
    parsed = parseManifestDocument(await smallBytes(indexMember), MediaType.OciIndex);
  } catch (err) {
    throw new BadArchiveError('index.json in the archive is not an OCI image index', { cause: err });
  }
  if (parsed.kind !== 'index') throw new BadArchiveError('index.json in the archive is not an OCI image index');
  const entries = (parsed.document as ImageIndex).manifests;
  if (entries.length === 0) throw new BadArchiveError('index.json in the archive lists no image');
  return entries.map((descriptor) => {
    const names = namesOf(descriptor);
    // Docker 25+ names the image in both files; with one image each, they are the same one.
    if (items?.length === 1 && entries.length === 1) for (const tag of items[0].repoTags) if (!names.includes(tag)) names.push(tag);
    return { descriptor, names, synthesized: false };
  });
}

function namesOf(descriptor: Descriptor): string[] {
  const a = descriptor.annotations ?? {};
  return [a[CONTAINERD_NAME], a[REF_NAME]].filter((n): n is string => typeof n === 'string' && n !== '');
}

async function dockerArchive(files: ArchiveFiles, items: DockerArchiveItem[]): Promise<ArchiveImageSource> {
  const synthesized = new Map<string, Uint8Array>();
  const pathsByDigest = new Map<string, string>();
  const images: ArchiveImage[] = [];
  for (const [i, item] of items.entries()) {
    const configMember = files.members.get(item.config);
    if (!configMember) throw new MissingArchiveFileError(item.config, `manifest.json[${i}].Config`);
    const configBytes = await smallBytes(configMember, MAX_CONFIG_BYTES);
    const configDigest = await sha256Digest(configBytes);
    // Docker names the config by its digest ("<hex>.json"): a name that disagrees is a damaged archive.
    const named = /^(?:.*\/)?([a-f0-9]{64})(?:\.json)?$/.exec(item.config);
    if (named && `sha256:${named[1]}` !== configDigest) {
      throw new DigestMismatchError(`${item.config} in the archive`, `sha256:${named[1]}`, configDigest, configBytes.length, 'local file');
    }
    let diffIds: string[];
    try {
      diffIds = parseImageConfig(configBytes).rootfs.diff_ids;
    } catch (err) {
      throw new BadArchiveError(`${item.config} in the archive is not an image config`, { cause: err });
    }
    if (diffIds.length !== item.layers.length) {
      throw new BadArchiveError(
        `manifest.json[${i}] lists ${item.layers.length} layers, but its config has ${diffIds.length} diff_ids: the layers cannot be paired`,
      );
    }
    const layers = item.layers.map((path, k) => {
      const member = files.members.get(path);
      if (!member) throw new MissingArchiveFileError(path, `manifest.json[${i}].Layers[${k}]`);
      if (!isDigest(diffIds[k])) throw new BadArchiveError(`diff_id ${k + 1} of ${item.config} is not a digest`);
      const known = pathsByDigest.get(diffIds[k]);
      // One diff_id, one tar: two different files claiming the same content would make "verified" ambiguous.
      if (known !== undefined && known !== path && files.members.get(known)?.size !== member.size) {
        throw new BadArchiveError(`${known} and ${path} both claim diff_id ${diffIds[k]} but differ in size`);
      }
      pathsByDigest.set(diffIds[k], path);
      return { diffId: diffIds[k], size: member.size };
    });
    pathsByDigest.set(configDigest, item.config);
    const bytes = synthesizeManifest({ mediaType: MediaType.DockerConfig, digest: configDigest, size: configBytes.length }, layers);
    const digest = await sha256Digest(bytes);
    synthesized.set(digest, bytes);
    images.push({ descriptor: { mediaType: MediaType.DockerManifest, digest, size: bytes.length }, names: [...item.repoTags], synthesized: true });
  }
  return new ArchiveImageSource({ files, layout: 'docker-archive', images, synthesized, pathsByDigest });
}

async function smallBytes(member: ArchiveMember, limit = MAX_INDEX_BYTES): Promise<Uint8Array> {
  if (member.size > limit) throw new BadArchiveError(`${member.path} in the archive is ${member.size} bytes, more than the ${limit} allowed`);
  return new Uint8Array(await (await member.open()).arrayBuffer());
}
