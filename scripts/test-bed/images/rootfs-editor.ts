/**
 * Writing the files of one image layer into an unpacked rootfs.
 *
 * umoci builds a layer from what changed since unpacking, and it notices a
 * change by size, mode, link count and mtime (not by content). So every entry
 * a layer touches gets that layer's own fixed mtime: two builds produce the
 * same tar bytes, and a rewritten file of the same size is still seen.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The operations a layer recipe uses on its rootfs. Paths are relative to the rootfs. */
export interface RootfsEditor {
  /** Writes a regular file (parents created), default mode 0644. */
  file(relative: string, content: string | Uint8Array, mode?: number): void;
  /** Creates a directory (parents created), default mode 0755. */
  dir(relative: string, mode?: number): void;
  /** Creates a symbolic link holding `target` verbatim. */
  symlink(relative: string, target: string): void;
  /** Creates a hard link to an existing file of the rootfs. */
  hardlink(relative: string, existing: string): void;
  /** Removes a file or a whole directory (umoci writes whiteouts for it). */
  remove(relative: string): void;
}

/** Every mtime a recipe uses lies before this instant (2022-01-01T00:00:00Z). */
export const recipeEpochEnd = Date.UTC(2022, 0, 1);

function inside(rootfs: string, relative: string): string {
  const full = path.resolve(rootfs, relative);
  if (!full.startsWith(rootfs + path.sep)) throw new Error(`recipe path escapes the rootfs: ${relative}`);
  return full;
}

/** Runs `edit` on `rootfs`, then gives every entry it changed the mtime `mtime`. */
export function editRootfs(rootfs: string, mtime: Date, edit: (editor: RootfsEditor) => void): void {
  const root = path.resolve(rootfs);
  const makeParents = (full: string) => fs.mkdirSync(path.dirname(full), { recursive: true, mode: 0o755 });
  edit({
    file(relative, content, mode = 0o644) {
      const full = inside(root, relative);
      makeParents(full);
      fs.writeFileSync(full, content);
      fs.chmodSync(full, mode);
    },
    dir(relative, mode = 0o755) {
      const full = inside(root, relative);
      fs.mkdirSync(full, { recursive: true });
      fs.chmodSync(full, mode);
    },
    symlink(relative, target) {
      const full = inside(root, relative);
      makeParents(full);
      fs.symlinkSync(target, full);
    },
    hardlink(relative, existing) {
      const full = inside(root, relative);
      makeParents(full);
      fs.linkSync(inside(root, existing), full);
    },
    remove(relative) {
      fs.rmSync(inside(root, relative), { recursive: true, force: false });
    },
  });
  // Anything with a wall-clock mtime — written just now, or a parent directory
  // that gained or lost an entry — gets the layer's mtime. Recipe mtimes all
  // lie before `recipeEpochEnd`, so older entries are left as unpacked.
  const visit = (full: string): void => {
    const stat = fs.lstatSync(full);
    if (stat.mtimeMs >= recipeEpochEnd) fs.lutimesSync(full, mtime, mtime);
    if (stat.isDirectory()) for (const name of fs.readdirSync(full)) visit(path.join(full, name));
  };
  visit(root);
}
