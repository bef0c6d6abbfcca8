/**
 * PAX extended header records (POSIX.1-2017 pax, "pax Extended Header"):
 *
 *   records ::= record*
 *   record  ::= length " " keyword "=" value "\n"
 *   length  ::= [0-9]+   the byte count of the whole record, itself included
 *
 * Keywords are ASCII, values UTF-8 and may hold "=" and newlines. An empty
 * value in an `x` header cancels a `g` (global) value of the same keyword.
 */
import { TarFormatError } from './errors';
import { decodeTarText } from './tar-text';

const utf8 = new TextDecoder('utf-8');

/** Most records one header may hold; real archivers write a handful (a guard against hostile archives). */
export const MAX_PAX_RECORDS = 1000;

/** Most GNU sparse 0.0 fragments one header may list (its offset/numbytes pairs repeat per fragment). */
export const MAX_PAX_SPARSE_FRAGMENTS = 100_000;

/** Parses the data of a PAX `x` or `g` header found at `offset`; throws TarFormatError when malformed. */
export function parsePaxRecords(data: Uint8Array, offset: number): Map<string, string> {
  const records = new Map<string, string>();
  const sparseParts: string[] = [];
  let pos = 0;
  while (pos < data.length) {
    // Some writers pad the data with NULs after the last record.
    if (data[pos] === 0) break;
    const bad = (why: string) => new TarFormatError(offset, `bad PAX record at byte ${offset + pos} of header at byte ${offset}: ${why}`);
    let length = 0;
    let i = pos;
    while (i < data.length && data[i] >= 0x30 && data[i] <= 0x39) {
      length = length * 10 + (data[i] - 0x30);
      i++;
    }
    if (i === pos || data[i] !== 0x20) throw bad('no length');
    const end = pos + length;
    if (length <= i - pos + 1 || end > data.length || data[end - 1] !== 0x0a) throw bad(`length ${length} does not fit`);
    const eq = data.indexOf(0x3d, i + 1);
    if (eq === -1 || eq >= end - 1 || eq === i + 1) throw bad('no keyword');
    // Values are UTF-8 unless `hdrcharset=BINARY` says otherwise; decoded losslessly either way, so both read alike.
    const key = utf8.decode(data.subarray(i + 1, eq));
    const value = decodeTarText(data.subarray(eq + 1, end - 1));
    if (key === 'GNU.sparse.offset' || key === 'GNU.sparse.numbytes') {
      // GNU sparse 0.0 repeats these two in order, one pair per fragment: joined as the 0.1 map reads (as Go does).
      const expected = sparseParts.length % 2 === 0 ? 'GNU.sparse.offset' : 'GNU.sparse.numbytes';
      if (key !== expected) throw bad(`${key} out of order`);
      if (sparseParts.length >= 2 * MAX_PAX_SPARSE_FRAGMENTS) throw bad(`more than ${MAX_PAX_SPARSE_FRAGMENTS} sparse fragments`);
      sparseParts.push(value);
    } else {
      records.set(key, value);
    }
    if (records.size > MAX_PAX_RECORDS) throw bad(`more than ${MAX_PAX_RECORDS} records`);
    pos = end;
  }
  if (sparseParts.length > 0) records.set('GNU.sparse.map', sparseParts.join(','));
  return records;
}

/** A PAX decimal (size, uid, gid): digits only; undefined otherwise. */
export function paxInteger(value: string): number | undefined {
  if (!/^[0-9]{1,16}$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A PAX time (mtime, atime): optional sign, digits, optional fraction. */
export function paxTime(value: string): number | undefined {
  return /^-?[0-9]+(\.[0-9]+)?$/.test(value) ? Number(value) : undefined;
}
