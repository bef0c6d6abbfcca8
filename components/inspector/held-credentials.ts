import type { Reference } from '@/lib/reference';
import type { Credentials } from './reference-form';

/** A registry as the proxy is asked for it (`apiHost`) and as the page names it (`shown`). */
export interface RegistryName {
  apiHost: string;
  shown: string;
}

/** Credentials and the registry they were entered for (undefined while none are). */
export interface HeldCredentials extends Credentials {
  registry?: RegistryName;
}

/** No credentials: what a registry they were not entered for is sent. */
export const NO_CREDENTIALS: HeldCredentials = { username: '', password: '' };

/** The registry of a reference. */
export function registryOf(reference: Reference): RegistryName {
  return { apiHost: reference.apiHost, shown: reference.registry };
}

/**
 * The credentials held once the fields' values `typed` are used for `registry` (Inspect, or comparing an archive with its
 * registry). As `docker login` keeps them per registry: fields typed or changed since are this registry's; fields left as
 * they were stay with the registry they were entered for; empty fields hold none. `held` itself when nothing changes.
 */
export function heldAfterUse(held: HeldCredentials, typed: Credentials, registry: RegistryName): HeldCredentials {
  if (!typed.username && !typed.password) return NO_CREDENTIALS;
  const unchanged = typed.username === held.username && typed.password === held.password;
  return unchanged && held.registry !== undefined ? held : { username: typed.username, password: typed.password, registry };
}

/** What a request to `registry` carries: the held credentials when they were entered for it, else none. */
export function credentialsSentTo(held: HeldCredentials, registry: RegistryName): Credentials {
  return held.registry !== undefined && held.registry.apiHost === registry.apiHost ? { username: held.username, password: held.password } : NO_CREDENTIALS;
}
