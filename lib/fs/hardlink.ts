/**
 * Which regular file a hard link shares. Extraction makes a link to its
 * target as the filesystem stands when the link's own layer is applied, so the
 * target is looked up as of that layer: a higher layer that later replaces or
 * deletes the target leaves the link's bytes as they were.
 */
import { entryAsOf, type LayerRow } from './entry-as-of';
import type { EntryView } from './entry';
import type { LayerIndex } from './layer-index';

/** A regular file: its layer and row in that layer's index. */
export type LinkedFile = LayerRow;

// Hardlinks to hardlinks are legal; a cycle among them is not, and ends here.
const MAX_LINK_HOPS = 40;

/** The regular file a hardlink in `layer` to `target` (canonical path) shares, or undefined when there is none as of that layer. */
export function linkedFile(layers: readonly LayerIndex[], layer: number, target: string, hops = 0): LinkedFile | undefined {
  if (hops > MAX_LINK_HOPS) return undefined;
  const found = entryAsOf(layers, layer, target);
  if (found === undefined) return undefined;
  const index = layers[found.layer];
  if (index.isRegularFile(found.row)) return found;
  if (index.typeOf(found.row) === 'hardlink') return linkedFile(layers, found.layer, index.linkpathOf(found.row) ?? '', hops + 1);
  // A directory, symlink or device: nothing a file link can share.
  return undefined;
}

/**
 * The entry of the regular file a hardlink in `layer` to `target` shares:
 * the link is another name of that inode, so its mode, owner, mtime and size
 * are the file's; extraction ignores the link header's own.
 */
export function linkedEntry(layers: readonly LayerIndex[], layer: number, target: string): EntryView | undefined {
  const linked = linkedFile(layers, layer, target);
  return linked && layers[linked.layer].entry(linked.row);
}

/**
 * Why a hard link names no inode it could share: nothing at its target, a
 * directory (link(2) refuses EPERM: no filesystem links directories), or a
 * chain of links that comes back to itself (a link to itself included).
 */
export type HardlinkProblem = 'missing' | 'directory' | 'cycle';

/** The inode a hard link shares, or why it can share none. */
export type HardlinkResolution = { inode: LayerRow } | { problem: HardlinkProblem };

/**
 * The entry whose inode a hardlink in `layer` to `target` shares, as
 * extraction resolves it: any non-directory (Linux and docker link symlinks,
 * devices and fifos as well as regular files), through links to links.
 */
export function resolveHardlink(layers: readonly LayerIndex[], layer: number, target: string): HardlinkResolution {
  const seen = new Set<string>();
  for (let at = { layer, target }; ; ) {
    const found = entryAsOf(layers, at.layer, at.target);
    if (found === undefined) return { problem: 'missing' };
    const index = layers[found.layer];
    const type = index.typeOf(found.row);
    if (type === 'directory') return { problem: 'directory' };
    if (type !== 'hardlink') return { inode: found };
    const key = `${found.layer}:${found.row}`;
    if (seen.has(key) || seen.size > MAX_LINK_HOPS) return { problem: 'cycle' };
    seen.add(key);
    at = { layer: found.layer, target: index.linkpathOf(found.row) ?? '' };
  }
}

/** Why a hard link is left out, in words that name its target. */
export function hardlinkProblemText(problem: HardlinkProblem, linkpath: string): string {
  switch (problem) {
    case 'directory':
      return `it links the directory ${linkpath}, which no filesystem allows`;
    case 'cycle':
      return `it links ${linkpath}, a chain of hard links that leads back to itself, which no filesystem allows`;
    default:
      return `nothing of the path ${linkpath} exists when its layer is applied`;
  }
}
