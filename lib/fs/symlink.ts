/**
 * Symlink resolution inside a file tree, as the kernel does it for a process
 * chrooted at the tree's root (path_resolution(7)): relative targets resolve
 * from the link's directory, absolute ones from the root, ".." at the root
 * stays at the root, and more than `maxHops` links (Linux's MAXSYMLINKS is
 * 40) means a loop.
 */
import { pathComponents } from './path';

const MISSING: SymlinkResolution = { nowhere: 'missing' };

/** What resolution needs to know about a tree whose root is node 0. */
export interface SymlinkTree {
  childByName(index: number, name: string): number;
  isDirectory(index: number): boolean;
  /** The link's target as written, or undefined when the node is not a symlink. */
  symlinkTarget(index: number): string | undefined;
  pathOf(index: number): string;
}

/**
 * Where a path leads: the path reached, or why it leads nowhere ("missing":
 * a component is absent or not a directory, ENOENT/ENOTDIR; "loop": more
 * links than `maxHops`, ELOOP, though each target exists).
 */
export type SymlinkResolution = { path: string } | { nowhere: 'missing' | 'loop' };

/** The path a resolution reached, or undefined when it reached none. */
export function resolvedPath(resolution: SymlinkResolution): string | undefined {
  return 'path' in resolution ? resolution.path : undefined;
}

/** Where `path` leads after following every symlink on the way. */
export function resolveSymlinkIn(tree: SymlinkTree, path: string, maxHops: number): SymlinkResolution {
  // The directories walked through, root first, so ".." goes back the way the walk came.
  const stack = [0];
  const pending = pathComponents(path).reverse();
  let hops = 0;
  while (pending.length > 0) {
    const component = pending.pop() as string;
    const here = stack[stack.length - 1];
    if (!tree.isDirectory(here)) return MISSING;
    if (component === '..') {
      if (stack.length > 1) stack.pop();
      continue;
    }
    const child = tree.childByName(here, component);
    if (child < 0) return MISSING;
    const target = tree.symlinkTarget(child);
    if (target === undefined) {
      stack.push(child);
      continue;
    }
    if (++hops > maxHops) return { nowhere: 'loop' };
    if (target === '') return MISSING;
    if (target.startsWith('/')) stack.length = 1;
    pending.push(...pathComponents(target).reverse());
  }
  return { path: tree.pathOf(stack[stack.length - 1]) };
}
