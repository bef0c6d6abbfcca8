/**
 * Pushes the built images into a registry (the anonymous one; all registries
 * share its storage), then checks that each tag resolves to the digest of
 * the bytes we meant, both as skopeo reads them and as the registry's
 * Docker-Content-Digest says. Last, corrupts the stored blob of
 * test/corrupt:v1's second layer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { putManifest, uploadBlob } from '../registry-writer';
import { runBytes, run } from '../run';
import type { TestBed, TestImage } from '../state';
import type { BuiltImages } from './build';
import { corruptStoredBlob } from './corrupt-blob';
import {
  ARTIFACT_TYPE,
  artifactDocuments,
  artifactIndexDocument,
  attestationDocuments,
  dockerManifestListDocument,
  ociIndexDocument,
  referrersTagIndexDocument,
  type PlatformManifest,
} from './index-documents';
import { mediaTypes } from './media-types';
import { layerFacts } from './layer-facts';
import { layerRecipes } from './layer-recipes';
import { sha256Digest, tagDescriptor } from './oci-layout';
import { amd64Recipe, arm64Recipe, layersRecipe, secretRecipe, type Recipe } from './recipes';

const acceptAll = [mediaTypes.ociIndex, mediaTypes.ociManifest, mediaTypes.dockerManifestList, mediaTypes.dockerManifest].join(', ');

function skopeoCopy(source: string, destination: string): Promise<string> {
  return run('skopeo', ['copy', '--quiet', '--preserve-digests', '--dest-tls-verify=false', source, `docker://${destination}`]);
}

function platformOf(recipe: Recipe): PlatformManifest['platform'] {
  return { architecture: recipe.architecture, os: recipe.os, ...(recipe.variant ? { variant: recipe.variant } : {}) };
}

/** The OCI manifest of a recipe's layout, as an index child. */
function ociChild(built: BuiltImages, recipe: Recipe): PlatformManifest {
  const { digest, size } = tagDescriptor(built.layouts[recipe.tag], recipe.tag);
  return { mediaType: mediaTypes.ociManifest, digest, size, platform: platformOf(recipe) };
}

/** The Docker schema 2 conversion of a recipe, as a manifest-list child. */
function dockerChild(built: BuiltImages, recipe: Recipe): PlatformManifest {
  const bytes = fs.readFileSync(path.join(built.docker[recipe.tag], 'manifest.json'));
  return { mediaType: mediaTypes.dockerManifest, digest: sha256Digest(bytes), size: bytes.length, platform: platformOf(recipe) };
}

/**
 * Reads what `repository:tag` resolves to and checks that skopeo and the
 * registry agree on its digest, and that it is what we pushed: the same
 * digest, or for documents we wrote, the same bytes.
 */
