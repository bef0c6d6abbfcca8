/**
 * The recorded answers the page's HTML carries (app/first-view.tsx), served
 * to the tab's first inspection only: each once, to its own request, then
 * forgotten (lib/inspect/recorded-answers.ts). Every other client of the tab
 * fetches from the network as usual.
 */
import { RecordedAnswers, replayingFetch } from '@/lib/inspect/recorded-answers';
import type { RecordedAnswer } from '@/lib/inspect/recorded-answer';

/** The id of the JSON script element holding the page's recorded answers. */
export const FIRST_VIEW_ANSWERS_ID = 'pullscope-first-view-answers';

let store: Promise<RecordedAnswers> | undefined;

/**
 * The fetch of the page's first inspection: the page's recorded answers, then
 * the network. It starts before the document has finished arriving (the
 * answers come with the first view, which the server streams after the page's
 * shell), so it first waits for the answers to be parsed.
 */
export const firstViewFetch: typeof fetch = replayingFetch(
  () => (store ??= answersParsed().then(() => new RecordedAnswers(readAnswers()))),
  (input, init) => fetch(input, init),
);

/**
 * Resolves once the answers' element is whole: the parser has put the
 * element after it (the first view's panels) in place. That is as soon as
 * the first view is in, where the end of the document (the framework's data
 * for hydration, streamed after it) came 100-200 ms later here. Without a
 * first view, at the end of the document.
 */
function answersParsed(): Promise<void> {
  const ready = () => document.readyState !== 'loading' || document.getElementById(FIRST_VIEW_ANSWERS_ID)?.nextElementSibling != null;
  if (ready()) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      observer.disconnect();
      document.removeEventListener('DOMContentLoaded', done);
      resolve();
    };
    const observer = new MutationObserver(() => {
      if (ready()) done();
    });
    observer.observe(document, { childList: true, subtree: true });
    document.addEventListener('DOMContentLoaded', done);
  });
}

function readAnswers(): RecordedAnswer[] {
  const text = document.getElementById(FIRST_VIEW_ANSWERS_ID)?.textContent;
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter(isAnswer) : [];
  } catch {
    return [];
  }
}

function isAnswer(value: unknown): value is RecordedAnswer {
  const a = value as RecordedAnswer;
  return typeof a === 'object' && a !== null && typeof a.url === 'string' && typeof a.status === 'number' && typeof a.body === 'string' && typeof a.headers === 'object' && a.headers !== null;
}
