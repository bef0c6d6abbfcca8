/**
 * What the flattened rootfs tar will hold, decided from the merged tree alone
 * (no layer bytes needed), so the writer can stream every layer tar once,
 * bottom to top, and pick out the entries that survive.
 *
 * - Directories are written first, in preorder (parents before children,
 *   children by name), from the index's metadata: extraction can then create
 *   every file without `mkdir -p` guesses, and a directory only implied by
 *   its children gets the index's defaults (0755, root). The root is `./`,
 *   written only when a layer listed it: its mode, owner and mtime are then
 *   the image's (umoci keeps them too), and an unlisted root leaves the
 *   directory extracted into as it was.
 * - Directories are written again after the last file, children before
 *   parents. Writing a file into a directory changes its mtime, and GNU tar
 *   sets a directory's metadata when the archive leaves it, so the first
 *   entries' mtimes would all be lost; an entry over an existing directory
 *   only sets its metadata (GNU tar, bsdtar, umoci, docker and containerd
 *   alike), so the second one is what the extracted tree keeps. A listed
 *   directory's own layer header is read on the way, as any entry's is, for
 *   what the index does not hold: attributes and the exact PAX mtime.
 * - Every other visible entry is written when its layer's tar streams past
 *   it, keyed by its data offset in that tar (unique per entry, and the same
 *   in the tar reader and the index).
 * - Hard links (image-spec layer.md: a link must point at a path present in
 *   the result): each visible link is resolved, as of its own layer, to the
 *   entry whose inode it shares: a regular file, or a symlink, device or
 *   fifo (Linux links those too, and docker keeps such links). Links are
 *   written right after that entry. If the entry itself is still visible the
 *   links point at it; if a higher layer replaced or deleted it, the first
 *   link (by path) becomes a copy of it (a regular file holding its content,
 *   a symlink to its target) and the others link to that one. So every
 *   hardlink in the output names an earlier entry of the output.
 * - Whiteouts never appear; nor do entries of a type tar cannot recreate
 *   (GNU sparse and other vendor types), links whose target is gone, or
 *   links no filesystem can hold (to a directory, to themselves): those are
 *   reported as warnings before any byte is written.
 */
import { shownName } from '../fs/shown-name';
import { hardlinkProblemText, resolveHardlink, type HardlinkProblem } from '../fs/hardlink';
import type { MergedEntryView, MergedTree } from '../fs/merged-tree';
import type { TarWriterEntry } from './tar-encode';

/** An entry the flattened rootfs leaves out, and why. */
export interface RootfsWarning {
  /** `hardlink-unresolved`: nothing at its target; `hardlink-to-directory`, `hardlink-cycle`: a link no filesystem can hold. */
  kind: 'hardlink-unresolved' | 'hardlink-to-directory' | 'hardlink-cycle' | 'unsupported-type';
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
  /** A directory's header, read for `directories[directory]`'s final entry rather than written where it streams past. */
  directory?: number;
}

/** The complete plan of a flattened rootfs. */
export interface RootfsPlan {
  /** Directory entries, in preorder: written first, and again in reverse order after everything else. */
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
  for (const v of entriesWithListedRoot(tree)) {
    switch (v.type) {
      case 'directory':
        if (!v.implicit) plan.layers[v.layer].set(v.dataOffset, { path: directoryPath(v), links: [], directory: plan.directories.length });
        plan.directories.push(directoryEntry(v));
        plan.entries += 2;
        break;
      case 'hardlink':
        hardlinks.push(v);
        break;
      case 'other':
        plan.warnings.push({ kind: 'unsupported-type', path: v.path, message: `${shownName(v.path)}: an entry of a vendor tar type (e.g. GNU sparse) is left out` });
        break;
      default:
        plan.layers[v.layer].set(v.dataOffset, { path: v.path.slice(1), links: [] });
        plan.entries++;
        if (v.type === 'file') plan.contentBytes += v.size;
    }
  }
  for (const link of hardlinks) {
    const resolved = resolveHardlink(tree.layers, link.layer, link.linkpath ?? '');
    if ('problem' in resolved) {
      plan.warnings.push({
        kind: WARNING_OF[resolved.problem],
        path: link.path,
        message: `${shownName(link.path)}: hard link left out: ${hardlinkProblemText(resolved.problem, shownName(link.linkpath ?? ''))}`,
      });
      continue;
    }
    const linked = resolved.inode;
    const index = tree.layers[linked.layer];
    if (index.typeOf(linked.row) === 'other') {
      plan.warnings.push({ kind: 'unsupported-type', path: link.path, message: `${shownName(link.path)}: hard link left out: it links ${shownName(link.linkpath ?? '')}, an entry of a vendor tar type` });
      continue;
    }
    const source = { dataOffset: index.offsetsOf(linked.row).dataOffset, size: index.sizeOf(linked.row) };
    const layerPlan = plan.layers[linked.layer];
    const planned = layerPlan.get(source.dataOffset);
    if (planned) {
      planned.links.push(link.path.slice(1));
    } else {
      // The entry it shares was replaced or deleted above: this link now holds it (a file's content, a symlink's target).
      layerPlan.set(source.dataOffset, { path: link.path.slice(1), links: [] });
      if (index.isRegularFile(linked.row)) plan.contentBytes += source.size;
    }
    plan.entries++;
  }
  return plan;
}

const WARNING_OF: Record<HardlinkProblem, RootfsWarning['kind']> = {
  missing: 'hardlink-unresolved',
  directory: 'hardlink-to-directory',
  cycle: 'hardlink-cycle',
};

/** The merged tree's entries in walk order, after the root when a layer listed it. */
function* entriesWithListedRoot(tree: MergedTree): Generator<MergedEntryView> {
  const root = tree.entry(0);
  if (!root.implicit) yield root;
  yield* tree.walk();
}

/** A directory's output path: "usr/bin/", the root "./". */
function directoryPath(v: MergedEntryView): string {
  return v.index === 0 ? './' : `${v.path.slice(1)}/`;
}

function directoryEntry(v: MergedEntryView): TarWriterEntry {
  return {
    path: directoryPath(v),
    type: 'directory',
    mode: v.mode,
    uid: v.uid,
    gid: v.gid,
    uname: v.uname,
    gname: v.gname,
    mtime: v.mtime,
  };
}
