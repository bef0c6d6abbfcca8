'use client';

import { useId, useMemo, useState, type ReactNode } from 'react';

/** Rows a long table shows at first: a config may carry tens of thousands of labels, and every row costs the page layout and memory. */
export const ROWS_SHOWN = 200;
/** Rows each "Show more" adds. */
export const ROWS_STEP = 500;

/**
 * A two-column table of name/value rows that shows the first ROWS_SHOWN
 * and offers the rest on request ("Show 500 more", "Show all N"), as the
 * file viewer caps its lines; past the cap, a filter by name finds a row
 * among them without showing them all.
 */
export function CappedRows<T>({
  rows,
  nameOf,
  renderRow,
  noun,
  testId,
}: {
  rows: readonly T[];
  nameOf: (row: T) => string;
  /** One `<tr>` per row; `i` is the row's place in `rows`. */
  renderRow: (row: T, i: number) => ReactNode;
  /** What a row is, plural ("variables", "labels"), for the controls' words. */
  noun: string;
  testId: string;
}) {
  const [limit, setLimit] = useState(ROWS_SHOWN);
  const [needle, setNeedle] = useState('');
  const filterId = useId();
  const matching = useMemo(() => {
    const all = rows.map((row, i) => ({ row, i }));
    if (needle === '') return all;
    const lower = needle.toLowerCase();
    return all.filter(({ row }) => nameOf(row).toLowerCase().includes(lower));
  }, [rows, nameOf, needle]);
  const rest = matching.length - limit;
  const button = 'rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800';
  return (
    <>
      {rows.length > ROWS_SHOWN && (
        <div className="mt-1 flex flex-wrap items-center gap-2 text-xs">
          <label htmlFor={filterId}>Filter {noun} by name</label>
          <input
            id={filterId}
            type="search"
            value={needle}
            onChange={(e) => setNeedle(e.target.value)}
            data-testid={`${testId}-filter`}
            className="rounded border border-slate-300 px-2 py-0.5 font-mono dark:border-slate-700 dark:bg-slate-950"
          />
          <span role="status" data-testid={`${testId}-count`} className="text-slate-500 dark:text-slate-400">
            {needle === '' ? `${rows.length.toLocaleString('en-US')} ${noun}` : `${matching.length.toLocaleString('en-US')} of ${rows.length.toLocaleString('en-US')} ${noun} match`}
          </span>
        </div>
      )}
      <table className="mt-1 w-full text-left text-xs" data-testid={testId}>
        <tbody>{matching.slice(0, limit).map(({ row, i }) => renderRow(row, i))}</tbody>
      </table>
      {rest > 0 && (
        <p className="mt-1 flex flex-wrap items-center gap-2 text-xs">
          <span data-testid={`${testId}-hidden`}>
            {rest.toLocaleString('en-US')} more {noun} not shown.
          </span>
          {rest > ROWS_STEP && (
            <button type="button" data-testid={`${testId}-more`} onClick={() => setLimit((n) => n + ROWS_STEP)} className={button}>
              Show {ROWS_STEP.toLocaleString('en-US')} more
            </button>
          )}
          <button type="button" data-testid={`${testId}-all`} onClick={() => setLimit(Infinity)} className={button}>
            Show all {matching.length.toLocaleString('en-US')}
          </button>
        </p>
      )}
    </>
  );
}
