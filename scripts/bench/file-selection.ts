/**
 * Picking real files for a layer: the first files of a few system folders,
 * in sorted order, until a byte budget is spent. Real files (text, man
 * pages, icons, shared libraries) compress the way image layers do; the
 * sorted walk makes the choice the same at every run on one machine.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Folders sampled, in order; each gets an equal share of the budget. */
export const SOURCE_ROOTS = ['/usr/share', '/usr/lib/x86_64-linux-gnu', '/usr/lib'];

/** Bytes a tar entry takes: a 512-byte header plus the data padded to 512 (PAX headers aside). */
function tarBytes(size: number): number {
  return 512 + Math.ceil(size / 512) * 512;
}

/** Larger files are skipped so that no single file dominates the mix. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** Paths (relative to `/`) of the chosen directories, files and symlinks, and the bytes of the files. */
export interface FileSelection {
  paths: string[];
  /** Their size as tar entries. */
  tarBytes: number;
}

/** Chooses entries under SOURCE_ROOTS that make about `budget` bytes of tar. */
export function selectFiles(budget: number): FileSelection {
  const roots = SOURCE_ROOTS.filter((root) => fs.existsSync(root));
  const seen = new Set<string>();
  const paths: string[] = [];
  let total = 0;
  roots.forEach((root, i) => {
    const share = (budget - total) / (roots.length - i);
    let taken = 0;
    const walk = (dir: string): boolean => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return false;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        if (taken >= share) return true;
        const full = path.join(dir, entry.name);
        if (seen.has(full)) continue;
        if (entry.isDirectory()) {
          seen.add(full);
          paths.push(full.slice(1));
          taken += tarBytes(0);
          total += tarBytes(0);
          if (walk(full)) return true;
        } else if (entry.isSymbolicLink()) {
          seen.add(full);
          paths.push(full.slice(1));
          taken += tarBytes(0);
          total += tarBytes(0);
        } else if (entry.isFile()) {
          let size: number;
          try {
            fs.accessSync(full, fs.constants.R_OK);
            size = fs.statSync(full).size;
          } catch {
            continue;
          }
          if (size > MAX_FILE_BYTES) continue;
          seen.add(full);
          paths.push(full.slice(1));
          taken += tarBytes(size);
          total += tarBytes(size);
        }
      }
      return false;
    };
    walk(root);
  });
  return { paths, tarBytes: total };
}
