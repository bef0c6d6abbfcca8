/**
 * What the layer tests rely on about the built images, checked once after
 * the build so a recipe change cannot quietly break it: test/shares-base
 * really shares its first blob with test/layers, the layer to corrupt is
 * named by no other image, and the recompressed forms carry the media
 * types they are for.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BuiltImages, Recompression } from './build';
import { layerDescriptors } from './oci-layout';

/** Layer digests the bed publishes in its state. */
export interface LayerFacts {
  /** The first layer of test/shares-base:v1 and of test/layers:v1. */
  sharedBaseLayerDigest: string;
  /** The layer of test/corrupt:v1 whose stored blob gets corrupted. */
  corruptLayerDigest: string;
}

const recompressedLayerType: Record<Recompression, string> = {
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  plain: 'application/vnd.oci.image.layer.v1.tar',
};

/** Checks the built images and returns the digests the state names. */
export function layerFacts(built: BuiltImages): LayerFacts {
  const [layersBase] = layerDescriptors(built.layouts.layers, 'layers');
  const [sharedBase] = layerDescriptors(built.layouts['shares-base'], 'shares-base');
  if (sharedBase.digest !== layersBase.digest) {
    throw new Error(`test/shares-base's first layer is ${sharedBase.digest}, want test/layers' ${layersBase.digest}`);
  }

  const corrupt = layerDescriptors(built.layouts.corrupt, 'corrupt')[1].digest;
  for (const [tag, layout] of Object.entries(built.layouts)) {
    if (tag !== 'corrupt' && layerDescriptors(layout, tag).some((layer) => layer.digest === corrupt)) {
      throw new Error(`the layer to corrupt, ${corrupt}, is also a layer of ${tag}`);
    }
  }

  for (const [kind, dir] of Object.entries(built.recompressed) as [Recompression, string][]) {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { layers: { mediaType: string }[] };
    const wrong = manifest.layers.find((layer) => layer.mediaType !== recompressedLayerType[kind]);
    if (wrong) throw new Error(`${kind} conversion has a ${wrong.mediaType} layer, want ${recompressedLayerType[kind]}`);
  }
  return { sharedBaseLayerDigest: sharedBase.digest, corruptLayerDigest: corrupt };
}
