import { shownName } from '@/lib/fs/shown-name';
import type { HiddenReason, MergedTree } from '@/lib/fs/merged-tree';

const HOW: Record<HiddenReason, string> = {
  whiteout: 'deleted it (a whiteout)',
  opaque: 'made its directory opaque, which hides what lower layers put there',
  replaced: 'replaced it, or a directory above it, with an entry of another type',
};

/**
 * What the page says when the path a link names is not in the tree shown:
 * in the merged view, which layer wrote it and which layer removed it (with
 * the way to that layer's copy); in a layer's view, where the merged
 * filesystem has it from.
 */
export function AbsentPath({
  path,
  layerIndex,
  asOf = false,
  merged,
  viaLink,
  onOpen,
  onOpenPath,
}: {
  path: string;
  /** The layer shown (0-based), or -1 for the merged filesystem. */
  layerIndex: number;
  /** The layer's view is the filesystem as of it: a path a layer up to it removed is named with its remover. */
  asOf?: boolean;
  merged?: MergedTree;
  /** The path leads through a symbolic link (`/lib64` → `usr/lib`) to an entry of this tree: where it is. */
  viaLink?: { link: string; target: string; resolved: string };
  /** Opens the path in a layer (its 0-based index) or, with 'merged', in the merged filesystem. */
  onOpen: (where: number | 'merged') => void;
  /** Opens another path of the same tree. */
  onOpenPath: (path: string) => void;
}) {
  const button = 'ml-1 text-sky-700 underline dark:text-sky-400';
  // A path from a link may be one long word: it wraps anywhere rather than widen the page.
  const note = 'text-sm text-amber-800 [overflow-wrap:anywhere] dark:text-amber-300';
  if (viaLink) {
    // As the kernel resolves it (a merged-/usr image's /lib/x86_64-linux-gnu/libc.so.6): the entry itself lives under the link's target.
    return (
      <p data-testid="absent-path" data-via-link={viaLink.link} className={note}>
        <span className="font-mono">{shownName(viaLink.link)}</span> is a symbolic link to <span className="font-mono">{shownName(viaLink.target)}</span>, so{' '}
        <span className="font-mono">{shownName(path)}</span> is <span className="font-mono">{shownName(viaLink.resolved)}</span>.
        <button type="button" data-testid="open-via-link" className={button} onClick={() => onOpenPath(viaLink.resolved)}>
          Open {shownName(viaLink.resolved)}
        </button>
      </p>
    );
  }
  if (layerIndex < 0) {
    const removed = merged?.hiddenAt(path)[0];
    if (removed) {
      return (
        <p data-testid="absent-path" className={note}>
          <span className="font-mono">{shownName(path)}</span> is not in the merged filesystem: layer {removed.layer + 1} wrote it, and layer {removed.hiddenBy + 1}{' '}
          {HOW[removed.reason]}.
          <button type="button" className={button} onClick={() => onOpen(removed.layer)}>
            Open it in layer {removed.layer + 1}
          </button>
        </p>
      );
    }
    return (
      <p data-testid="absent-path" className={note}>
        Nothing at <span className="font-mono">{shownName(path)}</span>: no layer of this image writes it. The link may be of another image or platform.
      </p>
    );
  }
  // As of layer N, the path is gone when a layer up to N removed what a lower one wrote (the removal nearest the top).
  const removedAsOf = asOf ? merged?.hiddenAt(path).find((h) => h.hiddenBy <= layerIndex) : undefined;
  if (removedAsOf) {
    return (
      <p data-testid="absent-path" className={note}>
        The filesystem as of layer {layerIndex + 1} does not hold <span className="font-mono">{shownName(path)}</span>: layer {removedAsOf.layer + 1} wrote it, and layer{' '}
        {removedAsOf.hiddenBy + 1} {HOW[removedAsOf.reason]}.
        <button type="button" className={button} onClick={() => onOpen(removedAsOf.layer)}>
          Open it in layer {removedAsOf.layer + 1}
        </button>
      </p>
    );
  }
  const inMerged = merged?.lookup(path);
  return (
    <p data-testid="absent-path" className={note}>
      Layer {layerIndex + 1} does not hold <span className="font-mono">{shownName(path)}</span>
      {inMerged ? (
        <>
          ; the merged filesystem has it from layer {inMerged.layer + 1}.
          <button type="button" className={button} onClick={() => onOpen('merged')}>
            Open it there
          </button>
        </>
      ) : merged ? (
        ', and neither does the merged filesystem.'
      ) : (
        '.'
      )}
    </p>
  );
}
