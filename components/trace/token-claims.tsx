'use client';

import { useEffect, useState, type ReactNode } from 'react';
import type { TraceToken } from '@/lib/registry/trace';
import { formatCountdown, toTokenView } from '@/lib/trace/trace-view';
import { Facts, Panel } from '@/components/inspector/panel';
import { VisibleText } from '@/components/inspector/visible-text';

/**
 * The bearer token the pull used, decoded: who issued it, for which
 * registry, for whom, what it allows and until when. The token itself never
 * reaches the browser; these are its claims as the proxy decoded them.
 */
export function TokenClaims({ token }: { token: TraceToken }) {
  const view = toTokenView(token);
  const now = useNow(1000);
  const time = (ms: number | undefined) => (ms === undefined ? '—' : new Date(ms).toISOString());
  return (
    <Panel title="Token" testId="token-claims">
      {view.opaque ? (
        <p className="mb-2 text-sm text-slate-500 dark:text-slate-400">This registry's token is not a JWT, so there are no claims to decode.</p>
      ) : (
        <Facts
          rows={[
            ['Issuer (iss)', <span key="iss" data-testid="claim-iss" className="font-mono">{view.issuer === undefined ? '—' : <VisibleText text={view.issuer} />}</span>],
            ['Audience (aud)', <span key="aud" data-testid="claim-aud" className="font-mono">{view.audience === undefined ? '—' : <VisibleText text={view.audience} />}</span>],
            [
              'Subject (sub)',
              <span key="sub" data-testid="claim-sub" className="font-mono">
                {view.subject ? <VisibleText text={view.subject} /> : view.subject === '' ? '"" (empty: an anonymous token)' : '— (no subject: an anonymous token)'}
              </span>,
            ],
            ['Issued at (iat)', <span key="iat" className="font-mono">{time(view.issuedAt)}</span>],
            ['Not before (nbf)', <span key="nbf" className="font-mono">{time(view.notBefore)}</span>],
            ...view.otherClaims.map(([name, value]): [string, ReactNode] => [name, <span key={name} className="break-all font-mono"><VisibleText text={value} /></span>]),
          ]}
        />
      )}
      <div className="mt-3 text-sm">
        <span className="text-slate-500 dark:text-slate-400">Expires </span>
        <span className="font-mono">{time(view.expiresAt)}</span>{' '}
        <span data-testid="token-countdown" className={view.expiresAt > now ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-700 dark:text-red-400'}>
          ({formatCountdown(view.expiresAt, now)}; lifetime {view.lifetimeSeconds} s)
        </span>
        {view.statedLifetimeSeconds !== undefined && (
          <span data-testid="token-lifetime-capped" className="block text-xs text-slate-500 dark:text-slate-400">
            The token server stated {view.statedLifetimeSeconds.toLocaleString('en-US')} s; Pullscope keeps and uses a token for {view.lifetimeSeconds / 60} min at
            most, then asks for a new one.
          </span>
        )}
      </div>
      {!view.opaque && (
        <div className="mt-3">
          <h3 className="text-sm font-semibold">Access granted</h3>
          {view.access === undefined ? (
            <p data-testid="token-access-unstated" className="text-sm text-slate-600 dark:text-slate-400">
              Not stated: the token has no <code className="font-mono">access</code> claim, so what it allows is for the registry to decide.
            </p>
          ) : view.access.length === 0 ? (
            <p data-testid="token-access-none" className="text-sm text-red-700 dark:text-red-400">
              None: the token server granted nothing for the requested scope, so the registry will refuse the pull.
            </p>
          ) : (
            <ul data-testid="token-access" className="text-sm">
              {view.access.map((grant) => (
                <li key={`${grant.type}:${grant.name}`} className="font-mono">
                  <VisibleText text={`${grant.type}:${grant.name}`} /> — {grant.actions.length > 0 ? <VisibleText text={grant.actions.join(', ')} /> : 'no actions'}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {view.header.length > 0 && (
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer text-slate-600 dark:text-slate-400">JWT header</summary>
          <Facts rows={view.header.map(([name, value]): [string, ReactNode] => [name, <span key={name} className="font-mono"><VisibleText text={value} /></span>])} />
        </details>
      )}
      <p className="mt-3 text-xs text-slate-500 dark:text-slate-400">
        Decoded for reading, not verified: the registry checks the signature. A token lets anyone holding it pull until it expires,
        so Pullscope never shows it.
      </p>
    </Panel>
  );
}

// A clock for the countdown; a second's resolution is all a person reads.
function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
