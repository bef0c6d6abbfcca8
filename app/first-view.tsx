/**
 * The first view of `/?image=…`, in the page's HTML. A document load is
 * anonymous (credentials live in a tab's memory only), so the server can run
 * the tab's first inspection itself, through the proxy in-process, and send
 * both the view (every digest marked as still to be checked) and the exact
 * answers it received. The tab's first inspection replays those answers
 * instead of asking the registry again, and hashes them itself.
 */
import { Inspector, type FirstView } from '@/components/inspector/inspector';
import { FIRST_VIEW_ANSWERS_ID } from '@/components/inspector/first-view-answers';
import { recordFirstView } from '@/lib/inspect/record-first-view';
import { parseReference, type Reference } from '@/lib/reference';
import { inProcessProxyFetch } from './api/_server/in-process-proxy';

// A first view is worth waiting for only while it beats the tab doing the same work after hydration.
const BUDGET_MS = 1500;
// Beyond this the page would grow more than the view is worth; the tab then fetches as without a first view.
const MAX_CARRIED_BYTES = 512 * 1024;

/** The inspector, with the image's first view when this request is a document load of an image. */
export async function InspectorWithFirstView({
  image,
  platform,
  documentLoad,
  nonce,
}: {
  image?: string;
  platform?: string;
  documentLoad: boolean;
  /** The page's CSP nonce (proxy.ts): a data block needs none, but every script element of the page carries it. */
  nonce?: string;
}) {
  const firstView = documentLoad && image ? await loadFirstView(image, platform) : undefined;
  // The same three places with or without a first view: a client navigation renders the page again without one, and
  // the Inspector must stay where it was, or React mounts a new one and the tab loses its credentials, trace and state.
  return (
    <>
      {/* Data for the tab's first inspection; a JSON script is never executed. `<` is escaped so no text can close the element.
          The tab reads it once the element after it is parsed (first-view-answers.ts): the panels must follow it. */}
      {firstView ? (
        <script
          type="application/json"
          id={FIRST_VIEW_ANSWERS_ID}
          nonce={nonce}
          dangerouslySetInnerHTML={{ __html: JSON.stringify(firstView.answers).replace(/</g, '\\u003c') }}
        />
      ) : null}
      <Inspector firstView={firstView?.view} />
      {firstView ? (
        <noscript>
          <p className="mt-4 text-sm text-slate-600">
            JavaScript is off: the documents above are shown as the registry sent them, but no digest has been checked by this browser.
          </p>
        </noscript>
      ) : null}
    </>
  );
}

async function loadFirstView(image: string, platform: string | undefined) {
  let reference: Reference;
  try {
    reference = parseReference(image);
  } catch {
    return undefined; // the page reports the bad reference itself
  }
  try {
    const recording = await recordFirstView(reference, { platform, fetch: inProcessProxyFetch, budgetMs: BUDGET_MS, maxBytes: MAX_CARRIED_BYTES });
    if (!recording) return undefined;
    const view: FirstView = { image, platform, state: recording.state };
    return { view, answers: recording.answers };
  } catch {
    return undefined; // the tab redoes the work and reports what went wrong
  }
}
