/**
 * A deterministic tar writer for the layers umoci cannot write (an opaque
 * whiteout, a whiteout placed after entries of the same directory, a file
 * replacing a directory without a whiteout, chosen owners).
 *
 * Format: POSIX.1-2001 pax interchange (ustar headers, plus a pax `x` header
 * holding `path`/`linkpath` when a name is longer than its ustar field or is
 * not ASCII). Every entry gets the same mtime, empty user and group names,
 * and the archive ends with two zero blocks, as GNU tar writes it. Entries
 * are written in the order given: recipes list them sorted, except where a
 * test needs an exact order.
 */

/** One entry of a layer tar. Paths are relative, without `./`; directories without a trailing `/`. */
export type TarEntry =
  | { type: 'file'; path: string; content: string | Uint8Array; mode?: number; uid?: number; gid?: number }
  | { type: 'directory'; path: string; mode?: number; uid?: number; gid?: number }
  | { type: 'symlink'; path: string; target: string }
  | { type: 'hardlink'; path: string; target: string }
  | { type: 'fifo'; path: string; mode?: number };

/** A whiteout entry removing `path` from lower layers (image-spec layer.md, "Whiteouts"). */
export function whiteout(path: string): TarEntry {
  const slash = path.lastIndexOf('/');
  return { type: 'file', path: `${path.slice(0, slash + 1)}.wh.${path.slice(slash + 1)}`, content: '', mode: 0 };
}

/** The opaque whiteout of `dir`: hides every lower-layer child of it (image-spec layer.md, "Opaque Whiteout"). */
export function opaqueWhiteout(dir: string): TarEntry {
  return { type: 'file', path: `${dir}/.wh..wh..opq`, content: '', mode: 0 };
}

const block = 512;
const encoder = new TextEncoder();

const typeflags: Record<TarEntry['type'], string> = { file: '0', hardlink: '1', symlink: '2', directory: '5', fifo: '6' };

function defaultMode(entry: TarEntry): number {
  if (entry.type === 'directory') return 0o755;
  if (entry.type === 'symlink') return 0o777;
  return 0o644;
}

/** A zero-padded octal field of `width` bytes: width-1 digits and a NUL. */
function octal(value: number, width: number): string {
  const digits = value.toString(8);
  if (digits.length > width - 1) throw new Error(`value ${value} does not fit a ${width}-byte tar field`);
  return digits.padStart(width - 1, '0') + '\0';
}

function isPlainAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

/** One 512-byte ustar header. `name` and `linkname` are cut to their fields: a pax header carries the full ones. */
function ustarHeader(fields: {
  name: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  typeflag: string;
  linkname: string;
}): Uint8Array {
  const header = new Uint8Array(block);
  const put = (offset: number, width: number, value: string | Uint8Array) => {
    const bytes = typeof value === 'string' ? encoder.encode(value) : value;
    header.set(bytes.subarray(0, width), offset);
  };
  put(0, 100, fields.name);
  put(100, 8, octal(fields.mode, 8));
  put(108, 8, octal(fields.uid, 8));
  put(116, 8, octal(fields.gid, 8));
  put(124, 12, octal(fields.size, 12));
  put(136, 12, octal(fields.mtime, 12));
  put(148, 8, '        ');
  put(156, 1, fields.typeflag);
  put(157, 100, fields.linkname);
  put(257, 6, 'ustar\0');
  put(263, 2, '00');
  put(329, 8, octal(0, 8));
  put(337, 8, octal(0, 8));
  // The checksum is the byte sum with the checksum field read as spaces (POSIX ustar).
  const sum = header.reduce((total, byte) => total + byte, 0);
  put(148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return header;
}

/** A pax record `"<len> <key>=<value>\n"`, whose length counts its own digits. */
function paxRecord(key: string, value: string): string {
  const rest = ` ${key}=${value}\n`;
  const restLength = encoder.encode(rest).length;
  let length = restLength + 1;
  while (String(length).length + restLength !== length) length += 1;
  return `${length}${rest}`;
}

function padded(bytes: Uint8Array): Uint8Array[] {
  const padding = (block - (bytes.length % block)) % block;
  return padding === 0 ? [bytes] : [bytes, new Uint8Array(padding)];
}

/** The tar archive of `entries`, every entry with mtime `mtime`. */
export function tarArchive(entries: readonly TarEntry[], mtime: Date): Uint8Array {
  const seconds = Math.floor(mtime.getTime() / 1000);
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    const name = entry.type === 'directory' ? `${entry.path}/` : entry.path;
    const linkname = entry.type === 'symlink' || entry.type === 'hardlink' ? entry.target : '';
    const content = entry.type === 'file' ? (typeof entry.content === 'string' ? encoder.encode(entry.content) : entry.content) : new Uint8Array(0);
    const owner = entry.type === 'file' || entry.type === 'directory' ? { uid: entry.uid ?? 0, gid: entry.gid ?? 0 } : { uid: 0, gid: 0 };
    const mode = 'mode' in entry && entry.mode !== undefined ? entry.mode : defaultMode(entry);

    let pax = '';
    if (encoder.encode(name).length > 100 || !isPlainAscii(name)) pax += paxRecord('path', name);
    if (encoder.encode(linkname).length > 100 || !isPlainAscii(linkname)) pax += paxRecord('linkpath', linkname);
    if (pax !== '') {
      const body = encoder.encode(pax);
      const base = name.replace(/\/$/, '').split('/').pop() ?? '';
      const paxName = `PaxHeaders/${isPlainAscii(base) ? base : 'entry'}`.slice(0, 100);
      parts.push(ustarHeader({ name: paxName, mode: 0o644, uid: 0, gid: 0, size: body.length, mtime: seconds, typeflag: 'x', linkname: '' }));
      parts.push(...padded(body));
    }
    parts.push(ustarHeader({ name, mode, ...owner, size: content.length, mtime: seconds, typeflag: typeflags[entry.type], linkname }));
    if (content.length > 0) parts.push(...padded(content));
  }
  parts.push(new Uint8Array(2 * block));

  const archive = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    archive.set(part, offset);
    offset += part.length;
  }
  return archive;
}
