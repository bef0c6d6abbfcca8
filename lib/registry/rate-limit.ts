/**
 * Rate-limit headers as Docker Hub sends them, in the form of the IETF
 * RateLimit header draft (draft-ietf-httpapi-ratelimit-headers-03 §3.1–3.3):
 *
 *   RateLimit-Limit     = limit *( OWS "," OWS quota-policy )
 *   RateLimit-Remaining = remaining
 *   RateLimit-Reset     = delta-seconds
 *   limit, remaining    = 1*DIGIT *( OWS ";" OWS param )
 *   quota-policy        = 1*DIGIT *( OWS ";" OWS param )
 *   param               = token "=" ( token / quoted-string )   ; "w" = window in seconds
 *
 * e.g. `ratelimit-limit: 100;w=21600`, `ratelimit-remaining: 93;w=21600`
 * (Docker Hub: pulls per 6 h per IP address or account, which it names in
 * `docker-ratelimit-source`; a manifest GET counts as a pull, a HEAD does not).
 *
 * Whose quota it is matters: an anonymous pull through Pullscope reaches the
 * registry from the Pullscope server, so it counts against the server's
 * address, which every anonymous user of that server shares; a pull with
 * credentials counts against the account's.
 */

/** A registry's pull quota as its headers state it. */
export interface RateLimit {
  limit: number;
  remaining?: number;
  /** The window the quota applies to, in seconds, when stated. */
  windowSeconds?: number;
  /** Seconds until the quota resets, when stated (`ratelimit-reset`). */
  resetSeconds?: number;
  /** What the registry counts the pulls for (`docker-ratelimit-source`: an IP address, or an account's ID). */
  source?: string;
}

/** What Docker Hub counts, said once for every view that shows a quota. */
export const PULL_COUNTING_NOTE =
  'On Docker Hub a manifest GET counts as a pull; a HEAD request, which answers only the digest, does not.';

/** The quota from `ratelimit-limit` / `ratelimit-remaining` / `ratelimit-reset` (names in any case); undefined without a usable limit. */
export function parseRateLimit(headers: Record<string, string>): RateLimit | undefined {
  const get = (name: string) => Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  const limitItems = parseItems(get('ratelimit-limit'));
  const first = limitItems[0];
  if (first === undefined) return undefined;
  const remaining = parseItems(get('ratelimit-remaining'))[0];
  const window =
    windowOf(first) ?? windowOf(limitItems.slice(1).find((policy) => policy.value === first.value)) ?? windowOf(remaining);
  const reset = get('ratelimit-reset')?.trim();
  const source = get('docker-ratelimit-source')?.trim();
  return {
    limit: first.value,
    ...(remaining !== undefined ? { remaining: remaining.value } : {}),
    ...(window !== undefined ? { windowSeconds: window } : {}),
    ...(reset !== undefined && /^\d+$/.test(reset) ? { resetSeconds: Number(reset) } : {}),
    ...(source ? { source } : {}),
  };
}

/** The quota of an answer's headers (a fetch Headers object). */
export function rateLimitOf(headers: Headers): RateLimit | undefined {
  return parseRateLimit(Object.fromEntries(headers.entries()));
}

/** "93 of 100 pulls left in this 6 h window", or the parts of it the headers allow. */
export function describeRateLimit(rate: RateLimit): string {
  const pulls = `${rate.limit} pull${rate.limit === 1 ? '' : 's'}`;
  const window = rate.windowSeconds !== undefined ? formatWindow(rate.windowSeconds) : undefined;
  if (rate.remaining === undefined) return `a limit of ${pulls}${window ? ` per ${window} window` : ''}`;
  return `${rate.remaining} of ${pulls} left${window ? ` in this ${window} window` : ''}`;
}

/**
 * Whose quota the pulls count against: with `credentialed`, the account's;
 * without, this Pullscope server's address, shared with everyone who uses
 * the server without credentials. Names the registry's `source` when it sent one.
 */
export function describeQuotaOwner(rate: Pick<RateLimit, 'source'> | undefined, credentialed: boolean): string {
  const source = rate?.source;
  if (credentialed) {
    return `These pulls were made with your credentials, so they count against your account's quota${source ? ` (the registry counts them for ${source})` : ''}.`;
  }
  return (
    `Anonymous pulls reach the registry from this Pullscope server, so they count against the quota of the server's address` +
    `${source ? ` (${source}, as the registry reports it)` : ''}, not yours: everyone who uses this server without credentials shares it.`
  );
}

/** A window length for people: 21600 -> '6 h', 60 -> '1 min', 90 -> '90 s'. */
export function formatWindow(seconds: number): string {
  if (seconds > 0 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds > 0 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** A wait for people, rounded up to what matters: 30 -> '30 s', 150 -> '3 min', 8000 -> '2 h 14 min', 21600 -> '6 h'. */
export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

interface Item {
  value: number;
  params: Record<string, string>;
}

function parseItems(header: string | undefined): Item[] {
  if (header === undefined) return [];
  const items: Item[] = [];
  for (const part of header.split(',')) {
    const [head, ...params] = part.split(';').map((s) => s.trim());
    if (!/^\d+$/.test(head)) continue;
    const item: Item = { value: Number(head), params: {} };
    for (const param of params) {
      const eq = param.indexOf('=');
      if (eq <= 0) continue;
      item.params[param.slice(0, eq).trim().toLowerCase()] = param.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    }
    items.push(item);
  }
  return items;
}

function windowOf(item: Item | undefined): number | undefined {
  const w = item?.params.w;
  return w !== undefined && /^\d+$/.test(w) ? Number(w) : undefined;
}
