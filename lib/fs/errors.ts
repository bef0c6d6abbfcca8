/**
 * Errors of the layer file tree: an entry whose path would leave the root
 * it is unpacked into. The image-spec (layer.md, "Changeset over existing
 * files") gives paths relative to the root; a `..` component or an absolute
 * path is how a hostile layer writes outside it, so we refuse it outright.
 */
import { PullscopeError } from '../errors';

/** A tar entry path (or hardlink target) that is absolute or climbs out with `..`. */
export class UnsafePathError extends PullscopeError {
  readonly path: string;
  /** Offset of the entry's header in the uncompressed layer tar, when known. */
  readonly offset: number | undefined;

  constructor(path: string, why: string, offset?: number) {
    const where = offset === undefined ? '' : ` (tar header at byte ${offset})`;
    super('UNSAFE_PATH', `Refusing unsafe path ${JSON.stringify(path)} in layer${where}: ${why}`, {
      suggestion:
        'The layer names a file outside its root. Pullscope refuses such entries instead of following them; `tar -tvf` on the layer shows the entry.',
      status: 422,
    });
    this.path = path;
    this.offset = offset;
  }

  protected override wireData() {
    return { path: this.path, offset: this.offset };
  }
}
