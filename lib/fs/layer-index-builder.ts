/**
 * Builds a LayerIndex from a layer's tar entries as they stream past, one
 * `add` per header, without keeping the entries.
 *
 * Rules, from the image-spec (layer.md) and tar's extraction order:
 * - paths are canonicalized; `..` and absolute paths are refused, and so are
 *   entries below a whiteout or opaque marker name (`.wh.d/f`);
 * - `d/.wh.n` records a whiteout of `d/n`; `d/.wh..wh..opq` marks `d` opaque;
 *   other `.wh..wh.` names are AUFS bookkeeping and are skipped (as Docker does);
 * - a parent never listed becomes an implicit directory;
 * - a parent path that goes through a symlink this layer listed earlier is
 *   followed, as an extractor writing into the layer's own directory does
 *   (docker, containerd): `lib -> usr/lib` then `lib/x.so` lists
 *   `/usr/lib/x.so`. A link that cannot be followed (a loop, an empty target,
 *   a file at its end) is refused: no extraction can place what is below it.
 *   Links of lower layers are not followed (overlay.ts says why);
 * - a path listed twice keeps the last entry (tar overwrites on extraction);
 *   a non-directory that replaces a directory drops what was under it, an
 *   entry below a non-directory turns it back into an implicit directory.
 */
import { DIRECTORY_CODE, HARDLINK_CODE, SYMLINK_CODE, entryTypeCode, type LayerEntryInput } from './entry';
import { UnexpectedError } from '../errors';
import { UnsafePathError } from './errors';
import { growColumn, permuteColumn } from './columns';
import { LayerIndex, NodeFlag } from './layer-index';
import { normalizeLayerPath, pathComponents } from './path';
import { compareNames } from './tree-shape';
import { WHITEOUT_META_PREFIX, WHITEOUT_PREFIX, classifyWhiteout } from './whiteout';
import { xattrNames } from './xattrs';

// A node replaced by a later entry of the same path; dropped at finish.
const DEAD = 16; // a builder-only bit, beside NodeFlag's
// Child keys pack (parent, name id) into one number below 2^53.
const NAME_BITS = 2 ** 26;
const DEFAULT_DIR_MODE = 0o755;
// Linux's MAXSYMLINKS: more links than this while resolving one path is a loop.
const MAX_LINK_HOPS = 40;

/** Accumulates one layer's tar entries into a compact LayerIndex. */
export class LayerIndexBuilder {
  private n = 0;
  private cap = 1024;
  private name = new Uint32Array(this.cap);
  private parent = new Int32Array(this.cap);
  private type = new Uint8Array(this.cap);
  private flags = new Uint8Array(this.cap);
  private mode = new Uint32Array(this.cap);
  private uid = new Uint32Array(this.cap);
  private gid = new Uint32Array(this.cap);
  private uname = new Uint32Array(this.cap);
  private gname = new Uint32Array(this.cap);
  private size = new Float64Array(this.cap);
  private mtime = new Float64Array(this.cap);
  private headerOffset = new Float64Array(this.cap);
  private dataOffset = new Float64Array(this.cap);
  private strings: string[] = [];
  private stringIds = new Map<string, number>();
  private childIds = new Map<number, number>();
  private linkpaths = new Map<number, string>();
  private devices = new Map<number, readonly [number, number]>();
  private xattrs = new Map<number, readonly string[]>();
  private sparseStored = new Map<number, number>();
  private finished = false;
  // Cache of `directory()`; cleared whenever a directory node is replaced.
  private lastDirPath: string | undefined;
  private lastDirNode = 0;

  constructor() {
    const root = this.newNode(-1, '');
    this.makeImplicitDir(root);
  }

