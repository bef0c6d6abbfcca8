import type { PullscopeError } from '@/lib/errors';

/** A failure, said plainly: what happened and what to try. */
export function ErrorPanel({ error, title }: { error: PullscopeError; title?: string }) {
  return (
    <section
      role="alert"
      data-testid="error"
      data-code={error.code}
      className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm dark:border-red-900 dark:bg-red-950"
    >
      <h2 className="font-semibold text-red-800 dark:text-red-300">{title ?? 'The pull stopped'}</h2>
      <p className="mt-1 text-red-900 [overflow-wrap:anywhere] dark:text-red-200" data-testid="error-message">
        {error.message}
      </p>
      {error.suggestion && <p className="mt-1 text-slate-700 dark:text-slate-300">{error.suggestion}</p>}
      <p className="mt-1 font-mono text-xs text-slate-500">{error.code}</p>
    </section>
  );
}
