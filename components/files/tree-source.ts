import type { EntryView } from '@/lib/fs/entry';
import { linkedFile } from '@/lib/fs/hardlink';
import type { LayerIndex } from '@/lib/fs/layer-index';
import type { MergedTree } from '@/lib/fs/merged-tree';

/** One row a file tree can show: a layer's entry or a merged one, possibly hidden by a higher layer. */
export interface TreeRow extends EntryView {
  /** Layer that last wrote it (merged view) — undefined in a single layer's view. */
  layer?: number;
  hidden?: boolean;
  hiddenBy?: number;
  reason?: string;
  whiteout?: boolean;
  opaque?: boolean;
}

/** What the tree view needs from a layer index or a merged tree. */
export interface TreeSource {
  kind: 'layer' | 'merged';
  children(path: string, includeHidden: boolean): TreeRow[];
  lookup(path: string): TreeRow | undefined;
  totalSize(path: string): number;
  filter(needle: string, limit: number, includeHidden: boolean): TreeRow[];
  resolveSymlink(path: string): string | undefined;
  /** The size of the regular file the hard link at `path` shares, when there is one. */
  linkedSize(path: string): number | undefined;
}

/** A single layer's files (whiteouts shown as deletions). */
export function layerSource(index: LayerIndex): TreeSource {
  return {
    kind: 'layer',
    children: (path) => index.children(path),
    lookup: (path) => index.lookup(path),
    totalSize: (path) => index.totalSize(path),
    filter: (needle, limit) => index.filter(needle, { ignoreCase: true, limit }),
    resolveSymlink: (path) => index.resolveSymlink(path),
    linkedSize: (path) => {
      const row = index.indexOf(path);
      const linked = row < 0 ? undefined : linkedFile([index], 0, index.linkpathOf(row) ?? '');
      return linked && index.sizeOf(linked.row);
    },
  };
}

/** The merged filesystem, with what higher layers hid available on request. */
export function mergedSource(tree: MergedTree): TreeSource {
  return {
    kind: 'merged',
    children: (path, includeHidden) => tree.children(path, { includeHidden }),
    lookup: (path) => tree.lookup(path),
    totalSize: (path) => tree.totalSize(path),
    filter: (needle, limit, includeHidden) => tree.filter(needle, { ignoreCase: true, limit, includeHidden }),
    resolveSymlink: (path) => tree.resolveSymlink(path),
    linkedSize: (path) => tree.contentOf(path)?.size,
  };
}
