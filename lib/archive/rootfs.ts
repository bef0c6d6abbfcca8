/**
 * The flattened rootfs of an image as one tar stream: all layers merged with
 * whiteouts applied, what `umoci unpack` or `crane export` give.
 *
 * Order (stable for a given image): every directory first, in preorder;
 * then the surviving entries of layer 0, in that layer's tar order, then
 * those of layer 1, and so on; each hardlink right after the file it shares;
 * then every directory again, children before parents: the entry that sets
 * its final metadata (rootfs-plan.ts says why). Each layer tar is read once,
 * start to end (or until its last surviving entry), and file contents stream
 * straight from it to the output: memory stays bounded whatever the image
 * size. Layers with nothing surviving (a listed directory counts) are not
 * opened at all.
 *
 * Metadata (mode, uid/gid, user and group names, mtime, link targets,
 * device numbers) is copied from each layer's tar header; paths are the
 * merged tree's canonical ones, relative ("usr/bin/env"). So are extended
 * attributes and ACLs (a directory's on its second entry), the PAX records
 * GNU tar, libarchive and star write them as (`SCHILY.xattr.*`,
 * `LIBARCHIVE.xattr.*`, `SCHILY.acl.*`, `RHT.security.selinux`), byte for
 * byte: the tar reader keeps binary values such as `security.capability`
 * losslessly and the encoder writes the same bytes back, and a program
 * whose file capabilities are dropped fails once the rootfs is imported.
 * Other records are left behind: they describe the source archive's own
 * encoding (sparse maps, charsets, inode numbers), not the file.
 */
import type { MergedTree } from '../fs/merged-tree';
import type { TarHeader } from '../stream/tar-header';
import { paxTime } from '../stream/tar-pax';
import { type TarEvent, tarEntriesStream } from '../stream/tar-reader';
import { LayerContentMismatchError, TarWriteError } from './errors';
import { type RootfsPlan, type RootfsWarning, planRootfs } from './rootfs-plan';
import type { TarWriterEntry, TarWriterEntryType } from './tar-encode';
import { type TarInput, tarStream } from './tar-writer';

export type { RootfsWarning } from './rootfs-plan';

/** Inputs of `flattenRootfs`. */
export interface FlattenRootfsOptions {
  /** The merged tree of the image's layers (its `layers` are the layer indexes, bottom first). */
  tree: MergedTree;
  /** The uncompressed tar of layer `layer` (0 = bottom), the same bytes its index was built from; opened once, in layer order. */
  openLayerTar(layer: number): ReadableStream<Uint8Array> | Promise<ReadableStream<Uint8Array>>;
}

/** A flattened rootfs being written. */
export interface FlattenedRootfs {
  /** The tar archive; pulling it drives the layer reads, cancelling it cancels them. */
  readable: ReadableStream<Uint8Array>;
  /** Entries left out (unresolvable hardlinks, vendor entry types), known before the first byte. */
  warnings: RootfsWarning[];
  /** Number of entries the archive holds. */
  entries: number;
  /** Bytes of file content it holds (the bulk of its size; for progress). */
  contentBytes: number;
}

/** Streams the flattened rootfs tar of a merged tree. */
export function flattenRootfs(options: FlattenRootfsOptions): FlattenedRootfs {
  const plan = planRootfs(options.tree);
  return {
    readable: tarStream(rootfsInputs(plan, options)),
    warnings: plan.warnings,
    entries: plan.entries,
    contentBytes: plan.contentBytes,
  };
}

