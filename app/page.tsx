import { Suspense } from 'react';
import { headers } from 'next/headers';
import { Inspector } from '@/components/inspector/inspector';
import { preloadTopManifest } from './manifest-preload';

export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { image } = await searchParams;
  preloadTopManifest(Array.isArray(image) ? image[0] : image, (await headers()).get('sec-fetch-dest'));
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
