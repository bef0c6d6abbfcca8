/**
 * The file index of one layer: every entry of its tar, whiteouts recorded as
 * such, stored as columns so a layer of a million entries stays small (about
 * 90 bytes per entry plus its distinct names). Built by LayerIndexBuilder.
 *
 * Whiteouts (image-spec layer.md, "Whiteouts") are kept, not applied: a
 * layer on its own says what it deletes; mergeLayers applies them.
 */
import { DIRECTORY_CODE, ENTRY_TYPES, FILE_CODE, SYMLINK_CODE, type EntryType, type EntryView } from './entry';
import { joinPath } from './path';
import { packStrings, unpackStrings, type PackedStrings } from './string-table';
import { resolvedPath, resolveSymlinkIn, type SymlinkResolution } from './symlink';
import { PreorderTree, subtreeTotals, type FilterOptions } from './tree-shape';

/** Bits of a node's flags column. */
export const NodeFlag = {
  /** A tar entry listed this path. */
  LISTED: 1,
  /** A directory implied by entries below it and never listed. */
  IMPLICIT: 2,
  /** A `.wh.<name>` marker named this path: lower layers' copies are deleted. */
  WHITEOUT: 4,
  /** A `.wh..wh..opq` marker sits in this directory: lower layers' children are hidden. */
  OPAQUE: 8,
  /** A GNU sparse file: its stored bytes are fragments, which a reader expands (tar-sparse.ts). */
  SPARSE: 32,
} as const;

/** The columns of a finished layer index, all of one length, rows in preorder. */
export interface LayerIndexColumns {
  strings: readonly string[];
  name: Uint32Array;
  parent: Int32Array;
  end: Int32Array;
  type: Uint8Array;
  flags: Uint8Array;
  mode: Uint32Array;
  uid: Uint32Array;
  gid: Uint32Array;
  uname: Uint32Array;
  gname: Uint32Array;
  size: Float64Array;
  mtime: Float64Array;
  headerOffset: Float64Array;
  dataOffset: Float64Array;
  linkpaths: Map<number, string>;
  devices: Map<number, readonly [number, number]>;
  /** Rows that have extended attributes, and their names (sorted). */
  xattrs: Map<number, readonly string[]>;
  /** Rows that are GNU sparse files, and the bytes of fragments their tar entry stores. */
  sparseStored: Map<number, number>;
}

/** The numeric columns of a layer index, as they travel between threads. */
type NumericColumns = Omit<LayerIndexColumns, 'strings' | 'linkpaths' | 'devices' | 'xattrs' | 'sparseStored'>;

/**
 * A layer index as plain typed arrays (LayerIndex.toTransfer): posting it with
 * its `transfer` list moves the buffers instead of copying objects.
 */
export interface LayerIndexTransfer {
  strings: PackedStrings;
  columns: NumericColumns;
  /** Rows that have a link target, and the targets in the same order. */
  linkRows: Int32Array;
  links: PackedStrings;
  /** Rows that are devices, and their (major, minor) pairs flattened. */
  deviceRows: Int32Array;
  devices: Float64Array;
  /** One row per extended attribute name (a row repeats for each of its names), and the names in the same order. */
  xattrRows: Int32Array;
  xattrNames: PackedStrings;
  /** Rows that are sparse files, and the bytes each stores, in the same order. */
  sparseRows: Int32Array;
  sparseStored: Float64Array;
}

const NUMERIC_COLUMNS = [
  'name', 'parent', 'end', 'type', 'flags', 'mode', 'uid', 'gid', 'uname', 'gname', 'size', 'mtime', 'headerOffset', 'dataOffset',
] as const satisfies ReadonlyArray<keyof NumericColumns>;

/** One entry of a layer index as queries return it. */
export interface LayerEntryView extends EntryView {
  /** Row number in the index (0 is the root). */
  index: number;
  /** This layer deletes the path from lower layers and creates nothing there itself. */
  whiteout: boolean;
  /** A directory whose lower-layer children this layer hides (opaque marker, or whiteout and re-creation in one layer). */
  opaque: boolean;
}

