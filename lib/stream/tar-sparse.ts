/**
 * GNU sparse files in tar, as GNU tar writes them and Go's archive/tar (which
 * docker and containerd unpack layers with) reads them: only the data
 * fragments are stored, and a map says where each belongs in the file; the
 * rest are holes, read as zeros.
 *
 *   old GNU ('S' typeflag, --format=gnu): 4 map entries in the header at byte
 *     386 (offset[12] numbytes[12], octal), isextended at 482, realsize at 483;
 *     while isextended, one more block of 21 entries with its own flag at 504.
 *   PAX 0.0: GNU.sparse.size, and GNU.sparse.offset / GNU.sparse.numbytes
 *     repeated in order (tar-pax.ts joins them into GNU.sparse.map).
 *   PAX 0.1: GNU.sparse.size, GNU.sparse.name, GNU.sparse.map "off,len,…".
 *   PAX 1.0: GNU.sparse.major=1, GNU.sparse.minor=0, GNU.sparse.name,
 *     GNU.sparse.realsize; the map is at the start of the data, in blocks:
 *       map ::= count "\n" (offset "\n" length "\n"){count}   padded to 512
 *
 * (GNU tar manual, "Storing Sparse Files"; Go archive/tar reader.go.)
 */
import { TarFormatError } from './errors';
import { BLOCK_SIZE, parseNumeric } from './tar-header';
import { paxInteger } from './tar-pax';

/** One stored fragment: `length` bytes of data that belong at `offset` of the file. */
export interface SparseRegion {
  offset: number;
  length: number;
}

/** Most map entries accepted; a guard against hostile archives (GNU tar writes one per data run). */
export const MAX_SPARSE_REGIONS = 100_000;

/** What an entry's headers say about its sparse layout, before any map in its data is read. */
export interface SparseStart {
  /** The file's real size, holes included. */
  realSize: number;
  /** Its name, when the headers give one (PAX 0.1 and 1.0). */
  name?: string;
  /** The map, when the headers hold it; undefined for PAX 1.0, whose map opens the data. */
  regions?: SparseRegion[];
  /** Old GNU: more map blocks follow the header. */
  extended?: boolean;
}

/** The sparse layout of an old GNU 'S' header block at `at`. */
export function oldGnuSparse(block: Uint8Array, at: number): SparseStart {
  const realSize = parseNumeric(block.subarray(483, 495));
  if (realSize === undefined) throw new TarFormatError(at + 483, `bad sparse realsize in tar header at byte ${at}`);
  const regions: SparseRegion[] = [];
  readEntries(block, 386, 4, regions, at);
  return { realSize, regions, extended: block[482] !== 0 };
}

/** One old GNU sparse extension block at `at`: its entries are appended to `regions`; true when another block follows. */
export function oldGnuSparseExtension(block: Uint8Array, at: number, regions: SparseRegion[]): boolean {
  readEntries(block, 0, 21, regions, at);
  return block[504] !== 0;
}

function readEntries(block: Uint8Array, start: number, count: number, regions: SparseRegion[], at: number): void {
  for (let i = 0; i < count; i++) {
    const field = start + i * 24;
    // An entry whose offset field is empty ends the list.
    if (block[field] === 0) return;
    const offset = parseNumeric(block.subarray(field, field + 12));
    const length = parseNumeric(block.subarray(field + 12, field + 24));
    if (offset === undefined || length === undefined) throw new TarFormatError(at + field, `bad sparse map entry in tar header at byte ${at}`);
    pushRegion(regions, offset, length, at);
  }
}

/** The sparse layout PAX records give, or undefined when they describe no sparse file (Go: readGNUSparsePAXHeaders). */
export function paxSparse(pax: ReadonlyMap<string, string>, at: number): SparseStart | undefined {
  const major = pax.get('GNU.sparse.major');
  const minor = pax.get('GNU.sparse.minor');
  let v1 = false;
  if (major === '0' && (minor === '0' || minor === '1')) v1 = false;
  else if (major === '1' && minor === '0') v1 = true;
  // An unknown version is no sparse file Pullscope can read: left as it is stored, as Go leaves it.
  else if (major !== undefined || minor !== undefined) return undefined;
  else if (!pax.get('GNU.sparse.map')) return undefined;
  const sizeText = pax.get('GNU.sparse.size') ?? pax.get('GNU.sparse.realsize');
  const realSize = sizeText === undefined ? undefined : paxInteger(sizeText);
  if (realSize === undefined) throw new TarFormatError(at, `bad or missing GNU.sparse size for tar header at byte ${at}`);
  const name = pax.get('GNU.sparse.name') || undefined;
  if (v1) return { realSize, ...(name && { name }) };
  const numbers = (pax.get('GNU.sparse.map') ?? '').split(',');
  if (numbers.length % 2 !== 0) throw new TarFormatError(at, `odd GNU.sparse.map for tar header at byte ${at}`);
  const regions: SparseRegion[] = [];
  for (let i = 0; i < numbers.length; i += 2) {
    const offset = paxInteger(numbers[i]);
    const length = paxInteger(numbers[i + 1]);
    if (offset === undefined || length === undefined) throw new TarFormatError(at, `bad GNU.sparse.map for tar header at byte ${at}`);
    pushRegion(regions, offset, length, at);
  }
  return { realSize, regions, ...(name && { name }) };
}

