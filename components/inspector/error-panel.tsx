'use client';

import { useEffect, useRef } from 'react';
import type { PullscopeError } from '@/lib/errors';
import { visibleText } from '@/lib/visible-text';

/**
 * A failure, said plainly: what happened and what to try (a registry's own words quoted in it escaped, so they cannot
 * hide or turn around the sentence); brought into view when it appears below the screen's edge (a phone). */
export function ErrorPanel({ error, title }: { error: PullscopeError; title?: string }) {
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    // 'nearest' scrolls only as far as it takes, and not at all when the panel is already in view.
    panel.current?.scrollIntoView({ block: 'nearest' });
  }, [error.code, error.message]);
  return (
    <section
      ref={panel}
      role="alert"
      data-testid="error"
      data-code={error.code}
      className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm dark:border-red-900 dark:bg-red-950"
    >
      <h2 className="font-semibold text-red-800 dark:text-red-300">{title ?? 'The pull stopped'}</h2>
      <p className="mt-1 text-red-900 [overflow-wrap:anywhere] dark:text-red-200" data-testid="error-message">
        {visibleText(error.message, { multiline: true })}
      </p>
      {error.suggestion && <p className="mt-1 text-slate-700 dark:text-slate-300">{visibleText(error.suggestion, { multiline: true })}</p>}
      <p className="mt-1 font-mono text-xs text-slate-600 dark:text-slate-400">{error.code}</p>
    </section>
  );
}
