'use client';

import type { TraceLog } from '@/lib/trace/trace-log';
import { latestRateLimit, latestToken } from '@/lib/trace/trace-view';
import { PullTracePanel, TokenClaims } from '@/components/inspector/later-panels';
import { RateLimitPanel } from './rate-limit';
import { useTraceEntries } from './use-trace-entries';

/**
 * The panels that follow every exchange of the pull (the trace, the token's
 * claims, the rate limit), subscribed to the log themselves: a new exchange
 * renders them alone, not the whole page.
 */
export function PullTraceSection({ log, credentialed, cachedLayers }: { log: TraceLog; credentialed: boolean; cachedLayers: number }) {
  const entries = useTraceEntries(log);
  const token = latestToken(entries);
  const rate = latestRateLimit(entries);
  return (
    <>
      {entries.length > 0 && <PullTracePanel entries={entries} credentialed={credentialed} cachedLayers={cachedLayers} />}
      {token && <TokenClaims token={token} />}
      {rate && <RateLimitPanel rate={rate} credentialed={credentialed} />}
    </>
  );
}