async function resolveTag(host: string, repository: string, tag: string, want: string | Uint8Array): Promise<TestImage> {
  const raw = await runBytes('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${host}/${repository}:${tag}`]);
  const digest = sha256Digest(raw);
  const head = await fetch(`http://${host}/v2/${repository}/manifests/${tag}`, { method: 'HEAD', headers: { Accept: acceptAll } });
  const answered = head.headers.get('Docker-Content-Digest');
  if (!head.ok || answered !== digest) {
    throw new Error(`${repository}:${tag}: registry answered ${head.status} with digest ${answered}, skopeo read ${digest}`);
  }
  if (typeof want === 'string' ? digest !== want : !raw.equals(want)) {
    throw new Error(`${repository}:${tag}: got ${digest}, want ${typeof want === 'string' ? want : sha256Digest(want)}`);
  }
  const mediaType = (head.headers.get('Content-Type') ?? '').split(';')[0].trim();
  return { repository, tag, digest, mediaType };
}

/** What publishing adds to the bed's state. */
export type PublishedImages = Pick<TestBed, 'images' | 'corruptLayerDigest' | 'corruptByteOffset' | 'sharedBaseLayerDigest'>;

/** The layer-test images, each pushed as `test/<recipe tag>:v1`. */
const layerImages = layerRecipes.map((recipe) => ({ recipe, repository: `test/${recipe.tag}` }));

/**
 * Pushes every test image into the registry at `host`, whose storage is
 * `storageRoot`; returns them keyed by `repository:tag`, with the layer facts.
 */
export async function publishImages(built: BuiltImages, host: string, storageRoot: string): Promise<PublishedImages> {
  const facts = layerFacts(built);
  const layout = (recipe: Recipe) => `oci:${built.layouts[recipe.tag]}:${recipe.tag}`;
  const ociChildren = [ociChild(built, amd64Recipe), ociChild(built, arm64Recipe)];
  const dockerChildren = [dockerChild(built, amd64Recipe), dockerChild(built, arm64Recipe)];
  const [amd64] = ociChildren;
  const attestation = attestationDocuments({ repository: 'test/multi', digest: amd64.digest, platform: amd64.platform });
  const artifact = artifactDocuments(amd64);

  await Promise.all([
    skopeoCopy(layout(layersRecipe), `${host}/test/layers:v1`),
    skopeoCopy(`dir:${built.docker[layersRecipe.tag]}`, `${host}/test/docker:v1`),
    skopeoCopy(layout(secretRecipe), `${host}/private/secret:v1`),
    // Index children go in by digest: no tag but the index's own.
    skopeoCopy(layout(amd64Recipe), `${host}/test/multi@${ociChildren[0].digest}`),
    skopeoCopy(layout(arm64Recipe), `${host}/test/multi@${ociChildren[1].digest}`),
    skopeoCopy(layout(amd64Recipe), `${host}/test/artifacts@${amd64.digest}`),
    skopeoCopy(`dir:${built.docker[amd64Recipe.tag]}`, `${host}/test/list@${dockerChildren[0].digest}`),
    skopeoCopy(`dir:${built.docker[arm64Recipe.tag]}`, `${host}/test/list@${dockerChildren[1].digest}`),
    ...layerImages.map(({ recipe, repository }) => skopeoCopy(layout(recipe), `${host}/${repository}:v1`)),
    skopeoCopy(`dir:${built.recompressed.zstd}`, `${host}/test/zstd:v1`),
    skopeoCopy(`dir:${built.recompressed.plain}`, `${host}/test/plain:v1`),
    (async () => {
      await uploadBlob(host, 'test/multi', attestation.statement);
      await uploadBlob(host, 'test/multi', attestation.config);
    })(),
    (async () => {
      await uploadBlob(host, 'test/artifacts', artifact.empty);
      await uploadBlob(host, 'test/artifacts', artifact.payload);
    })(),
  ]);

  const attestationDigest = await putManifest(host, 'test/multi', sha256Digest(attestation.manifest), mediaTypes.ociManifest, attestation.manifest);
  const index = ociIndexDocument(ociChildren, {
    mediaType: mediaTypes.ociManifest,
    digest: attestationDigest,
    size: attestation.manifest.length,
    attests: amd64.digest,
  });
  await putManifest(host, 'test/multi', 'v1', mediaTypes.ociIndex, index);
  const artifactDigest = await putManifest(host, 'test/artifacts', sha256Digest(artifact.manifest), mediaTypes.ociManifest, artifact.manifest);
  const artifactIndex = artifactIndexDocument(amd64, { mediaType: mediaTypes.ociManifest, digest: artifactDigest, size: artifact.manifest.length });
  await putManifest(host, 'test/artifacts', 'v1', mediaTypes.ociIndex, artifactIndex);
  // The registry has no referrers API: the artifact is listed under its subject's fallback tag, as pushing tools do.
  const referrers = referrersTagIndexDocument([
    {
      mediaType: mediaTypes.ociManifest,
      digest: artifactDigest,
      size: artifact.manifest.length,
      artifactType: ARTIFACT_TYPE,
      annotations: { 'org.opencontainers.image.created': '2024-05-01T00:00:00Z' },
    },
  ]);
  await putManifest(host, 'test/artifacts', amd64.digest.replace(':', '-'), mediaTypes.ociIndex, referrers);
  const list = dockerManifestListDocument(dockerChildren);
  await putManifest(host, 'test/list', 'v1', mediaTypes.dockerManifestList, list);

  const images = await Promise.all([
    resolveTag(host, 'test/layers', 'v1', tagDescriptor(built.layouts[layersRecipe.tag], layersRecipe.tag).digest),
    resolveTag(host, 'test/docker', 'v1', fs.readFileSync(path.join(built.docker[layersRecipe.tag], 'manifest.json'))),
    resolveTag(host, 'test/multi', 'v1', index),
    resolveTag(host, 'test/list', 'v1', list),
    resolveTag(host, 'test/artifacts', 'v1', artifactIndex),
    resolveTag(host, 'private/secret', 'v1', tagDescriptor(built.layouts[secretRecipe.tag], secretRecipe.tag).digest),
    ...layerImages.map(({ recipe, repository }) => resolveTag(host, repository, 'v1', tagDescriptor(built.layouts[recipe.tag], recipe.tag).digest)),
    resolveTag(host, 'test/zstd', 'v1', fs.readFileSync(path.join(built.recompressed.zstd, 'manifest.json'))),
    resolveTag(host, 'test/plain', 'v1', fs.readFileSync(path.join(built.recompressed.plain, 'manifest.json'))),
  ]);

  // Only now: every push above that names this blob has been checked.
  const corruptByteOffset = corruptStoredBlob(storageRoot, facts.corruptLayerDigest);
  return {
    images: Object.fromEntries(images.map((image) => [`${image.repository}:${image.tag}`, image])),
    ...facts,
    corruptByteOffset,
  };
}
