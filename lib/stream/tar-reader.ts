/**
 * A streaming tar reader: bytes in, entries and their content out, never
 * holding more than one header block (plus a PAX or GNU long-name payload).
 *
 *   archive ::= member* end-marker? padding?
 *   member  ::= meta-header* header data-block*     (data padded to 512 bytes)
 *   meta    ::= PAX "x" (next entry) | PAX "g" (all later entries)
 *             | GNU "L" (long name) | GNU "K" (long link target)
 *   end-marker ::= two zero blocks; anything after it is ignored
 *
 * Formats: v7, ustar, GNU and PAX (see tar-header.ts). Where readers differ,
 * this follows Go's archive/tar, which is what docker and containerd use to
 * unpack layers: links, directories, devices and fifos carry no data whatever
 * their size field says; a GNU long name wins over a PAX path; a zero block
 * followed by a header is an error. Unlike Go, PAX `g` records apply to the
 * entries after them, as POSIX says. GNU sparse files (old GNU 'S' and PAX
 * 0.0, 0.1, 1.0; tar-sparse.ts) are read as Go reads them: a regular file
 * under its real name and size, whose content comes out with its holes
 * filled with zeros.
 */
import { TarFormatError } from './errors';
import {
  BLOCK_SIZE,
  decodeCString,
  isZeroBlock,
  parseHeaderBlock,
  type RawTarHeader,
  type TarEntryType,
  type TarHeader,
} from './tar-header';
import { paxInteger, parsePaxRecords, paxTime } from './tar-pax';
import {
  checkSparseMap,
  oldGnuSparse,
  oldGnuSparseExtension,
  paxSparse,
  SparseExpander,
  SparseMap1x0,
  type SparseRegion,
} from './tar-sparse';

/** The largest PAX or GNU long-name payload accepted; a guard against hostile archives. */
export const MAX_META_SIZE = 1024 * 1024;

/** Callbacks of a TarReader, called synchronously from `push` and `end`. */
export interface TarHandlers {
  /** A new entry; its content (if any) follows through `onData`. */
  onEntry(header: TarHeader): void;
  /** A piece of the current entry's content: a view into the pushed chunk, not a copy. */
  onData?(chunk: Uint8Array, header: TarHeader): void;
  /** The current entry's content is complete. */
  onEntryEnd?(header: TarHeader): void;
  /** The archive ended: `offset` is where (the end marker, or end of input without one). */
  onEnd?(end: TarEnd): void;
}

/** How the archive ended. */
export interface TarEnd {
  /** Offset just past the last entry (where the end marker starts, if any). */
  offset: number;
  /** True when the two zero blocks of the end marker were present. */
  marker: boolean;
  entries: number;
}

/** Types whose size field is ignored: Go archive/tar `isHeaderOnlyType`. */
const HEADER_ONLY = new Set(['1', '2', '3', '4', '5', '6']);

const TYPES: Record<string, TarEntryType> = {
  '\0': 'file',
  '0': 'file',
  '7': 'file', // contiguous file: a regular file everywhere that matters
  '1': 'hardlink',
  '2': 'symlink',
  '3': 'char',
  '4': 'block',
  '5': 'directory',
  '6': 'fifo',
  D: 'directory', // GNU dumpdir: a directory whose data lists its contents
};

type State = 'header' | 'sparse-map' | 'data' | 'meta' | 'padding' | 'end';

/** A sparse entry whose map is still being read from the blocks after its header. */
interface PendingSparse {
  header: TarHeader;
  realSize: number;
  /** Bytes stored after the header block (for PAX 1.0, the map's blocks included). */
  stored: number;
  regions: SparseRegion[];
  /** Old GNU extension blocks, or a PAX 1.0 map at the start of the data. */
  next: { kind: 'extension' } | { kind: '1.0'; map: SparseMap1x0 };
  blocks: number;
}

/** Push parser of a tar stream: `push` chunks in order, then `end`. Throws TarFormatError. */
export class TarReader {
  private readonly handlers: TarHandlers;
  private state: State = 'header';
  /** Offset in the archive of the next byte to be consumed. */
  private offset = 0;
  private readonly block = new Uint8Array(BLOCK_SIZE);
  private blockFill = 0;
  private remaining = 0;
  private padding = 0;
  private entries = 0;
  private current: TarHeader | undefined;
  private zeroBlockAt = -1;
  private ended = false;
  // Meta headers waiting for the entry they describe.
  private meta: { typeflag: string; data: Uint8Array; fill: number; offset: number } | undefined;
  private recordOffset = -1;
  private readonly globalPax = new Map<string, string>();
  private globalPaxRecord: Readonly<Record<string, string>> | undefined;
  private localPax: Map<string, string> | undefined;
  private longName: string | undefined;
  private longLink: string | undefined;
  private pendingSparse: PendingSparse | undefined;
  private expander: SparseExpander | undefined;