/** Why a directory hides its lower-layer children. */
export type LowerChildrenHiddenBy = 'opaque' | 'whiteout' | undefined;

/** The immutable, queryable index of one layer's entries. */
export class LayerIndex {
  /** Navigation: lookup, children, paths. */
  readonly tree: PreorderTree;
  /** Number of rows, the root included; rows are 0 … size-1. */
  readonly size: number;
  private readonly totals: Float64Array;
  /** Bytes the layer's tar stores for its regular files: a sparse file counts its fragments, not its holes. */
  readonly storedFileBytes: number;

  constructor(private readonly c: LayerIndexColumns) {
    this.tree = new PreorderTree(c.parent, c.end, (i) => c.strings[c.name[i]]);
    this.size = c.parent.length;
    const own = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) if (this.isRegularFile(i)) own[i] = c.size[i];
    this.totals = subtreeTotals(c.parent, own);
    let holes = 0;
    for (const [row, stored] of c.sparseStored) if (this.isRegularFile(row)) holes += c.size[row] - stored;
    this.storedFileBytes = this.totals[0] - holes;
  }

  /** Rebuilds an index from `toTransfer` data (after it crossed a thread boundary). */
  static fromTransfer(data: LayerIndexTransfer): LayerIndex {
    const linkTargets = unpackStrings(data.links);
    const linkpaths = new Map<number, string>();
    data.linkRows.forEach((row, k) => linkpaths.set(row, linkTargets[k]));
    const devices = new Map<number, readonly [number, number]>();
    data.deviceRows.forEach((row, k) => devices.set(row, [data.devices[2 * k], data.devices[2 * k + 1]]));
    const names = unpackStrings(data.xattrNames);
    const xattrs = new Map<number, string[]>();
    data.xattrRows.forEach((row, k) => {
      const list = xattrs.get(row);
      if (list) list.push(names[k]);
      else xattrs.set(row, [names[k]]);
    });
    const sparseStored = new Map<number, number>();
    data.sparseRows.forEach((row, k) => sparseStored.set(row, data.sparseStored[k]));
    return new LayerIndex({ ...data.columns, strings: unpackStrings(data.strings), linkpaths, devices, xattrs, sparseStored });
  }

  /**
   * The index as typed arrays plus the buffers to transfer with them. Posting
   * with that transfer list moves the column buffers to the receiver: this
   * index must not be used afterwards.
   */
  toTransfer(): { data: LayerIndexTransfer; transfer: ArrayBuffer[] } {
    const c = this.c;
    const seen = new Set<ArrayBufferLike>();
    // A buffer can be listed once, and only whole: copy a column that shares one or is a view into a larger one.
    const own = <T extends NumericColumns[keyof NumericColumns]>(column: T): T => {
      const whole = column.byteOffset === 0 && column.byteLength === column.buffer.byteLength;
      const mine = whole && !seen.has(column.buffer) && column.buffer instanceof ArrayBuffer ? column : (column.slice() as T);
      seen.add(mine.buffer);
      return mine;
    };
    const columns = {} as Record<keyof NumericColumns, NumericColumns[keyof NumericColumns]>;
    for (const key of NUMERIC_COLUMNS) columns[key] = own(c[key]);
    const linkRows = Int32Array.from(c.linkpaths.keys());
    const deviceRows = Int32Array.from(c.devices.keys());
    const devices = new Float64Array(deviceRows.length * 2);
    deviceRows.forEach((row, k) => devices.set(c.devices.get(row)!, 2 * k));
    const xattrRows: number[] = [];
    const xattrNames: string[] = [];
    for (const [row, names] of c.xattrs) {
      for (const name of names) {
        xattrRows.push(row);
        xattrNames.push(name);
      }
    }
    const sparseRows = Int32Array.from(c.sparseStored.keys());
    const sparseStored = Float64Array.from(c.sparseStored.values());
    const xattrRowList = Int32Array.from(xattrRows);
    const xattrNameList = packStrings(xattrNames);
    const data: LayerIndexTransfer = {
      strings: packStrings(c.strings),
      columns: columns as NumericColumns,
      linkRows,
      links: packStrings(Array.from(c.linkpaths.values())),
      deviceRows,
      devices,
      xattrRows: xattrRowList,
      xattrNames: xattrNameList,
      sparseRows,
      sparseStored,
    };
    const transfer: ArrayBuffer[] = [
      ...(Array.from(seen) as ArrayBuffer[]),
      data.strings.bytes.buffer,
      data.strings.ends.buffer,
      linkRows.buffer,
      data.links.bytes.buffer,
      data.links.ends.buffer,
      deviceRows.buffer,
      devices.buffer,
      xattrRowList.buffer,
      xattrNameList.bytes.buffer,
      xattrNameList.ends.buffer,
      sparseRows.buffer,
      sparseStored.buffer,
    ];
    return { data, transfer };
  }

  /** The view of row `index`. */
  entry(index: number): LayerEntryView {
    return this.view(index, this.tree.pathOf(index));
  }

  /** Row number of a path, or -1. */
  indexOf(path: string): number {
    return this.tree.indexOf(path);
  }

  /** The entry at a path (whiteout records included), or undefined. */
  lookup(path: string): LayerEntryView | undefined {
    const i = this.tree.indexOf(path);
    return i < 0 ? undefined : this.view(i, this.tree.pathOf(i));
  }

  /** Entries directly inside a directory, sorted by name; [] for a missing path or a non-directory. */
  children(path: string): LayerEntryView[] {
    const i = this.tree.indexOf(path);
    if (i < 0) return [];
    const dir = this.tree.pathOf(i);
    return Array.from(this.tree.childIndices(i), (c) => this.view(c, joinPath(dir, this.nameOf(c))));
  }

  /** Every entry below the root (whiteout records included), depth-first, children by name. */
  *walk(): Generator<LayerEntryView> {
    for (const [i, path] of this.tree.paths(0)) if (i !== 0) yield this.view(i, path);
  }

  /** Sum of the sizes of the regular files at or under a path (0 when missing). */
  totalSize(path: string): number {
    const i = this.tree.indexOf(path);
    return i < 0 ? 0 : this.totals[i];
  }

  /** Entries whose path contains `needle`, in walk order. */
  filter(needle: string, options: FilterOptions = {}): LayerEntryView[] {
    const out: LayerEntryView[] = [];
    for (const i of this.tree.matching(needle, options)) {
      if (options.limit !== undefined && out.length >= options.limit) break;
      out.push(this.entry(i));
    }
    return out;
  }

  /** Follows symlinks within this layer alone; the resolved path, or undefined (missing, loop, too many hops). */
  resolveSymlink(path: string, maxHops = 40): string | undefined {
    return resolvedPath(this.followSymlinks(path, maxHops));
  }

  /** Follows symlinks within this layer alone: where the path leads, or why nowhere. */
  followSymlinks(path: string, maxHops = 40): SymlinkResolution {
    return resolveSymlinkIn(
      {
        childByName: (i, name) => this.tree.childByName(i, name),
        isDirectory: (i) => this.isDirectory(i),
        symlinkTarget: (i) => (this.c.type[i] === SYMLINK_CODE ? (this.c.linkpaths.get(i) ?? '') : undefined),
        pathOf: (i) => this.tree.pathOf(i),
      },
      path,
      maxHops,
    );
  }

  // Row accessors for the overlay merge, which reads columns without building views.

  /** Name of a row ("" for the root). */
  nameOf(index: number): string {
    return this.tree.name(index);
  }

  /** Entry type of a row. */
  typeOf(index: number): EntryType {
    return ENTRY_TYPES[this.c.type[index]];
  }

  /** True when the row is a directory (listed or implied). */
  isDirectory(index: number): boolean {
    return this.c.type[index] === DIRECTORY_CODE && !this.isWhiteout(index);
  }

  /** True for a regular file (hardlinks excluded: their bytes belong to their target). */
  isRegularFile(index: number): boolean {
    return this.c.type[index] === FILE_CODE && !this.isWhiteout(index);
  }

  /** True when the row only deletes the path from lower layers. */
  isWhiteout(index: number): boolean {
    return (this.c.flags[index] & (NodeFlag.LISTED | NodeFlag.IMPLICIT)) === 0 && (this.c.flags[index] & NodeFlag.WHITEOUT) !== 0;
  }

  /** True when a whiteout marker names this row's path: lower layers' entries there are deleted, whatever this layer re-creates. */
  deletesLower(index: number): boolean {
    return (this.c.flags[index] & NodeFlag.WHITEOUT) !== 0;
  }

  /** True for a directory implied by its descendants, never listed in the tar. */
  isImplicit(index: number): boolean {
    return (this.c.flags[index] & NodeFlag.IMPLICIT) !== 0;
  }

  /** Whether this directory hides its lower-layer children, and by which marker. */
  lowerChildrenHiddenBy(index: number): LowerChildrenHiddenBy {
    if (!this.isDirectory(index)) return undefined;
    const f = this.c.flags[index];
    if (f & NodeFlag.OPAQUE) return 'opaque';
    // `.wh.d` plus `d/` in one layer: the marker deletes the lower d, the entry re-creates it empty.
    if (f & NodeFlag.WHITEOUT) return 'whiteout';
    return undefined;
  }

  /** Symlink target as written, or canonical hardlink target; undefined for other types. */
  linkpathOf(index: number): string | undefined {
    return this.c.linkpaths.get(index);
  }

  /** Size field of a row. */
  sizeOf(index: number): number {
    return this.c.size[index];
  }

  /** Bytes the tar stores for a row's content: a sparse file's fragments, else its size field. */
  storedSizeOf(index: number): number {
    return this.c.sparseStored.get(index) ?? this.c.size[index];
  }

  /** Header and data offsets of a row in the uncompressed layer tar; `sparse` when its data are a sparse file's fragments. */
  offsetsOf(index: number): { headerOffset: number; dataOffset: number; sparse?: true } {
    const offsets = { headerOffset: this.c.headerOffset[index], dataOffset: this.c.dataOffset[index] };
    return (this.c.flags[index] & NodeFlag.SPARSE) !== 0 ? { ...offsets, sparse: true } : offsets;
  }

  /** The view of a row whose path the caller already knows. */
  view(index: number, path: string): LayerEntryView {
    const c = this.c;
    const v: LayerEntryView = {
      index,
      path,
      name: this.tree.name(index),
      type: ENTRY_TYPES[c.type[index]],
      mode: c.mode[index],
      uid: c.uid[index],
      gid: c.gid[index],
      uname: c.strings[c.uname[index]],
      gname: c.strings[c.gname[index]],
      size: c.size[index],
      mtime: c.mtime[index],
      headerOffset: c.headerOffset[index],
      dataOffset: c.dataOffset[index],
      implicit: this.isImplicit(index),
      whiteout: this.isWhiteout(index),
      opaque: this.lowerChildrenHiddenBy(index) !== undefined,
    };
    if ((c.flags[index] & NodeFlag.SPARSE) !== 0) v.sparse = true;
    const link = c.linkpaths.get(index);
    if (link !== undefined) v.linkpath = link;
    const device = c.devices.get(index);
    if (device !== undefined) [v.devmajor, v.devminor] = device;
    const xattrs = c.xattrs.get(index);
    if (xattrs !== undefined) v.xattrs = xattrs;
    return v;
  }
}
