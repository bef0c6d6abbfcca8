/**
 * Bearer tokens kept between requests, keyed by (registry host, scope,
 * credential). One cache serves every user of the proxy, so the credential
 * part of the key is an HMAC-SHA256 of `username \0 password` under a random
 * key made per cache: equal credentials meet the same token, while the raw
 * credentials are never stored and the key cannot be reversed or precomputed.
 * (go-containerregistry keeps a shared mutable scope list per transport;
 * keying by scope avoids that.)
 */
import { toHex } from '../digest';
import type { Credentials } from './credentials';
import type { TokenGrant } from './token';
import type { TraceEntry } from './trace';

/** A cached token, with the exchanges that got it (the registry's challenge, the token request), as traced then. */
export interface CachedGrant extends TokenGrant {
  obtainedBy: readonly TraceEntry[];
}

/** Tuning for a TokenCache. */
export interface TokenCacheOptions {
  /** Least recently used entries are dropped beyond this many (default 500). */
  maxEntries?: number;
  /** A token this close to expiry counts as expired, so it cannot lapse in flight (default 10 s). */
  safetyMarginMs?: number;
  now?: () => number;
}

// The scope part of a Basic memo's key: no token scope looks like it.
const BASIC = '(basic)';

/** A bounded LRU of bearer tokens keyed by registry, scope and a salted credential hash. */
export class TokenCache {
  private readonly entries = new Map<string, CachedGrant>();
  private readonly basic = new Set<string>();
  private readonly maxEntries: number;
  private readonly safetyMarginMs: number;
  private readonly now: () => number;
  private hmacKey?: Promise<CryptoKey>;

  constructor(options: TokenCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 500;
    this.safetyMarginMs = options.safetyMarginMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** The live token for this registry, scope and credential, if any. */
  async get(registry: string, scope: string, credentials?: Credentials): Promise<CachedGrant | undefined> {
    const key = await this.keyFor(registry, scope, credentials);
    const grant = this.entries.get(key);
    if (grant === undefined) return undefined;
    this.entries.delete(key);
    if (grant.expiresAt - this.safetyMarginMs <= this.now()) return undefined;
    this.entries.set(key, grant); // most recently used goes last
    return grant;
  }

  /**
   * Stores a token with the exchanges that got it (kept under the same key, so only those who may use the token see
   * them), dropping the least recently used entries beyond the bound.
   */
  async set(registry: string, scope: string, credentials: Credentials | undefined, grant: TokenGrant, obtainedBy: readonly TraceEntry[] = []): Promise<void> {
    const key = await this.keyFor(registry, scope, credentials);
    this.entries.delete(key);
    this.entries.set(key, { ...grant, obtainedBy });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** Forgets a token the registry refused. */
  async delete(registry: string, scope: string, credentials?: Credentials): Promise<void> {
    this.entries.delete(await this.keyFor(registry, scope, credentials));
  }

  /**
   * Remembers that `registry` took these credentials as Basic auth, keyed as
   * tokens are: the next request with the same credentials sends them up
   * front, and nobody with other credentials learns that they were used.
   */
  async rememberBasic(registry: string, credentials: Credentials): Promise<void> {
    const key = await this.keyFor(registry, BASIC, credentials);
    // A bound, not an eviction policy: forgetting costs one 401.
    if (this.basic.size >= this.maxEntries) this.basic.clear();
    this.basic.add(key);
  }

  /** Whether `registry` took these credentials as Basic auth before. */
  async takesBasic(registry: string, credentials: Credentials): Promise<boolean> {
    return this.basic.has(await this.keyFor(registry, BASIC, credentials));
  }

  /** Forgets it: the registry asked for something else. */
  async forgetBasic(registry: string, credentials: Credentials): Promise<void> {
    this.basic.delete(await this.keyFor(registry, BASIC, credentials));
  }

  /** Entries held, live or not yet noticed as expired. */
  get size(): number {
    return this.entries.size;
  }

  private async keyFor(registry: string, scope: string, credentials?: Credentials): Promise<string> {
    const who = credentials ? await this.credentialKey(credentials) : 'anonymous';
    return `${registry.toLowerCase()}\n${scope}\n${who}`;
  }

  private async credentialKey(credentials: Credentials): Promise<string> {
    this.hmacKey ??= crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']) as Promise<CryptoKey>;
    const data = new TextEncoder().encode(`${credentials.username}\0${credentials.password}`);
    const mac = await crypto.subtle.sign('HMAC', await this.hmacKey, data);
    return toHex(new Uint8Array(mac));
  }
}