  /** Adds one tar entry; throws UnsafePathError for a path (or hardlink target) outside the root. */
  add(entry: LayerEntryInput): void {
    if (this.finished) throw new UnexpectedError('LayerIndexBuilder.add called after finish');
    // Everything is checked before anything changes, so a refused entry leaves the index as it was.
    const path = normalizeLayerPath(entry.path, entry.headerOffset);
    const link = entry.type === 'hardlink' ? normalizeLayerPath(entry.linkpath ?? '', entry.headerOffset) : entry.linkpath;
    const slash = path.lastIndexOf('/');
    const base = path.slice(slash + 1);
    const marker = classifyWhiteout(base);
    if (marker.kind === 'whiteout' && (marker.target === '.' || marker.target === '..' || marker.target === '')) {
      throw new UnsafePathError(entry.path, 'a whiteout must name an entry of its directory', entry.headerOffset, 'whiteout-names-nothing');
    }
    if (path === '/') {
      // "./" lists the root itself; a non-directory there cannot be extracted and is ignored.
      if (entry.type === 'directory') this.write(0, entry, link);
      return;
    }
    // AUFS bookkeeping directories (".wh..wh.plnk/…") are not part of the filesystem.
    if (path.includes(WHITEOUT_META_PREFIX) && path.split('/').some((c) => classifyWhiteout(c).kind === 'meta')) return;
    // A marker names a deletion, so nothing can sit below one; kept, ".wh.d/f" would put a
    // whiteout-named directory in the merged tree, which any importer of a flattened rootfs reads as a deletion.
    if (slash > 0 && path.lastIndexOf(WHITEOUT_PREFIX, slash) !== -1 && path.slice(1, slash).split('/').some((c) => classifyWhiteout(c).kind !== 'none')) {
      throw new UnsafePathError(entry.path, 'a whiteout marker cannot have entries below it', entry.headerOffset, 'below-whiteout');
    }
    const dir = this.directory(slash === 0 ? '/' : path.slice(0, slash), entry);
    if (marker.kind === 'opaque') {
      this.flags[dir] |= NodeFlag.OPAQUE;
      return;
    }
    if (marker.kind === 'whiteout') {
      const target = marker.target;
      const existing = this.childIds.get(this.key(dir, target));
      if (existing !== undefined) {
        this.flags[existing] |= NodeFlag.WHITEOUT;
        return;
      }
      // The marker's own header stands in for the deleted path's metadata.
      const node = this.newNode(dir, target);
      this.write(node, entry, undefined);
      this.flags[node] = NodeFlag.WHITEOUT;
      return;
    }
    let node = this.childIds.get(this.key(dir, base));
    if (node === undefined) {
      node = this.newNode(dir, base);
    } else if (this.type[node] === DIRECTORY_CODE && entry.type !== 'directory') {
      // The old directory and everything listed under it are gone; the new entry keeps the marker bits.
      const carried = this.flags[node] & NodeFlag.WHITEOUT;
      this.flags[node] |= DEAD;
      this.lastDirPath = undefined;
      node = this.newNode(dir, base);
      this.flags[node] = carried;
    }
    this.write(node, entry, link);
  }

