/**
 * What a file's first bytes say it is: text we can show as lines, or a
 * binary we name by its magic number and show as hex. Magic numbers from
 * file(1)'s database for the formats images commonly carry.
 */

/** A guess at a binary's format, or 'text'. */
export interface ContentKind {
  text: boolean;
  /** Human name of the format ("ELF executable", "gzip data", "PNG image"), when known. */
  format?: string;
}

const MAGIC: Array<[string, number[], number?]> = [
  ['ELF executable', [0x7f, 0x45, 0x4c, 0x46]],
  ['gzip data', [0x1f, 0x8b]],
  ['zstd data', [0x28, 0xb5, 0x2f, 0xfd]],
  ['bzip2 data', [0x42, 0x5a, 0x68]],
  ['xz data', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['zip archive', [0x50, 0x4b, 0x03, 0x04]],
  ['PNG image', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['JPEG image', [0xff, 0xd8, 0xff]],
  ['GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['WebAssembly module', [0x00, 0x61, 0x73, 0x6d]],
  ['Java class file', [0xca, 0xfe, 0xba, 0xbe]],
  ['SQLite database', [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66]],
  ['PDF document', [0x25, 0x50, 0x44, 0x46]],
  ['Mach-O binary', [0xcf, 0xfa, 0xed, 0xfe]],
  ['POSIX tar archive', [0x75, 0x73, 0x74, 0x61, 0x72], 257],
];

/** Classifies content from its first bytes (a few KiB are enough). */
export function contentKind(bytes: Uint8Array): ContentKind {
  for (const [format, magic, offset = 0] of MAGIC) {
    if (bytes.length >= offset + magic.length && magic.every((b, i) => bytes[offset + i] === b)) return { text: false, format };
  }
  if (bytes.length === 0) return { text: true };
  const sample = bytes.subarray(0, 8192);
  if (sample.includes(0)) return { text: false };
  try {
    // Cut a possibly split multi-byte character at the sample's end.
    const end = sample.length === bytes.length ? sample.length : lastCharBoundary(sample);
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
  } catch {
    return { text: false };
  }
  let control = 0;
  for (const b of sample) if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  return { text: control / sample.length < 0.02 };
}

function lastCharBoundary(bytes: Uint8Array): number {
  let i = bytes.length;
  for (let back = 0; back < 4 && i > 0; back++) {
    const b = bytes[i - 1];
    if ((b & 0xc0) !== 0x80) return (b & 0x80) === 0 ? i : i - 1;
    i--;
  }
  return bytes.length;
}

/** Classic hex dump lines: offset, 16 bytes in hex, printable ASCII. */
export function hexDump(bytes: Uint8Array, maxLines = 4096): string[] {
  const lines: string[] = [];
  for (let off = 0; off < bytes.length && lines.length < maxLines; off += 16) {
    const row = bytes.subarray(off, off + 16);
    let hex = '';
    let ascii = '';
    for (let i = 0; i < 16; i++) {
      if (i < row.length) {
        hex += row[i].toString(16).padStart(2, '0') + (i === 7 ? '  ' : ' ');
        ascii += row[i] >= 0x20 && row[i] < 0x7f ? String.fromCharCode(row[i]) : '.';
      } else {
        hex += i === 7 ? '    ' : '   ';
      }
    }
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`);
  }
  return lines;
}
