'use client';

import { useId, useMemo, useState, type ReactNode } from 'react';
import { formatBytes } from '@/lib/format';
import { VisibleText } from './visible-text';

// An image's publisher writes its env, labels, annotations and commands, and nothing bounds them: one value of
// megabytes would be a page hundreds of thousands of pixels tall. Past these bounds a value shows its start.
const SHOWN_CHARS = 300;
const SHOWN_LINES = 4;
// A value only a little past the shown part is shown whole: a button that reveals a few characters helps no one.
const WHOLE_CHARS = 400;
const WHOLE_LINES = 6;

/** The start of `value` shown while it is folded (`SHOWN_LINES` lines, `SHOWN_CHARS` characters); undefined when it is shown whole. */
export function foldedStart(value: string): string | undefined {
  const lineEnd = nthLineEnd(value, WHOLE_LINES);
  if (value.length <= WHOLE_CHARS && lineEnd === undefined) return undefined;
  let end = Math.min(SHOWN_CHARS, nthLineEnd(value, SHOWN_LINES) ?? value.length);
  // Never cut a surrogate pair in two: half a character would show as a replacement mark.
  if (end > 0 && isHighSurrogate(value.charCodeAt(end - 1))) end--;
  return value.slice(0, end);
}

/**
 * A value written by the image's publisher (an env value, a label, an annotation, a command): whole while short,
 * its start and a "Show all (size)" button when long. Unfolded, a long value scrolls in a box of its own, so the
 * page stays its height. `render` draws the whole value (a label's link); the folded start is plain text, as a
 * link cut short would lead elsewhere. The raw JSON below each panel keeps every value whole.
 */
export function ClampedValue({
  value,
  multiline = false,
  render = (whole) => <VisibleText text={whole} multiline={multiline} />,
}: {
  value: string;
  /** A block of lines (a command): its line feeds are kept (VisibleText). */
  multiline?: boolean;
  render?: (whole: string) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const start = useMemo(() => foldedStart(value), [value]);
  const size = useMemo(() => (start === undefined ? 0 : new TextEncoder().encode(value).length), [start, value]);
  if (start === undefined) return <>{render(value)}</>;
  return (
    <>
      {open ? (
        <span id={id} data-testid="clamped-value" data-folded="false" className="block max-h-96 overflow-auto">
          {render(value)}
        </span>
      ) : (
        <span id={id} data-testid="clamped-value" data-folded="true">
          <VisibleText text={start} multiline={multiline} />…
        </span>
      )}{' '}
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        data-testid="clamped-value-toggle"
        onClick={() => setOpen(!open)}
        className="whitespace-nowrap rounded border border-slate-300 px-1 font-sans text-xs text-slate-700 no-underline hover:bg-slate-100 dark:border-slate-600 dark:text-slate-300 dark:hover:bg-slate-800"
      >
        {open ? 'Show less' : `Show all (${formatBytes(size)})`}
      </button>
    </>
  );
}

/** The index just past the end of line `n` (1-based) when more text follows it; undefined when the value has no more than `n` lines. */
function nthLineEnd(value: string, n: number): number | undefined {
  let at = -1;
  for (let line = 0; line < n; line++) {
    at = value.indexOf('\n', at + 1);
    if (at < 0) return undefined;
  }
  return at + 1 < value.length ? at : undefined;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
