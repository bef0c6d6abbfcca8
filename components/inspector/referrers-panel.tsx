'use client';

import { useEffect, useRef, useState } from 'react';
import { asPullscopeError, type PullscopeError } from '@/lib/errors';
import { formatBytes } from '@/lib/format';
import type { ProxyClient } from '@/lib/inspect/proxy-client';
import { findReferrers, type Referrers } from '@/lib/inspect/referrers';
import { describeMediaType } from '@/lib/oci/media-types';
import type { Reference } from '@/lib/reference';
import { inspectUrl } from './links';
import { Panel } from './panel';
import { ViewLink } from './view-link';

/** A manifest whose referrers are listed: the index the reference resolved to, or the platform's manifest. */
export interface ReferrersSubject {
  /** 'index' or 'manifest', in words. */
  label: string;
  digest: string;
}

type Found = { status: 'loading' } | { status: 'done'; referrers: Referrers } | { status: 'error'; error: PullscopeError };

/**
 * What the registry holds about these manifests: signatures, SBOMs and
 * attestations pushed with them as their subject, through the referrers API
 * or its fallback tag, looked up when asked. Each opens as its own view. Not
 * part of a pull, so not in the pull trace (the same as the tag list).
 */
export function ReferrersPanel({ reference, subjects, client }: { reference: Reference; subjects: ReferrersSubject[]; client: ProxyClient }) {
  // Asked for on request: most images have none, a registry without the API answers each lookup with 404s, and the
  // fallback tag is one more manifest request where a registry counts pulls.
  const [asked, setAsked] = useState(false);
  const [found, setFound] = useState<Record<string, Found>>({});
  const { apiHost, repository } = reference;
  const digests = subjects.map((s) => s.digest).join(' ');
  // Read when a lookup starts; the panel is mounted with a key to start over on new credentials.
  const clientRef = useRef(client);
  clientRef.current = client;

  useEffect(() => {
    if (!asked) return;
    const controller = new AbortController();
    const wanted = digests.split(' ');
    setFound(Object.fromEntries(wanted.map((d) => [d, { status: 'loading' } as Found])));
    for (const digest of wanted) {
      findReferrers(clientRef.current, { apiHost, repository }, digest, controller.signal).then(
        (referrers) => !controller.signal.aborted && setFound((f) => ({ ...f, [digest]: { status: 'done', referrers } })),
        (err: unknown) => !controller.signal.aborted && setFound((f) => ({ ...f, [digest]: { status: 'error', error: asPullscopeError(err) } })),
      );
    }
    return () => controller.abort();
  }, [asked, apiHost, repository, digests]);

  return (
    <Panel title="Referrers" testId="referrers-panel">
      <p className="text-xs text-slate-500 dark:text-slate-400">
        Signatures, SBOMs and attestations that name a manifest as their subject (distribution-spec 1.1): asked of the registry&apos;s referrers
        API, or, where it has none, read from the fallback tag named after the digest. Not part of a pull, so not in the pull trace.
      </p>
      {!asked ? (
        <button
          type="button"
          data-testid="find-referrers"
          onClick={() => setAsked(true)}
          className="mt-2 rounded border border-slate-300 px-2 py-0.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          Look up the referrers of the {subjects.map((s) => s.label).join(' and the ')}
        </button>
      ) : (
        subjects.map((subject) => (
          <SubjectReferrers key={subject.digest} reference={reference} subject={subject} found={found[subject.digest] ?? { status: 'loading' }} />
        ))
      )}
    </Panel>
  );
}

function SubjectReferrers({ reference, subject, found }: { reference: Reference; subject: ReferrersSubject; found: Found }) {
  return (
    <div data-testid="referrers-of" data-subject={subject.digest} className="mt-3 text-sm">
      <h3 className="font-medium [overflow-wrap:anywhere]">
        Of the {subject.label} <span className="digest font-normal">{subject.digest}</span>
      </h3>
      {found.status === 'loading' && <p className="text-slate-500 dark:text-slate-400">Asking the registry…</p>}
      {found.status === 'error' && (
        <p role="alert" data-testid="referrers-error" className="text-red-700 [overflow-wrap:anywhere] dark:text-red-400">
          {found.error.message}
        </p>
      )}
      {found.status === 'done' && <ReferrersList reference={reference} referrers={found.referrers} />}
    </div>
  );
}

// What the fallback tag held, and how its digest compared with the one the registry sent, if it sent one.
function fallbackTagWords(tag: string, any: boolean, held: Referrers['tagIndex']): string {
  const what = held?.held === 'index' || held === undefined ? 'index' : held.held;
  const where =
    what === 'index'
      ? `${any ? 'From' : 'None in'} the fallback tag ${tag} (the registry has no referrers API)`
      : `None: the registry has no referrers API, and its fallback tag ${tag} holds ${what === 'image manifest' ? 'an' : 'a'} ${what}, not an index of referrers`;
  const digest = !held?.compared
    ? `the registry sent no digest with its ${what} (computed ${held?.digest ?? 'nothing'}).`
    : held.ok
      ? `its ${what} hashes to the digest the registry sent.`
      : `its ${what} does not hash to the digest the registry sent.`;
  return `${where}; ${digest}`;
}

function ReferrersList({ reference, referrers }: { reference: Reference; referrers: Referrers }) {
  const { via, tag, tagIndex, partial, pages } = referrers;
  const any = referrers.referrers.length > 0;
  const source =
    via === 'api'
      ? any
        ? `From the referrers API${pages ? `, in ${pages} pages` : ''}.`
        : 'None, says the referrers API.'
      : via === 'tag'
        ? fallbackTagWords(tag, any, tagIndex)
        : `None: the registry has no referrers API, and no fallback tag ${tag}.`;
  return (
    <>
      <p data-testid="referrers-source" className="text-xs text-slate-500 dark:text-slate-400 [overflow-wrap:anywhere]">
        {source}
        {partial && ` Not all of them: ${partial}.`}
      </p>
      {referrers.referrers.length > 0 && (
        <ul className="mt-1 space-y-1">
          {referrers.referrers.map((r, i) => (
            // A registry's pages may list one manifest twice.
            <li key={`${i}:${r.digest}`} data-testid="referrer-row" className="text-xs [overflow-wrap:anywhere]">
              <span className="font-mono">{r.artifactType ?? describeMediaType(r.mediaType)}</span> <span className="text-slate-500 dark:text-slate-400">{formatBytes(r.size)}</span>{' '}
              <ViewLink href={inspectUrl(reference, r.digest)} data-testid="referrer-link" className="digest text-sky-700 hover:underline dark:text-sky-400">
                {r.digest}
              </ViewLink>
              {r.annotations.length > 0 && (
                <span className="text-slate-500 dark:text-slate-400"> · {r.annotations.map(([k, v]) => `${k}: ${v}`).join(' · ')}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