  /** Freezes the index: drops replaced rows, sorts children by name and renumbers rows in preorder. */
  finish(): LayerIndex {
    if (this.finished) throw new UnexpectedError('LayerIndexBuilder.finish called twice');
    this.finished = true;
    const n = this.n;
    const parent = this.parent;
    // Parents are always created before their children, so one forward pass settles liveness.
    const live = new Uint8Array(n);
    live[0] = 1;
    let liveCount = 1;
    for (let i = 1; i < n; i++) {
      const p = parent[i];
      if ((this.flags[i] & DEAD) === 0 && live[p] === 1 && this.type[p] === DIRECTORY_CODE && !this.isWhiteoutOnly(p)) {
        live[i] = 1;
        liveCount++;
      }
    }
    // Group live children by parent, sort each group by name.
    const start = new Int32Array(n + 1);
    for (let i = 1; i < n; i++) if (live[i]) start[parent[i] + 1]++;
    for (let i = 0; i < n; i++) start[i + 1] += start[i];
    const cursor = start.slice(0, n);
    const grouped = new Int32Array(liveCount - 1);
    for (let i = 1; i < n; i++) if (live[i]) grouped[cursor[parent[i]]++] = i;
    const strings = this.strings;
    const nameCol = this.name;
    for (let p = 0; p < n; p++) {
      if (start[p + 1] - start[p] > 1) {
        grouped.subarray(start[p], start[p + 1]).sort((a, b) => compareNames(strings[nameCol[a]], strings[nameCol[b]]));
      }
    }
    // Subtree sizes bottom-up, then preorder positions top-down.
    const subtree = new Int32Array(n);
    for (let i = n - 1; i >= 0; i--) {
      if (!live[i]) continue;
      subtree[i] += 1;
      if (i > 0) subtree[parent[i]] += subtree[i];
    }
    const position = new Int32Array(n).fill(-1);
    const order = new Int32Array(liveCount);
    position[0] = 0;
    for (let p = 0; p < n; p++) {
      if (!live[p]) continue;
      order[position[p]] = p;
      let next = position[p] + 1;
      for (let k = start[p]; k < start[p + 1]; k++) {
        const child = grouped[k];
        position[child] = next;
        next += subtree[child];
      }
    }
    const newParent = new Int32Array(liveCount);
    const end = new Int32Array(liveCount);
    for (let k = 0; k < liveCount; k++) {
      const old = order[k];
      newParent[k] = k === 0 ? -1 : position[parent[old]];
      end[k] = k + subtree[old];
    }
    const remap = <V>(map: Map<number, V>) => {
      const out = new Map<number, V>();
      for (const [old, value] of map) if (live[old]) out.set(position[old], value);
      return out;
    };
    const index = new LayerIndex({
      strings,
      name: permuteColumn(this.name, order),
      parent: newParent,
      end,
      type: permuteColumn(this.type, order),
      flags: permuteColumn(this.flags, order),
      mode: permuteColumn(this.mode, order),
      uid: permuteColumn(this.uid, order),
      gid: permuteColumn(this.gid, order),
      uname: permuteColumn(this.uname, order),
      gname: permuteColumn(this.gname, order),
      size: permuteColumn(this.size, order),
      mtime: permuteColumn(this.mtime, order),
      headerOffset: permuteColumn(this.headerOffset, order),
      dataOffset: permuteColumn(this.dataOffset, order),
      linkpaths: remap(this.linkpaths),
      devices: remap(this.devices),
      xattrs: remap(this.xattrs),
      sparseStored: remap(this.sparseStored),
    });
    this.release();
    return index;
  }

  private isWhiteoutOnly(i: number): boolean {
    return (this.flags[i] & (NodeFlag.LISTED | NodeFlag.IMPLICIT)) === 0;
  }

  /** The directory node of a canonical path; tar lists a directory's entries together, so the last one is remembered. */
  private directory(path: string, entry: LayerEntryInput): number {
    if (path === this.lastDirPath) return this.lastDirNode;
    const node = path === '/' ? 0 : this.ensureDirectory(path.slice(1).split('/'), entry);
    this.lastDirPath = path;
    this.lastDirNode = node;
    return node;
  }

  /**
   * The directory node for these components, following this layer's symlinks and creating or converting implicit
   * directories on the way. Nothing changes unless the whole path resolves.
   */
  private ensureDirectory(components: string[], entry: LayerEntryInput): number {
    const through = this.linkOnPath(components, entry);
    if (through !== undefined) return this.ensureDirectory(through, entry);
    let node = 0;
    for (const component of components) {
      const child = this.childIds.get(this.key(node, component));
      if (child === undefined) {
        node = this.newNode(node, component);
        this.makeImplicitDir(node);
      } else {
        node = child;
        if (this.type[node] !== DIRECTORY_CODE || this.isWhiteoutOnly(node)) this.makeImplicitDir(node);
      }
    }
    return node;
  }