  constructor(handlers: TarHandlers) {
    this.handlers = handlers;
  }

  /** Consumes the next chunk of the archive. */
  push(chunk: Uint8Array): void {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      switch (this.state) {
        case 'header':
        case 'sparse-map': {
          const onBlock = this.state === 'header' ? this.headerBlock : this.sparseBlock;
          if (this.blockFill === 0 && n - i >= BLOCK_SIZE) {
            const start = i;
            i += BLOCK_SIZE;
            this.offset += BLOCK_SIZE;
            onBlock.call(this, chunk.subarray(start, i), this.offset - BLOCK_SIZE);
          } else {
            const take = Math.min(BLOCK_SIZE - this.blockFill, n - i);
            this.block.set(chunk.subarray(i, i + take), this.blockFill);
            this.blockFill += take;
            i += take;
            this.offset += take;
            if (this.blockFill === BLOCK_SIZE) {
              this.blockFill = 0;
              onBlock.call(this, this.block, this.offset - BLOCK_SIZE);
            }
          }
          break;
        }
        case 'data': {
          const take = Math.min(this.remaining, n - i);
          const header = this.current!;
          if (this.expander) this.expander.push(chunk.subarray(i, i + take));
          else this.handlers.onData?.(chunk.subarray(i, i + take), header);
          i += take;
          this.offset += take;
          this.remaining -= take;
          if (this.remaining === 0) this.finishEntry();
          break;
        }
        case 'meta': {
          const meta = this.meta!;
          const take = Math.min(meta.data.length - meta.fill, n - i);
          meta.data.set(chunk.subarray(i, i + take), meta.fill);
          meta.fill += take;
          i += take;
          this.offset += take;
          if (meta.fill === meta.data.length) this.finishMeta();
          break;
        }
        case 'padding': {
          const take = Math.min(this.padding, n - i);
          i += take;
          this.offset += take;
          this.padding -= take;
          if (this.padding === 0) this.state = 'header';
          break;
        }
        case 'end':
          // Records are padded (GNU tar: to 10 KiB); nothing after the marker is read.
          this.offset += n - i;
          i = n;
          break;
      }
    }
  }

  /** Signals the end of input; throws TarFormatError if it came inside an entry or header. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const at = this.offset;
    switch (this.state) {
      case 'data': {
        const header = this.current!;
        throw new TarFormatError(
          at,
          `tar archive truncated at byte ${at}: "${header.path}" (header at byte ${header.headerOffset}) needs ${this.remaining} more bytes`,
        );
      }
      case 'meta':
        throw new TarFormatError(at, `tar archive truncated at byte ${at}, inside the extended header at byte ${this.meta!.offset}`);
      case 'sparse-map': {
        const header = this.pendingSparse!.header;
        throw new TarFormatError(at, `tar archive truncated at byte ${at}, inside the sparse map of "${header.path}" (header at byte ${header.headerOffset})`);
      }
      case 'padding':
        // Go's archive/tar refuses this too (io.ErrUnexpectedEOF).
        throw new TarFormatError(at, `tar archive truncated at byte ${at}, inside the padding of the last entry`);
      case 'header':
        if (this.blockFill > 0) throw new TarFormatError(at, `tar archive truncated at byte ${at}, inside a header`);
        if (this.recordOffset !== -1) {
          throw new TarFormatError(at, `tar archive truncated at byte ${at}: extended header at byte ${this.recordOffset} has no entry`);
        }
    }
    // No end marker, or a lone zero block: GNU tar and Go accept both.
    const marker = this.state === 'end';
    const offset = this.zeroBlockAt !== -1 ? this.zeroBlockAt : at;
    this.handlers.onEnd?.({ offset, marker, entries: this.entries });
  }

  private headerBlock(block: Uint8Array, at: number): void {
    if (isZeroBlock(block)) {
      if (this.zeroBlockAt !== -1) {
        this.state = 'end';
      } else {
        this.zeroBlockAt = at;
      }
      return;
    }
    if (this.zeroBlockAt !== -1) {
      throw new TarFormatError(at, `tar header at byte ${at} follows a lone zero block at byte ${this.zeroBlockAt}`);
    }
    const raw = parseHeaderBlock(block, at);
    if (this.recordOffset === -1) this.recordOffset = at;
    switch (raw.typeflag) {
      case 'x':
      case 'g':
      case 'L':
      case 'K':
        return this.startMeta(raw, at);
    }
    this.startEntry(raw, block, at);
  }

  private startMeta(raw: RawTarHeader, at: number): void {
    if (raw.size > MAX_META_SIZE) {
      throw new TarFormatError(at, `tar extended header at byte ${at} is ${raw.size} bytes, more than the ${MAX_META_SIZE} allowed`);
    }
    this.meta = { typeflag: raw.typeflag, data: new Uint8Array(raw.size), fill: 0, offset: at };
    this.padding = padOf(raw.size);
    if (raw.size === 0) this.finishMeta();
    else this.state = 'meta';
  }

  private finishMeta(): void {
    const { typeflag, data, offset } = this.meta!;
    this.meta = undefined;
    switch (typeflag) {
      case 'x': {
        const records = parsePaxRecords(data, offset);
        this.localPax ??= new Map();
        for (const [k, v] of records) this.localPax.set(k, v);
        break;
      }
      case 'g':
        // A global header describes no entry of its own.
        for (const [k, v] of parsePaxRecords(data, offset)) {
          if (v === '') this.globalPax.delete(k);
          else this.globalPax.set(k, v);
        }
        this.globalPaxRecord = this.globalPax.size > 0 ? Object.freeze(Object.fromEntries(this.globalPax)) : undefined;
        this.recordOffset = -1;
        break;
      case 'L':
        this.longName = decodeCString(data);
        break;
      case 'K':
        this.longLink = decodeCString(data);
        break;
    }
    this.state = this.padding > 0 ? 'padding' : 'header';
  }

  private startEntry(raw: RawTarHeader, block: Uint8Array, at: number): void {
    // Entries without their own PAX header share the global records (frozen).
    let pax = this.globalPax;
    let record = this.globalPaxRecord;
    if (this.localPax) {
      pax = new Map(this.globalPax);
      for (const [k, v] of this.localPax) {
        if (v === '') pax.delete(k);
        else pax.set(k, v);
      }
      record = pax.size > 0 ? Object.fromEntries(pax) : undefined;
    }
    const header = this.toHeader(raw, pax, at);
    if (record) header.pax = record;
    this.localPax = undefined;
    this.longName = undefined;
    this.longLink = undefined;
    this.recordOffset = -1;
    this.entries++;
    const sparse = raw.typeflag === 'S' ? oldGnuSparse(block, at) : header.type === 'file' ? paxSparse(pax, at) : undefined;
    if (sparse) {
      if (sparse.name !== undefined) header.path = sparse.name;
      header.type = 'file';
      const pending: PendingSparse = {
        header,
        realSize: sparse.realSize,
        stored: header.size,
        regions: sparse.regions ?? [],
        next: sparse.regions === undefined ? { kind: '1.0', map: new SparseMap1x0(at) } : { kind: 'extension' },
        blocks: 0,
      };
      if (sparse.regions === undefined || sparse.extended) {
        this.pendingSparse = pending;
        this.state = 'sparse-map';
        return;
      }
      return this.startSparseData(pending);
    }
    this.startData(header, header.size);
  }

  // One block of an old GNU extension or of a PAX 1.0 map, after the header of the pending sparse entry.
  private sparseBlock(block: Uint8Array, at: number): void {
    const pending = this.pendingSparse!;
    pending.blocks++;
    if (pending.next.kind === 'extension') {
      if (oldGnuSparseExtension(block, at, pending.regions)) return;
    } else {
      if (pending.blocks * BLOCK_SIZE > pending.stored) {
        throw new TarFormatError(at, `sparse map of "${pending.header.path}" (header at byte ${pending.header.headerOffset}) runs past its data`);
      }
      const map = pending.next.map.push(block);
      if (!map) return;
      pending.regions = map.regions;
      // The map's blocks are part of the stored size.
      pending.stored -= map.blocks * BLOCK_SIZE;
    }
    this.pendingSparse = undefined;
    this.startSparseData(pending);
  }

  private startSparseData(pending: PendingSparse): void {
    const { header, realSize, stored, regions, blocks } = pending;
    checkSparseMap(regions, realSize, stored, header.headerOffset);
    header.dataOffset += blocks * BLOCK_SIZE;
    header.size = realSize;
    header.sparse = { stored, regions };
    const onData = this.handlers.onData;
    if (onData) this.expander = new SparseExpander(regions, realSize, (chunk) => onData(chunk, header));
    this.startData(header, stored);
  }

  // The entry is known: it is announced, then `stored` bytes of data follow.
  private startData(header: TarHeader, stored: number): void {
    this.current = header;
    this.handlers.onEntry(header);
    this.remaining = stored;
    this.padding = padOf(stored);
    if (stored === 0) this.finishEntry();
    else this.state = 'data';
  }

  private finishEntry(): void {
    const header = this.current!;
    if (this.expander) {
      this.expander.end();
      this.expander = undefined;
    }
    this.handlers.onEntryEnd?.(header);
    this.state = this.padding > 0 ? 'padding' : 'header';
  }

  private toHeader(raw: RawTarHeader, pax: Map<string, string>, at: number): TarHeader {
    const paxNumber = (key: string, parse: (v: string) => number | undefined): number | undefined => {
      const value = pax.get(key);
      if (value === undefined) return undefined;
      const n = parse(value);
      if (n === undefined) throw new TarFormatError(at, `bad PAX ${key} "${value}" for tar header at byte ${at}`);
      return n;
    };
    let type: TarEntryType = TYPES[raw.typeflag] ?? 'other';
    const path = this.longName ?? pax.get('path') ?? (raw.prefix ? `${raw.prefix}/${raw.name}` : raw.name);
    // v7 tar had no directory type: a regular file whose name ends in "/" is one.
    if (raw.typeflag === '\0' && path.endsWith('/')) type = 'directory';
    const size = HEADER_ONLY.has(raw.typeflag) ? 0 : (paxNumber('size', paxInteger) ?? raw.size);
    if (size < 0) throw new TarFormatError(at, `negative size in tar header at byte ${at}`);
    const header: TarHeader = {
      path,
      type,
      typeflag: raw.typeflag,
      mode: raw.mode,
      uid: paxNumber('uid', paxInteger) ?? raw.uid,
      gid: paxNumber('gid', paxInteger) ?? raw.gid,
      uname: pax.get('uname') ?? raw.uname,
      gname: pax.get('gname') ?? raw.gname,
      size,
      mtime: paxNumber('mtime', paxTime) ?? raw.mtime,
      headerOffset: at,
      recordOffset: this.recordOffset,
      dataOffset: at + BLOCK_SIZE,
    };
    const linkpath = this.longLink ?? pax.get('linkpath') ?? raw.linkname;
    if (type === 'symlink' || type === 'hardlink' || linkpath !== '') header.linkpath = linkpath;
    if (type === 'char' || type === 'block') {
      header.devmajor = raw.devmajor;
      header.devminor = raw.devminor;
    }
    return header;
  }
}

function padOf(size: number): number {
  return (BLOCK_SIZE - (size % BLOCK_SIZE)) % BLOCK_SIZE;
}

/** What `tarEntriesStream` emits: an entry's header, pieces of its content, its end. */
export type TarEvent =
  | { kind: 'entry'; header: TarHeader }
  | { kind: 'data'; header: TarHeader; chunk: Uint8Array }
  | { kind: 'entry-end'; header: TarHeader }
  | { kind: 'end'; end: TarEnd };

/** Web Streams adapter of TarReader: tar bytes in, TarEvents out; errors with TarFormatError. */
export function tarEntriesStream(options: { data?: boolean } = {}): TransformStream<Uint8Array, TarEvent> {
  const withData = options.data ?? true;
  let reader: TarReader;
  return new TransformStream<Uint8Array, TarEvent>({
    start(controller) {
      reader = new TarReader({
        onEntry: (header) => controller.enqueue({ kind: 'entry', header }),
        onData: withData ? (chunk, header) => controller.enqueue({ kind: 'data', header, chunk }) : undefined,
        onEntryEnd: (header) => controller.enqueue({ kind: 'entry-end', header }),
        onEnd: (end) => controller.enqueue({ kind: 'end', end }),
      });
    },
    transform(chunk) {
      reader.push(chunk);
    },
    flush() {
      reader.end();
    },
  });
}
