/**
 * Errors of the layer file tree: an entry no filesystem extraction can give
 * a place. The image-spec (layer.md, "Changeset over existing files") gives
 * paths relative to the root; a `..` that climbs above it is how a hostile
 * layer writes outside it, so we refuse it outright. A malformed whiteout
 * is refused too: it would delete something no one named.
 */
import { PullscopeError } from '../errors';

/** Why an entry's path was refused; each has its own hint. */
export type UnsafePathReason = 'escapes-root' | 'empty' | 'whiteout-names-nothing' | 'below-whiteout' | 'through-symlink';

const SUGGESTION: Record<UnsafePathReason, string> = {
  'escapes-root': 'The layer names a file outside its root. Pullscope refuses such entries instead of following them; "tar -tvf" on the layer shows the entry.',
  empty: 'The layer has an entry with no name, which no extraction can place; "tar -tvf" on the layer shows it. Rebuild the layer with a tool that names every entry.',
  'whiteout-names-nothing':
    'A whiteout ".wh.<name>" deletes <name> from the layers below; this one names no entry, so what it deletes cannot be told. "tar -tvf" on the layer shows it; rebuild the layer without it.',
  'below-whiteout':
    'A whiteout marks a deletion and cannot hold entries; these would appear in the merged filesystem under a name that reads as a deletion. "tar -tvf" on the layer shows them; rebuild the layer without them.',
  'through-symlink':
    'Extracting a layer follows the symlinks it listed earlier to place the entries below them; this one cannot be followed, so docker and containerd fail on this layer too. "tar -tvf" on the layer shows the link and the entries below it; rebuild the layer with them in a real directory.',
};

/** Whether a reason that came over the wire is one of ours. */
export function isUnsafePathReason(reason: string | undefined): reason is UnsafePathReason {
  return reason !== undefined && Object.hasOwn(SUGGESTION, reason);
}

/** A tar entry path (or hardlink target) that climbs out of the root with `..`, is empty, is a malformed whiteout, or lies below a link that cannot be followed. */
export class UnsafePathError extends PullscopeError {
  readonly path: string;
  /** Offset of the entry's header in the uncompressed layer tar, when known. */
  readonly offset: number | undefined;
  readonly reason: UnsafePathReason;

  constructor(path: string, why: string, offset?: number, reason: UnsafePathReason = 'escapes-root') {
    const where = offset === undefined ? '' : ` (tar header at byte ${offset})`;
    super('UNSAFE_PATH', `Refusing unsafe path ${JSON.stringify(path)} in layer${where}: ${why}`, {
      suggestion: SUGGESTION[reason],
      status: 422,
    });
    this.path = path;
    this.offset = offset;
    this.reason = reason;
  }

  protected override wireData() {
    return { path: this.path, offset: this.offset, reason: this.reason };
  }
}