  /**
   * When a listed symlink of this layer lies on the path, the components of the path it leads to (resolved as the
   * kernel does: ".." from where the walk is, an absolute target from the root); undefined when none does.
   * Throws UnsafePathError for a loop, an empty target, or a path that reaches a file.
   */
  private linkOnPath(components: string[], entry: LayerEntryInput): string[] | undefined {
    // Most paths have no link on them: one lookup per component, and nothing is allocated.
    let node = 0;
    let k = 0;
    for (; k < components.length; k++) {
      const child = this.childIds.get(this.key(node, components[k]));
      if (child === undefined) return undefined;
      if (this.type[child] === SYMLINK_CODE && (this.flags[child] & NodeFlag.LISTED) !== 0) break;
      node = child;
    }
    if (k === components.length) return undefined;
    const refuse = (why: string) => {
      throw new UnsafePathError(entry.path, why, entry.headerOffset, 'through-symlink');
    };
    // The directories walked through, root first, so ".." goes back the way the walk came.
    const stack: string[] = [];
    const pending = components.slice().reverse();
    let hops = 0;
    let at = 0;
    while (pending.length > 0) {
      const component = pending.pop() as string;
      if (component === '..') {
        if (stack.length > 0) stack.pop();
        at = this.nodeAt(stack);
        continue;
      }
      const child = at < 0 ? undefined : this.childIds.get(this.key(at, component));
      const listedLink = child !== undefined && this.type[child] === SYMLINK_CODE && (this.flags[child] & NodeFlag.LISTED) !== 0;
      if (!listedLink) {
        // Before any link, a file on the path becomes an implicit directory (the rule above); past one, it is where the link led.
        if (hops > 0 && child !== undefined && (this.flags[child] & NodeFlag.LISTED) !== 0 && this.type[child] !== DIRECTORY_CODE) {
          refuse(`its parent leads through a symlink to ${JSON.stringify(`/${[...stack, component].join('/')}`)}, which is not a directory`);
        }
        stack.push(component);
        at = child === undefined ? -1 : child;
        continue;
      }
      const target = this.linkpaths.get(child) ?? '';
      if (++hops > MAX_LINK_HOPS) refuse(`its parent goes through more than ${MAX_LINK_HOPS} symlinks (a loop)`);
      if (target === '') refuse(`its parent goes through the symlink ${JSON.stringify(`/${[...stack, component].join('/')}`)}, which has an empty target`);
      if (target.startsWith('/')) stack.length = 0;
      at = this.nodeAt(stack);
      pending.push(...pathComponents(target).reverse());
    }
    // The same rule as for a path as written: nothing can sit below a whiteout marker's name.
    if (stack.some((c) => classifyWhiteout(c).kind !== 'none')) {
      throw new UnsafePathError(entry.path, `its parent leads through a symlink to ${JSON.stringify(`/${stack.join('/')}`)}, below a whiteout marker`, entry.headerOffset, 'below-whiteout');
    }
    return stack;
  }

  /** The node at these components, or -1 when one is missing. */
  private nodeAt(components: readonly string[]): number {
    let node = 0;
    for (const component of components) {
      const child = this.childIds.get(this.key(node, component));
      if (child === undefined) return -1;
      node = child;
    }
    return node;
  }

  private makeImplicitDir(node: number): void {
    this.type[node] = DIRECTORY_CODE;
    this.flags[node] = (this.flags[node] & NodeFlag.WHITEOUT) | NodeFlag.IMPLICIT;
    this.mode[node] = DEFAULT_DIR_MODE;
    this.uid[node] = this.gid[node] = 0;
    this.uname[node] = this.gname[node] = this.intern('');
    this.size[node] = this.mtime[node] = this.headerOffset[node] = this.dataOffset[node] = 0;
    this.linkpaths.delete(node);
    this.devices.delete(node);
    this.xattrs.delete(node);
    this.sparseStored.delete(node);
  }

