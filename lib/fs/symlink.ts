/**
 * Symlink resolution inside a file tree, as the kernel does it for a process
 * chrooted at the tree's root (path_resolution(7)): relative targets resolve
 * from the link's directory, absolute ones from the root, ".." at the root
 * stays at the root, and more than `maxHops` links (Linux's MAXSYMLINKS is
 * 40) means a loop.
 */
import { pathComponents } from './path';

/** What resolution needs to know about a tree whose root is node 0. */
export interface SymlinkTree {
  childByName(index: number, name: string): number;
  isDirectory(index: number): boolean;
  /** The link's target as written, or undefined when the node is not a symlink. */
  symlinkTarget(index: number): string | undefined;
  pathOf(index: number): string;
}

/** The path `path` leads to after following every symlink on the way, or undefined when it leads nowhere. */
export function resolveSymlinkIn(tree: SymlinkTree, path: string, maxHops: number): string | undefined {
  // The directories walked through, root first, so ".." goes back the way the walk came.
  const stack = [0];
  const pending = pathComponents(path).reverse();
  let hops = 0;
  while (pending.length > 0) {
    const component = pending.pop() as string;
    const here = stack[stack.length - 1];
    if (!tree.isDirectory(here)) return undefined;
    if (component === '..') {
      if (stack.length > 1) stack.pop();
      continue;
    }
    const child = tree.childByName(here, component);
    if (child < 0) return undefined;
    const target = tree.symlinkTarget(child);
    if (target === undefined) {
      stack.push(child);
      continue;
    }
    if (++hops > maxHops || target === '') return undefined;
    if (target.startsWith('/')) stack.length = 1;
    pending.push(...pathComponents(target).reverse());
  }
  return tree.pathOf(stack[stack.length - 1]);
}
