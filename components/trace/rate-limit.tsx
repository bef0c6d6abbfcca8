import { describeQuotaOwner, describeRateLimit, formatWait, PULL_COUNTING_NOTE, type RateLimit } from '@/lib/registry/rate-limit';
import { Panel } from '@/components/inspector/panel';

/**
 * The registry's pull quota, as its `ratelimit-*` headers stated it on the last answer that had them, and whose quota it
 * is: the account's when the pull was `credentialed`, else this Pullscope server's address, shared by its anonymous users.
 */
export function RateLimitPanel({ rate, credentialed }: { rate: RateLimit; credentialed: boolean }) {
  const used = rate.remaining !== undefined && rate.limit > 0 ? 1 - rate.remaining / rate.limit : undefined;
  return (
    <Panel title="Rate limit" testId="rate-limit">
      <p data-testid="rate-limit-text" className="text-sm font-semibold">
        {describeRateLimit(rate)}
        {rate.resetSeconds !== undefined && `; it resets in ${formatWait(rate.resetSeconds)}`}
      </p>
      {used !== undefined && (
        <div className="mt-2 h-2 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-800" aria-hidden="true">
          <div className="h-full bg-sky-600" style={{ width: `${Math.round(Math.min(1, Math.max(0, used)) * 100)}%` }} />
        </div>
      )}
      <p data-testid="rate-limit-owner" className="mt-2 text-sm">
        {describeQuotaOwner(rate, credentialed)}
        {!credentialed && " Pulls made with credentials (under “Private repository”) count against that account's quota instead."}
      </p>
      <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
        {PULL_COUNTING_NOTE} Pullscope uses a HEAD when a digest is all it needs, for example to check that a tag still names a manifest
        it has already verified.
      </p>
    </Panel>
  );
}
