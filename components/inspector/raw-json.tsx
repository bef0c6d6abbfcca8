import type { ReactNode } from 'react';
import { findDigestStrings, type DigestString } from '@/lib/oci/json-digest-strings';
import { ViewLink } from './view-link';

/** Where a digest of a raw document leads: a view of this page (`href`), or a choice made in place (a platform). */
export interface DigestTarget {
  href?: string;
  /** Run as the digest is followed: a link's panel takes focus, a choice is made. */
  onFollow?: () => void;
  /** Said on hover and to assistive technology: where the digest leads. */
  title: string;
}

/** The target of one digest found in a document, or undefined to leave it as text. */
export type DigestTargets = (found: DigestString) => DigestTarget | undefined;

const digestClass = 'text-emerald-800 underline hover:text-emerald-600 dark:text-emerald-300 dark:hover:text-emerald-200';

/**
 * A document's text exactly as received (its digest was taken over these
 * bytes), each digest that names something this page shows made a link over
 * its own text: nothing is re-serialized, so escapes, key order, spacing and
 * numbers stay as the registry sent them.
 */
export function RawJson({ text, targetOf, testId }: { text: string; targetOf?: DigestTargets; testId?: string }) {
  const parts: ReactNode[] = [];
  let shownTo = 0;
  for (const found of targetOf ? findDigestStrings(text) : []) {
    const target = targetOf!(found);
    if (!target) continue;
    parts.push(text.slice(shownTo, found.start), <DigestLink key={found.start} text={text.slice(found.start, found.end)} target={target} />);
    shownTo = found.end;
  }
  parts.push(text.slice(shownTo));
  return (
    <details className="mt-3">
      <summary className="cursor-pointer text-sm text-slate-600 dark:text-slate-400">Raw JSON ({utf8Bytes(text)} bytes as received)</summary>
      {/* Wrapped anywhere: a registry may send a whole document on one line. */}
      <pre
        data-testid={testId}
        className="mt-2 max-h-[32rem] overflow-auto whitespace-pre-wrap rounded bg-slate-100 p-3 text-xs leading-5 [overflow-wrap:anywhere] dark:bg-slate-950"
      >
        {parts}
      </pre>
    </details>
  );
}

/** The document's length in bytes: it arrived as UTF-8, and `text.length` counts UTF-16 units. */
function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

function DigestLink({ text, target }: { text: string; target: DigestTarget }) {
  if (target.href !== undefined) {
    return (
      <ViewLink href={target.href} onClick={target.onFollow} title={target.title} data-testid="raw-digest" className={digestClass}>
        {text}
      </ViewLink>
    );
  }
  return (
    <button type="button" onClick={target.onFollow} title={target.title} data-testid="raw-digest" className={`font-mono ${digestClass}`}>
      {text}
    </button>
  );
}
