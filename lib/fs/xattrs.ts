/**
 * Extended attributes of a tar entry. Tar carries them in PAX records
 * `SCHILY.xattr.<name>=<value>` (star's keywords, which GNU tar, libarchive,
 * Go's archive/tar and so docker, containerd and BuildKit write and read);
 * an empty value in a per-file header cancels a global one (tar-pax.ts).
 * Only the names are kept: values can be binary and large, and the page
 * says which attributes a file has, not what they hold.
 */

/** The PAX keyword prefix of an extended attribute. */
export const XATTR_PAX_PREFIX = 'SCHILY.xattr.';

/** The attribute that holds a file's capabilities (capabilities(7), "File capabilities"): what `setcap` writes. */
export const FILE_CAPABILITIES = 'security.capability';

/** The names of the extended attributes these PAX records give an entry, sorted; [] when none. */
export function xattrNames(pax: Readonly<Record<string, string>> | undefined): string[] {
  if (pax === undefined) return [];
  const names: string[] = [];
  for (const key in pax) {
    if (key.startsWith(XATTR_PAX_PREFIX) && key.length > XATTR_PAX_PREFIX.length) names.push(key.slice(XATTR_PAX_PREFIX.length));
  }
  return names.sort();
}
