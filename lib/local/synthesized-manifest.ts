/**
 * A docker-archive written before Docker 25 (and skopeo's) holds a config
 * and layer tars but no manifest: the registry's manifest, with its
 * compressed layer digests, was never saved. To show the image with the
 * same views, Pullscope writes a Docker schema 2 manifest (Docker
 * manifest-v2-2.md) from what the archive does hold, and says so: its layers
 * are the uncompressed tars, addressed by their diff_id, which the layer
 * pipeline verifies against the config's rootfs.diff_ids.
 */
import type { Descriptor, ImageManifest } from '../oci/documents';
import { MediaType } from '../oci/media-types';

/** Said wherever the synthesized manifest is shown. */
export const SYNTHESIZED_NOTE =
  'Manifest synthesized from manifest.json (the archive holds no manifest): its digest is not one a registry serves. Layers are the uncompressed tars, addressed by diff_id and verified against the config\'s diff_ids.';

/** The bytes of a schema 2 manifest naming this config and these uncompressed layers (digest = diff_id). */
export function synthesizeManifest(config: Descriptor, layers: ReadonlyArray<{ diffId: string; size: number }>): Uint8Array {
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.DockerManifest,
    config: { mediaType: MediaType.DockerConfig, size: config.size, digest: config.digest },
    layers: layers.map((l) => ({ mediaType: MediaType.DockerLayer, size: l.size, digest: l.diffId })),
  };
  return new TextEncoder().encode(JSON.stringify(manifest, null, 3));
}
