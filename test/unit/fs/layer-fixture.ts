/**
 * Layer entries built in code: tar-header-shaped records with deterministic
 * offsets (one 512-byte header each, content right after it).
 */
import type { EntryType, LayerEntryInput } from '@/lib/fs/entry';
import { buildLayerIndex } from '@/lib/fs/layer-index-builder';
import type { LayerIndex } from '@/lib/fs/layer-index';

type Extra = Partial<Omit<LayerEntryInput, 'path' | 'type'>>;

function entry(type: EntryType, path: string, extra: Extra = {}): LayerEntryInput {
  return {
    path,
    type,
    mode: type === 'directory' ? 0o755 : 0o644,
    uid: 0,
    gid: 0,
    uname: 'root',
    gname: 'root',
    size: 0,
    mtime: 0,
    headerOffset: 0,
    dataOffset: 0,
    ...extra,
  };
}

/** A directory entry ("usr/" style path accepted). */
export const dir = (path: string, extra?: Extra) => entry('directory', path, extra);
/** A regular file of `size` bytes. */
export const file = (path: string, size = 0, extra?: Extra) => entry('file', path, { size, ...extra });
/** A symbolic link. */
export const symlink = (path: string, target: string) => entry('symlink', path, { linkpath: target, mode: 0o777 });
/** A hard link to an archive path. */
export const hardlink = (path: string, target: string) => entry('hardlink', path, { linkpath: target });
/** The whiteout marker deleting `path` from lower layers. */
export function whiteout(path: string): LayerEntryInput {
  const slash = path.lastIndexOf('/');
  return file(slash < 0 ? `.wh.${path}` : `${path.slice(0, slash)}/.wh.${path.slice(slash + 1)}`);
}
/** The opaque marker of directory `path`. */
export const opaque = (path: string) => file(`${path}/.wh..wh..opq`);

/** The index of one layer holding these entries, in this tar order. */
export function layer(...entries: LayerEntryInput[]): LayerIndex {
  return buildLayerIndex(
    entries.map((e, k) => ({ ...e, headerOffset: k * 1024, dataOffset: k * 1024 + 512 })),
  );
}
