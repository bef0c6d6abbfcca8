/**
 * What the file tree knows about one entry: the input it is built from (the
 * fields of a tar header, structurally the same as the tar reader's) and the
 * views it answers queries with.
 */

/** Kind of filesystem object a tar entry creates. */
export type EntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo' | 'other';

/** Entry types in the order of their one-byte column code. */
export const ENTRY_TYPES: readonly EntryType[] = ['file', 'directory', 'symlink', 'hardlink', 'char', 'block', 'fifo', 'other'];

/** Column code of the directory type, compared often enough to deserve a name. */
export const DIRECTORY_CODE = 1;
/** Column code of a regular file. */
export const FILE_CODE = 0;
/** Column code of a symbolic link. */
export const SYMLINK_CODE = 2;
/** Column code of a hard link. */
export const HARDLINK_CODE = 3;

/** One-byte column code of an entry type. */
export function entryTypeCode(type: EntryType): number {
  const code = ENTRY_TYPES.indexOf(type);
  return code < 0 ? ENTRY_TYPES.length - 1 : code;
}

/** One tar entry as the layer index consumes it (a tar header; `mtime` in seconds since the epoch). */
export interface LayerEntryInput {
  path: string;
  type: EntryType;
  mode: number;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  size: number;
  mtime: number;
  linkpath?: string;
  devmajor?: number;
  devminor?: number;
  /** Offset of the entry's first header block in the uncompressed tar. */
  headerOffset: number;
  /** Offset of the entry's content in the uncompressed tar. */
  dataOffset: number;
  /**
   * Set for a GNU sparse file: `size` is its real size, and its stored data are fragments (the tar header's map);
   * `stored` is how many bytes of them the tar holds (unknown for `true`).
   */
  sparse?: true | { readonly stored: number };
  /** PAX records in force for the entry (the tar reader's); the index keeps the names of its extended attributes. */
  pax?: Readonly<Record<string, string>>;
}

/**
 * Metadata of one entry as every tree view shows it: the tar header's fields
 * with `path` made canonical ("/usr/bin/env") and `linkpath` the symlink
 * target as written or the hardlink target as a canonical path.
 */
export interface EntryView extends Omit<LayerEntryInput, 'pax'> {
  name: string;
  /** A directory no tar entry listed, implied by the entries below it. */
  implicit: boolean;
  /** Names of the entry's extended attributes (`security.capability`, `user.*`), sorted; absent when it has none. */
  xattrs?: readonly string[];
}