  /** Stores an entry's metadata in a row; `link` is the hardlink target already made canonical. */
  private write(node: number, e: LayerEntryInput, link: string | undefined): void {
    // A remembered directory may have been reached through a link that this entry makes or replaces.
    if (this.type[node] === SYMLINK_CODE || e.type === 'symlink') this.lastDirPath = undefined;
    this.type[node] = entryTypeCode(e.type);
    this.flags[node] = (this.flags[node] & (NodeFlag.WHITEOUT | NodeFlag.OPAQUE)) | NodeFlag.LISTED | (e.sparse ? NodeFlag.SPARSE : 0);
    this.mode[node] = e.mode;
    this.uid[node] = e.uid;
    this.gid[node] = e.gid;
    this.uname[node] = this.intern(e.uname);
    this.gname[node] = this.intern(e.gname);
    this.size[node] = e.size;
    this.mtime[node] = e.mtime;
    this.headerOffset[node] = e.headerOffset;
    this.dataOffset[node] = e.dataOffset;
    const code = this.type[node];
    if (code === SYMLINK_CODE || code === HARDLINK_CODE) this.linkpaths.set(node, link ?? '');
    else this.linkpaths.delete(node);
    if (e.type === 'char' || e.type === 'block') this.devices.set(node, [e.devmajor ?? 0, e.devminor ?? 0]);
    else this.devices.delete(node);
    // A sparse file's holes are not in the tar: what the layer ships of it is its stored fragments.
    if (e.sparse) this.sparseStored.set(node, typeof e.sparse === 'object' ? e.sparse.stored : e.size);
    else this.sparseStored.delete(node);
    const xattrs = xattrNames(e.pax);
    if (xattrs.length > 0) this.xattrs.set(node, xattrs);
    else this.xattrs.delete(node);
  }

  private newNode(parent: number, name: string): number {
    if (this.n === this.cap) this.grow();
    const node = this.n++;
    const nameId = this.intern(name);
    this.name[node] = nameId;
    this.parent[node] = parent;
    if (parent >= 0) this.childIds.set(this.key(parent, nameId), node);
    return node;
  }

  private key(parent: number, name: string | number): number {
    const id = typeof name === 'number' ? name : this.stringIds.get(name);
    // An unknown name cannot be anyone's child; -1 never matches a stored key.
    return id === undefined ? -1 : parent * NAME_BITS + id;
  }

  private intern(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      if (id >= NAME_BITS) throw new UnexpectedError(`more than ${NAME_BITS} distinct names in one layer`);
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
  }

  private grow(): void {
    const cap = this.cap * 2;
    this.name = growColumn(this.name, cap);
    this.parent = growColumn(this.parent, cap);
    this.type = growColumn(this.type, cap);
    this.flags = growColumn(this.flags, cap);
    this.mode = growColumn(this.mode, cap);
    this.uid = growColumn(this.uid, cap);
    this.gid = growColumn(this.gid, cap);
    this.uname = growColumn(this.uname, cap);
    this.gname = growColumn(this.gname, cap);
    this.size = growColumn(this.size, cap);
    this.mtime = growColumn(this.mtime, cap);
    this.headerOffset = growColumn(this.headerOffset, cap);
    this.dataOffset = growColumn(this.dataOffset, cap);
    this.cap = cap;
  }

  // The index owns copies of everything it needs; the build state can go.
  private release(): void {
    this.stringIds = new Map();
    this.childIds = new Map();
    this.linkpaths = new Map();
    this.devices = new Map();
    this.xattrs = new Map();
    this.sparseStored = new Map();
    this.strings = [];
    this.cap = 1;
    this.n = 0;
    this.name = this.uid = this.gid = this.uname = this.gname = this.mode = new Uint32Array(1);
    this.parent = new Int32Array(1);
    this.type = this.flags = new Uint8Array(1);
    this.size = this.mtime = this.headerOffset = this.dataOffset = new Float64Array(1);
  }
}

/** Builds the index of a whole list of entries at once (tests, small layers). */
export function buildLayerIndex(entries: Iterable<LayerEntryInput>): LayerIndex {
  const builder = new LayerIndexBuilder();
  for (const entry of entries) builder.add(entry);
  return builder.finish();
}
