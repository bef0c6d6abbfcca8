/**
 * Appending a layer we wrote ourselves to an image of an OCI layout: the blob,
 * its manifest descriptor, its diff_id and its history entry, in the places
 * umoci would put them (image-spec manifest.md "layers", config.md "rootfs"
 * and "history"). A later umoci step (unpack, repack, config) builds on it
 * like on any other layer.
 */
import type { LayerBlob } from './layer-compression';
import { patchImage, writeBlob } from './oci-layout';
import type { HistoryFields } from './umoci';

/** Adds `layer` as the image's new top layer, with its history entry. */
export function appendLayer(layout: string, tag: string, layer: LayerBlob, history: HistoryFields): void {
  const descriptor = writeBlob(layout, layer.mediaType, layer.blob);
  patchImage(layout, tag, (manifest, config) => {
    manifest.layers = [...(manifest.layers ?? []), descriptor];
    const rootfs = (config.rootfs ?? { type: 'layers', diff_ids: [] }) as { type: string; diff_ids: string[] | null };
    config.rootfs = { type: 'layers', diff_ids: [...(rootfs.diff_ids ?? []), layer.diffId] };
    const entry = {
      created: history.created,
      created_by: history.createdBy,
      ...(history.author !== undefined ? { author: history.author } : {}),
      ...(history.comment !== undefined ? { comment: history.comment } : {}),
    };
    config.history = [...((config.history as unknown[] | undefined) ?? []), entry];
  });
}
