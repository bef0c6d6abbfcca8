/**
 * What the flattened rootfs tar will hold, decided from the merged tree alone
 * (no layer bytes needed), so the writer can stream every layer tar once,
 * bottom to top, and pick out the entries that survive.
 *
 * - Directories are written first, in preorder (parents before children,
 *   children by name), from the index's metadata: extraction can then create
 *   every file without `mkdir -p` guesses, and a directory only implied by
 *   its children gets the index's defaults (0755, root).
 * - Every other visible entry is written when its layer's tar streams past
 *   it, keyed by its data offset in that tar (unique per entry, and the same
 *   in the tar reader and the index).
 * - Hard links (image-spec layer.md: a link must point at a path present in
 *   the result): each visible link is resolved, as of its own layer, to the
 *   regular file whose inode it shares. Links are written right after that
 *   file. If the file itself is still visible the links point at it; if a
 *   higher layer replaced or deleted it, the first link (by path) becomes a
 *   regular file holding its content and the others link to that one. So
 *   every hardlink in the output names an earlier entry of the output.
 * - Whiteouts never appear; nor do entries of a type tar cannot recreate
 *   (GNU sparse and other vendor types) or links whose file is gone: those
 *   are reported as warnings before any byte is written.
 */
import { linkedFile } from '../fs/hardlink';
import type { MergedEntryView, MergedTree } from '../fs/merged-tree';
import type { TarWriterEntry } from './tar-encode';

/** An entry the flattened rootfs leaves out, and why. */
export interface RootfsWarning {
  kind: 'hardlink-unresolved' | 'unsupported-type';
  /** Canonical path in the merged tree. */
  path: string;
  message: string;
}

/** What to write when one layer entry streams past. */
export interface PlannedEntry {
  /** Output path (relative, no leading "/"). */
  path: string;
  /** Output paths to write as hardlinks to `path`, right after it. */
  links: string[];
}

/** The complete plan of a flattened rootfs. */
export interface RootfsPlan {
  /** Directory entries, written first, in preorder. */
  directories: TarWriterEntry[];
  /** Per layer (0 = bottom): data offset in its uncompressed tar → what to write there. */
  layers: Map<number, PlannedEntry>[];
  warnings: RootfsWarning[];
  /** Entries the archive will hold. */
  entries: number;
  /** Bytes of file content the archive will hold (for progress). */
  contentBytes: number;
}

/** Plans the flattened rootfs of a merged tree. */
export function planRootfs(tree: MergedTree): RootfsPlan {
  const plan: RootfsPlan = {
    directories: [],
    layers: tree.layers.map(() => new Map<number, PlannedEntry>()),
    warnings: [],
    entries: 0,
    contentBytes: 0,
  };
  const hardlinks: MergedEntryView[] = [];
  for (const v of tree.walk()) {
    switch (v.type) {
      case 'directory':
        plan.directories.push(directoryEntry(v));
        plan.entries++;
        break;
      case 'hardlink':
        hardlinks.push(v);
        break;
      case 'other':
        plan.warnings.push({ kind: 'unsupported-type', path: v.path, message: `${v.path}: an entry of a vendor tar type (e.g. GNU sparse) is left out` });
        break;
      default:
        plan.layers[v.layer].set(v.dataOffset, { path: v.path.slice(1), links: [] });
        plan.entries++;
        if (v.type === 'file') plan.contentBytes += v.size;
    }
  }
  for (const link of hardlinks) {
    const linked = linkedFile(tree.layers, link.layer, link.linkpath ?? '');
    if (linked === undefined) {
      plan.warnings.push({
        kind: 'hardlink-unresolved',
        path: link.path,
        message: `${link.path}: hardlink to ${link.linkpath} is left out: no regular file of that path exists as of layer ${link.layer}`,
      });
      continue;
    }
    const index = tree.layers[linked.layer];
    const source = { dataOffset: index.offsetsOf(linked.row).dataOffset, size: index.sizeOf(linked.row) };
    const layerPlan = plan.layers[linked.layer];
    const planned = layerPlan.get(source.dataOffset);
    if (planned) {
      planned.links.push(link.path.slice(1));
    } else {
      // The file it shares was replaced or deleted above: this link now holds the content.
      layerPlan.set(source.dataOffset, { path: link.path.slice(1), links: [] });
      plan.contentBytes += source.size;
    }
    plan.entries++;
  }
  return plan;
}

function directoryEntry(v: MergedEntryView): TarWriterEntry {
  return {
    path: `${v.path.slice(1)}/`,
    type: 'directory',
    mode: v.mode,
    uid: v.uid,
    gid: v.gid,
    uname: v.uname,
    gname: v.gname,
    mtime: v.mtime,
  };
}