/** Reads a PAX 1.0 map from the data's first blocks, one block at a time. */
export class SparseMap1x0 {
  private text = '';
  private blocks = 0;

  constructor(private readonly at: number) {}

  /** Takes the next data block; returns the map once complete, and how many blocks it took. */
  push(block: Uint8Array): { regions: SparseRegion[]; blocks: number } | undefined {
    this.blocks++;
    for (const b of block) this.text += String.fromCharCode(b);
    const lines = this.text.split('\n');
    const count = paxInteger(lines[0]);
    if (lines.length > 1 && (count === undefined || count > MAX_SPARSE_REGIONS)) {
      throw new TarFormatError(this.at, `bad sparse map count in the data of tar header at byte ${this.at}`);
    }
    if (count === undefined || lines.length < 2 + 2 * count) {
      if (this.blocks * BLOCK_SIZE > 64 + 2 * 22 * MAX_SPARSE_REGIONS) throw new TarFormatError(this.at, `sparse map too long for tar header at byte ${this.at}`);
      return undefined;
    }
    const regions: SparseRegion[] = [];
    for (let i = 0; i < count; i++) {
      const offset = paxInteger(lines[1 + 2 * i]);
      const length = paxInteger(lines[2 + 2 * i]);
      if (offset === undefined || length === undefined) throw new TarFormatError(this.at, `bad sparse map entry in the data of tar header at byte ${this.at}`);
      pushRegion(regions, offset, length, this.at);
    }
    return { regions, blocks: this.blocks };
  }
}

function pushRegion(regions: SparseRegion[], offset: number, length: number, at: number): void {
  const last = regions.at(-1);
  // Go's validateSparseEntries: in order, not overlapping.
  if (last && offset < last.offset + last.length) throw new TarFormatError(at, `sparse map of tar header at byte ${at} is out of order`);
  if (regions.length >= MAX_SPARSE_REGIONS) throw new TarFormatError(at, `sparse map of tar header at byte ${at} has more than ${MAX_SPARSE_REGIONS} entries`);
  regions.push({ offset, length });
}

/** Checks a complete map against the file's real size and the bytes stored for it. */
export function checkSparseMap(regions: readonly SparseRegion[], realSize: number, stored: number, at: number): void {
  const last = regions.at(-1);
  if (last && last.offset + last.length > realSize) {
    throw new TarFormatError(at, `sparse map of tar header at byte ${at} reaches past the file's size ${realSize}`);
  }
  const total = regions.reduce((n, r) => n + r.length, 0);
  if (total !== stored) throw new TarFormatError(at, `sparse map of tar header at byte ${at} names ${total} bytes of data, but ${stored} are stored`);
}

const ZEROS = new Uint8Array(64 * 1024);

/** Turns a sparse file's stored fragments back into its content: zeros in the holes. */
export class SparseExpander {
  private region = 0;
  /** Bytes of the file emitted so far. */
  private position = 0;
  /** Stored bytes of the current region already emitted. */
  private inRegion = 0;

  constructor(
    private readonly regions: readonly SparseRegion[],
    private readonly realSize: number,
    private readonly emit: (chunk: Uint8Array) => void,
  ) {}

  /** Takes the next stored bytes, in order. */
  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      const r = this.regions[this.region];
      this.zerosTo(r.offset);
      const take = Math.min(r.length - this.inRegion, chunk.length - i);
      this.emit(chunk.subarray(i, i + take));
      i += take;
      this.inRegion += take;
      this.position += take;
      if (this.inRegion === r.length) {
        this.region++;
        this.inRegion = 0;
      }
    }
  }

  /** The stored bytes are all in: the holes up to the real size. */
  end(): void {
    // Regions of no data still place nothing; skip them.
    this.zerosTo(this.realSize);
  }

  private zerosTo(offset: number): void {
    while (this.position < offset) {
      const n = Math.min(ZEROS.length, offset - this.position);
      this.emit(ZEROS.subarray(0, n));
      this.position += n;
    }
  }
}
