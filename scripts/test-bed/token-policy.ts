/**
 * Who may do what on the token-auth registries: the bed's access policy.
 *
 * Scope grammar (distribution docs/spec/auth/scope.md):
 *   scope         := resourcetype [ "(" resourceclass ")" ] ":" resourcename ":" action *( "," action )
 *   resourcename  := [ hostname "/" ] component *( "/" component )
 * The name may itself hold a ':' (a hostname with a port), so the type ends at
 * the first ':' and the actions start after the last one.
 */

/** One requested or granted access entry of a token. */
export interface Access {
  type: string;
  name: string;
  actions: string[];
}

/** Parses one `scope` query value; undefined when it is not of the grammar. */
export function parseScope(scope: string): Access | undefined {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first <= 0 || last === first || last === scope.length - 1) return undefined;
  const type = scope.slice(0, first).replace(/\(.*\)$/, '');
  const name = scope.slice(first + 1, last);
  const actions = scope.slice(last + 1).split(',').filter((a) => a !== '');
  if (name === '' || actions.length === 0) return undefined;
  return { type, name, actions };
}

/** Repositories under this prefix need credentials; all others allow anonymous pull. */
export const privatePrefix = 'private/';

/**
 * The actions granted to `user` (undefined: anonymous) on one requested
 * access. Only `pull` is ever granted: the bed is read-only over token auth
 * (images are pushed through the anonymous registry).
 */
export function grantedActions(request: Access, user: string | undefined): string[] {
  if (request.type !== 'repository') return [];
  const mayPull = user !== undefined || !request.name.startsWith(privatePrefix);
  return mayPull && request.actions.includes('pull') ? ['pull'] : [];
}