async function* rootfsInputs(plan: RootfsPlan, options: FlattenRootfsOptions): AsyncGenerator<TarInput, void, undefined> {
  for (const entry of plan.directories) yield { entry };
  // The directories' second entries, completed from their layer headers as those stream past.
  const finalDirectories = plan.directories.slice();
  for (let layer = 0; layer < plan.layers.length; layer++) {
    const wanted = plan.layers[layer];
    if (wanted.size === 0) continue;
    const reader = (await options.openLayerTar(layer)).pipeThrough(tarEntriesStream()).getReader();
    try {
      let remaining = wanted.size;
      while (remaining > 0) {
        const next = await reader.read();
        if (next.done) break;
        if (next.value.kind !== 'entry') continue;
        const header = next.value.header;
        const planned = wanted.get(header.dataOffset);
        if (planned === undefined) continue;
        remaining--;
        if (planned.directory !== undefined) {
          finalDirectories[planned.directory] = directoryFrom(finalDirectories[planned.directory], header);
          continue;
        }
        const entry = entryFrom(planned.path, header);
        if (entry.type === 'file') yield { entry, content: contentOf(reader, header) };
        else yield { entry };
        for (const link of planned.links) {
          yield { entry: { ...entry, path: link, type: 'hardlink', size: 0, linkpath: planned.path } };
        }
      }
      if (remaining > 0) throw new LayerContentMismatchError(layer, remaining);
    } finally {
      // Stops reading (and fetching) the rest of the layer once its last surviving entry is out.
      await reader.cancel().catch(() => undefined);
    }
  }
  for (let i = finalDirectories.length - 1; i >= 0; i--) yield { entry: finalDirectories[i] };
}

/** The content of the entry whose header was just read: data events up to its end. */
async function* contentOf(reader: ReadableStreamDefaultReader<TarEvent>, header: TarHeader): AsyncGenerator<Uint8Array, void, undefined> {
  for (;;) {
    const next = await reader.read();
    // A truncated tar errors the reader; a clean end here cannot happen, and the writer's size check catches it anyway.
    if (next.done) return;
    const event = next.value;
    if (event.kind === 'data') yield event.chunk;
    else if (event.kind === 'entry-end' && event.header === header) return;
  }
}

const WRITABLE_TYPES: ReadonlySet<string> = new Set<TarWriterEntryType>(['file', 'symlink', 'char', 'block', 'fifo']);

function entryFrom(path: string, header: TarHeader): TarWriterEntry {
  // The plan holds only these types; anything else means the tar is not the one indexed.
  if (!WRITABLE_TYPES.has(header.type)) throw new TarWriteError(path, `unexpected ${header.type} entry in the layer tar`);
  const type = header.type as TarWriterEntryType;
  const entry: TarWriterEntry = {
    path,
    type,
    mode: header.mode & 0o7777,
    uid: header.uid,
    gid: header.gid,
    uname: header.uname,
    gname: header.gname,
    mtime: header.mtime,
  };
  if (type === 'file') entry.size = header.size;
  if (type === 'symlink') entry.linkpath = header.linkpath ?? '';
  if (type === 'char' || type === 'block') {
    entry.devmajor = header.devmajor ?? 0;
    entry.devminor = header.devminor ?? 0;
  }
  return withHeaderRecords(entry, header);
}

/** A directory's planned entry, completed from its layer header. */
function directoryFrom(planned: TarWriterEntry, header: TarHeader): TarWriterEntry {
  if (header.type !== 'directory') throw new TarWriteError(planned.path, `unexpected ${header.type} entry in the layer tar where a directory was indexed`);
  return withHeaderRecords({ ...planned }, header);
}

/** The entry with what only the layer header holds: the exact PAX mtime and the attribute records. */
function withHeaderRecords(entry: TarWriterEntry, header: TarHeader): TarWriterEntry {
  // The header's own text: a float rounds a nanosecond time, and the copy would show other digits.
  const mtimeText = header.pax?.mtime;
  if (mtimeText !== undefined && paxTime(mtimeText) === entry.mtime) entry.mtimeText = mtimeText;
  const attributes = attributeRecords(header);
  if (attributes) entry.pax = attributes;
  return entry;
}

// The PAX records that hold a file's extended attributes and ACLs (GNU tar, libarchive, star).
const ATTRIBUTE_RECORD = /^(?:SCHILY\.xattr\.|LIBARCHIVE\.xattr\.|SCHILY\.acl\.|RHT\.security\.selinux$)/;

/** The attribute records of a layer header, or undefined when it has none. */
function attributeRecords(header: TarHeader): Record<string, string> | undefined {
  if (!header.pax) return undefined;
  let out: Record<string, string> | undefined;
  for (const [key, value] of Object.entries(header.pax)) {
    if (ATTRIBUTE_RECORD.test(key)) (out ??= {})[key] = value;
  }
  return out;
}
