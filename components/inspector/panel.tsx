import type { ReactNode } from 'react';
import { VisibleText } from './visible-text';

/** The element id of the title of the panel whose id is `panelId`. */
export function panelTitleId(panelId: string): string {
  return `${panelId}-title`;
}

/** A titled section of the inspection page. */
export function Panel({ title, testId, id, children, aside }: { title: string; testId?: string; id?: string; children: ReactNode; aside?: ReactNode }) {
  return (
    <section
      id={id}
      data-testid={testId}
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        {/* A panel that links lead to takes focus at its title when one brings it into view (focusPanel). */}
        <h2 id={id && panelTitleId(id)} tabIndex={id ? -1 : undefined} className="text-lg font-semibold">
          {title}
        </h2>
        {aside}
      </div>
      {children}
    </section>
  );
}

/**
 * A two-column list of labelled values; a label may be text an image or a registry wrote (an annotation's key, a
 * token's claim), so it is shown escaped. With `longLabels` (annotation keys), a phone puts each value under its label:
 * beside a long label it would get a few characters a line.
 */
export function Facts({ rows, longLabels = false }: { rows: Array<[string, ReactNode]>; longLabels?: boolean }) {
  return (
    <dl className={`grid gap-x-4 gap-y-1 text-sm ${longLabels ? 'grid-cols-1 sm:grid-cols-[max-content_1fr]' : 'grid-cols-[max-content_1fr]'}`}>
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className={`text-slate-500 dark:text-slate-400 ${longLabels ? '[overflow-wrap:anywhere]' : ''}`}>
            <VisibleText text={label} />
          </dt>
          <dd className={`min-w-0 break-words ${longLabels ? 'pl-4 sm:pl-0' : ''}`}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
