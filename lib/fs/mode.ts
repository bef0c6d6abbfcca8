/**
 * `ls -l` style permission strings (POSIX ls, "-l" long format):
 *
 *   mode   ::= type owner group other
 *   type   ::= "-" | "d" | "l" | "c" | "b" | "p" | "?"
 *   owner  ::= r w (x | "s" | "S")    "s": setuid and executable, "S": setuid only
 *   group  ::= r w (x | "s" | "S")    same for setgid
 *   other  ::= r w (x | "t" | "T")    "t": sticky and executable, "T": sticky only
 *
 * A hardlink shows as "-": it is another name of a regular file; its type is
 * reported separately. Tar mode fields sometimes carry the S_IFMT type bits
 * too (0o100644); only the low 12 bits are permissions.
 */
import type { EntryType } from './entry';

const TYPE_CHAR: Record<EntryType, string> = {
  file: '-',
  hardlink: '-',
  directory: 'd',
  symlink: 'l',
  char: 'c',
  block: 'b',
  fifo: 'p',
  other: '?',
};

function triple(bits: number, special: boolean, specialExec: string, specialNoExec: string): string {
  const r = bits & 4 ? 'r' : '-';
  const w = bits & 2 ? 'w' : '-';
  const exec = (bits & 1) !== 0;
  const x = special ? (exec ? specialExec : specialNoExec) : exec ? 'x' : '-';
  return r + w + x;
}

/** The ten-character `ls -l` mode string of an entry ("drwxr-xr-x", "-rwsr-xr-x"). */
export function formatMode(type: EntryType, mode: number): string {
  return (
    TYPE_CHAR[type] +
    triple((mode >> 6) & 7, (mode & 0o4000) !== 0, 's', 'S') +
    triple((mode >> 3) & 7, (mode & 0o2000) !== 0, 's', 'S') +
    triple(mode & 7, (mode & 0o1000) !== 0, 't', 'T')
  );
}
