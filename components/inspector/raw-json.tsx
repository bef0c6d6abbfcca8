'use client';

import { useMemo, useState, type ReactNode } from 'react';
import { indentJson } from '@/lib/oci/json-indent';
import { findDigestStrings, type DigestString } from '@/lib/oci/json-digest-strings';
import { hasHiddenCharacters } from '@/lib/visible-text';
import { ViewLink } from './view-link';
import { VisibleText } from './visible-text';

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
 * A document's text as received (its digest was taken over these bytes),
 * each digest that names something this page shows made a link over its own
 * text: nothing is re-serialized, so escapes, key order and numbers stay as
 * the registry sent them. It is shown laid out one member per line, only the
 * whitespace between tokens changed (most registries send one long line),
 * or, at a click, exactly as received. Either way a character that would
 * hide or reorder the text (a bidi override in a label) reads as its escape,
 * and a note says so: the bytes are as received, their display is not
 * theirs to turn around.
 */
export function RawJson({ text, targetOf, testId }: { text: string; targetOf?: DigestTargets; testId?: string }) {
  const [asReceived, setAsReceived] = useState(false);
  const laidOut = useMemo(() => indentJson(text), [text]);
  const shown = asReceived ? text : laidOut;
  const escaped = useMemo(() => hasHiddenCharacters(text, { multiline: true }), [text]);
  return (
    <details className="mt-3">
      <summary className="cursor-pointer text-sm text-slate-600 dark:text-slate-400">Raw JSON ({utf8Bytes(text)} bytes as received)</summary>
      {laidOut !== text && (
        <button
          type="button"
          aria-pressed={asReceived}
          onClick={() => setAsReceived(!asReceived)}
          data-testid={testId && `${testId}-as-received`}
          className="mt-2 rounded border border-slate-300 px-2 py-0.5 text-xs text-slate-700 hover:bg-slate-100 dark:border-slate-600 dark:text-slate-300 dark:hover:bg-slate-800"
        >
          {asReceived ? 'Show laid out, one member per line' : 'Show exactly as received'}
        </button>
      )}
      {escaped && (
        <p className="mt-2 text-xs text-amber-800 dark:text-amber-300" data-testid={testId && `${testId}-escaped`}>
          This document holds invisible or direction-changing characters (control, bidi or zero-width): each is shown as its escape,
          marked, as in <code className="font-mono">\u202e</code>. The bytes, and the digest over them, are as received.
        </p>
      )}
      {/* Wrapped anywhere: as received, a registry may send a whole document on one line. */}
      <pre
        title={escaped ? 'Invisible and direction-changing characters are shown as escapes; the bytes are as received' : undefined}
        data-testid={testId}
        data-layout={asReceived || laidOut === text ? 'as-received' : 'laid-out'}
        className="mt-2 max-h-[32rem] overflow-auto whitespace-pre-wrap rounded bg-slate-100 p-3 text-xs leading-5 [overflow-wrap:anywhere] dark:bg-slate-950"
      >
        {withDigestLinks(shown, targetOf)}
      </pre>
    </details>
  );
}

/** `text` with each digest that has a target made a link over its own text, the rest shown escaped. */
function withDigestLinks(text: string, targetOf: DigestTargets | undefined): ReactNode[] {
  const parts: ReactNode[] = [];
  let shownTo = 0;
  for (const found of targetOf ? findDigestStrings(text) : []) {
    const target = targetOf!(found);
    if (!target) continue;
    parts.push(
      <VisibleText key={`text-${shownTo}`} text={text.slice(shownTo, found.start)} multiline />,
      <DigestLink key={found.start} text={text.slice(found.start, found.end)} target={target} />,
    );
    shownTo = found.end;
  }
  parts.push(<VisibleText key={`text-${shownTo}`} text={text.slice(shownTo)} multiline />);
  return parts;
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
