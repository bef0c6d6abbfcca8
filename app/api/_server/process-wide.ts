/**
 * One value per server process. Next bundles the page and each route handler
 * with their own copies of the modules they import, so a module-level value
 * exists once per route: the token the page's first view obtained was
 * unknown to the registry route, and each layer the tab then fetched met the
 * registry's 401 and asked the token server again.
 */
export function processWide<T>(name: string, make: () => T): T {
  const store = globalThis as unknown as Record<symbol, T | undefined>;
  const key = Symbol.for(`pullscope.${name}`);
  return (store[key] ??= make());
}
