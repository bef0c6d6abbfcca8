import { Suspense } from 'react';
import { Inspector } from '@/components/inspector/inspector';

export default function HomePage() {
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <header className="mb-4">
        <h1 className="text-2xl font-semibold tracking-tight">Pullscope</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          <code>docker pull</code>, done in the open: the registry&apos;s answers, every digest checked in your browser.
        </p>
      </header>
      <Suspense fallback={<p className="text-sm text-slate-500">Loading…</p>}>
        <Inspector />
      </Suspense>
    </main>
  );
}
