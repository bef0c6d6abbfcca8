import { Suspense } from 'react';
import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cleanedImageQuery, imageQueryWithoutSecret } from './cleaned-image-link';
import { CLEANED_FROM_FRAGMENT, REMOVED_SECRET_FRAGMENT } from '@/components/inspector/cleaning-note';
import { InspectorWithFirstView } from './first-view';
import { viewTitle } from '@/components/inspector/page-title';

type SearchParams = Record<string, string | string[] | undefined>;

/** The title names the view: its image, and the file or layer open in it. */
export async function generateMetadata({ searchParams }: { searchParams: Promise<SearchParams> }): Promise<Metadata> {
  const params = await searchParams;
  // A link the page redirects (a credential or a pasted command in it) keeps the site's title: the page is not shown.
  if (imageQueryWithoutSecret(params) || cleanedImageQuery(params)) return {};
  const archive = first(params.example) === '1' ? 'the built-in example' : first(params.archive);
  return { title: viewTitle({ image: first(params.image), archive, layer: first(params.layer), path: first(params.path) }) };
}

export default async function HomePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  // A credential in the link's image is taken out of the address before anything renders it; the fragment, which no
  // server sees, tells the page which kind it was (in words from a fixed list) and whether the image was kept.
  const secret = imageQueryWithoutSecret(params);
  if (secret) {
    const qs = secret.query.toString();
    redirect(`/${qs ? `?${qs}` : ''}#${new URLSearchParams({ [REMOVED_SECRET_FRAGMENT]: secret.kept ? 'dropped' : secret.kind })}`);
  }
  const cleaned = cleanedImageQuery(params);
  if (cleaned) {
    // The value cleaned rides in the fragment: the page says what was removed, then takes it out of the address.
    redirect(`/?${cleaned}#${new URLSearchParams({ [CLEANED_FROM_FRAGMENT]: first(params.image) ?? '' })}`);
  }
  const { image, platform } = params;
  // Only a document load carries the first view (a client navigation may have credentials the server never sees);
  // a client that sends no Sec-Fetch-Dest (curl) is loading a document too, unless it asks for Next's RSC payload.
  const requestHeaders = await headers();
  const dest = requestHeaders.get('sec-fetch-dest');
  const documentLoad = dest === 'document' || (dest === null && !requestHeaders.has('rsc'));
  return (
    <main className="mx-auto max-w-6xl px-4 py-6 2xl:max-w-[96rem]">
      <header className="mb-4">
        <h1 className="text-2xl font-semibold tracking-tight">Pullscope</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          <code>docker pull</code>, done in the open: the registry&apos;s answers, every digest checked in your browser.
        </p>
      </header>
      {/* The inspector streams after this shell, parked hidden at the end of the body until React's script moves it into
          place; without JavaScript nothing moves it, so it is shown where it is, and the placeholder is not. */}
      <noscript>
        {/* In the stylesheet's base layer: an important rule there beats the base layer's `[hidden]` (CSS Cascade 5 §6.4). */}
        <style>{`@layer base{[data-inspector-placeholder]{display:none!important}div[hidden][id^="S:"]{display:block!important;max-width:72rem;margin:0 auto;padding:0 1rem 1.5rem}}`}</style>
      </noscript>
      <Suspense
        fallback={
          <p data-inspector-placeholder className="text-sm text-slate-500 dark:text-slate-400">
            Loading…
          </p>
        }
      >
        <InspectorWithFirstView image={first(image)} platform={first(platform)} documentLoad={documentLoad} nonce={requestHeaders.get('x-nonce') ?? undefined} />
      </Suspense>
    </main>
  );
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
