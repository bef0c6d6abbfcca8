/**
 * Where checked bytes came from, which decides what to do when they fail a
 * check: a registry's bad answer may be a passing fault, worth a retry; a
 * file on this machine gives the same bytes every time it is read, so only a
 * new copy of the image helps.
 */

/** A registry (through the proxy, or the tab's copy of its blobs), or a file the user chose on this machine. */
export type BytesOrigin = 'registry' | 'local file';

/** What to do about a file on this machine that does not hold what it should. */
export const EXPORT_AGAIN = 'Export or copy the image again ("docker save", "podman save" or "skopeo copy") and open the new file.';
