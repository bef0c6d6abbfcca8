import { shownName } from '@/lib/fs/shown-name';
import type { TreeRow } from './tree-source';

/**
 * What a layer's whiteout or opaque directory does to the layers below
 * (image-spec layer.md, "Whiteouts"): a whiteout is no file but a deletion,
 * so the viewer says what it deletes and where that still is, in place of a
 * preview; an opaque directory hides what lower layers put in it. In the
 * filesystem as of a layer, an entry it removed says so and who wrote it.
 */
export function DeletionNote({
  entry,
  layerIndex,
  onOpenInLayer,
}: {
  entry: TreeRow;
  /** The layer shown (0-based). */
  layerIndex: number;
  /** Opens this path in another layer (its 0-based index). */
  onOpenInLayer: (layer: number) => void;
}) {
  const path = <span className="font-mono">{shownName(entry.path)}</span>;
  if (entry.change === 'removed' && entry.layer !== undefined) {
    const writer = entry.layer;
    const how = entry.removedBy === 'whiteout' ? 'with a whiteout' : entry.removedBy === 'opaque' ? 'with an opaque directory above it' : 'by writing something else in its place';
    return (
      <p data-testid="removed-note" className="mt-2 [overflow-wrap:anywhere]">
        Layer {layerIndex + 1} removes {path}, which layer {writer + 1} wrote, {how}: a container of this image does not see it, though its bytes are still pulled.
        <button type="button" className="ml-1 text-sky-700 underline dark:text-sky-400" onClick={() => onOpenInLayer(writer)}>
          Open it in layer {writer + 1}
        </button>
      </p>
    );
  }
  if (entry.whiteout) {
    const deletes = entry.deletes;
    return (
      <p data-testid="deletion-note" className="mt-2 [overflow-wrap:anywhere]">
        Layer {layerIndex + 1} deletes {path} (a whiteout): it holds no file there, only the deletion of what the layers below put there
        {deletes === undefined ? (
          '.'
        ) : deletes === 'nothing' ? (
          <>, but no layer below wrote anything there: it deletes nothing.</>
        ) : (
          <>
            , which layer {deletes + 1} wrote.
            <button type="button" className="ml-1 text-sky-700 underline dark:text-sky-400" onClick={() => onOpenInLayer(deletes)}>
              Open it in layer {deletes + 1}
            </button>
          </>
        )}
      </p>
    );
  }
  if (entry.opaque && entry.type === 'directory') {
    return (
      <p data-testid="opaque-note" className="mt-2">
        Opaque directory: layer {layerIndex + 1} hides everything the layers below put in it; only its own entries here show in the merged filesystem.
      </p>
    );
  }
  return null;
}
