/**
 * An entry's owner, device numbers and extended attributes as a listing
 * shows them, after GNU `tar -tvv` (its "owner/group" and "major,minor"
 * columns) and `getfattr`:
 *
 *   owner  ::= names " (" uid ":" gid ")"   when the header names either one
 *            | uid ":" gid                   when it names neither
 *   names  ::= (uname | uid) "/" (gname | gid)
 *   device ::= major "," minor
 *
 * The numbers are kept beside the names because they are what a container
 * runtime applies (docker, containerd and umoci extract by uid and gid); the
 * names are what the build machine called them, which tar shows first.
 * Names come from the image, so they are escaped as file names are.
 */
import { shownName } from './shown-name';
import { FILE_CAPABILITIES } from './xattrs';

/** The owner fields of an entry. */
export interface Owner {
  uid: number;
  gid: number;
  uname: string;
  gname: string;
}

/** The owner as numbers alone ("65534:65534"). */
export function ownerIds(owner: Owner): string {
  return `${owner.uid}:${owner.gid}`;
}

/** The owner as `tar -tvv` names it, numbers beside ("nobody/nogroup (65534:65534)"), or the numbers alone when the header names no one. */
export function formatOwner(owner: Owner): string {
  if (owner.uname === '' && owner.gname === '') return ownerIds(owner);
  const user = owner.uname === '' ? String(owner.uid) : shownName(owner.uname);
  const group = owner.gname === '' ? String(owner.gid) : shownName(owner.gname);
  return `${user}/${group} (${ownerIds(owner)})`;
}

/** The words for a device's type. */
export const DEVICE_WORDS = { char: 'character device', block: 'block device' } as const;

/** A device's numbers as `tar -tv` and `ls -l` give them ("1,3"). */
export function formatDevice(devmajor: number | undefined, devminor: number | undefined): string {
  return `${devmajor ?? 0},${devminor ?? 0}`;
}

/**
 * An entry's extended attributes in a few words: their names, and
 * `security.capability` called what it is, file capabilities (the
 * privileges `setcap` grants a program, which `ls -l` does not show).
 */
export function xattrsWords(names: readonly string[]): string {
  const shown = names.map((name) => (name === FILE_CAPABILITIES ? `${name} (file capabilities)` : shownName(name)));
  return `extended attribute${names.length === 1 ? '' : 's'} ${shown.join(', ')}`;
}
