/**
 * The recorded answers a page arrived with, served to the tab's first
 * inspection in place of the network: each answer once, to a request for
 * exactly its URL, then forgotten. They are never stored anywhere else (no
 * HTTP cache, no document cache): the inspection hashes the bytes and adds
 * them to its verified cache only when their digests check out, as it does
 * with bytes from the network.
 */
import { answerResponse, requestUrl, type RecordedAnswer } from './recorded-answer';

/** A one-shot store of recorded answers, by URL. */
export class RecordedAnswers {
  private readonly byUrl = new Map<string, RecordedAnswer>();

  constructor(answers: readonly RecordedAnswer[]) {
    // A URL recorded twice (it cannot be, in one inspection) keeps its first answer.
    for (const answer of answers) if (!this.byUrl.has(answer.url)) this.byUrl.set(answer.url, answer);
  }

  /** How many answers are still held. */
  get size(): number {
    return this.byUrl.size;
  }

  /**
   * The answer recorded for this request, removed from the store; undefined
   * unless it is an anonymous GET of a recorded URL (a HEAD, or a request
   * carrying credentials or any other header, is a different request).
   */
  take(input: RequestInfo | URL, init?: RequestInit): Response | undefined {
    if ((init?.method ?? 'GET') !== 'GET') return undefined;
    if (new Headers(init?.headers).keys().next().done !== true) return undefined;
    const url = requestUrl(input);
    const answer = this.byUrl.get(url);
    if (!answer) return undefined;
    this.byUrl.delete(url);
    return answerResponse(answer);
  }

  /** Forgets every answer not yet served. */
  clear(): void {
    this.byUrl.clear();
  }
}

/**
 * A fetch that serves the store's answers first and asks `inner` for
 * anything else. The store is awaited at each request: the page's answers may
 * still be on their way when the first request is made.
 */
export function replayingFetch(store: () => Promise<RecordedAnswers>, inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    const answers = await store();
    if (init?.signal?.aborted) throw init.signal.reason;
    const served = answers.take(input, init);
    if (served) return served;
    // The first request they cannot serve means the inspection has gone past what was recorded: forget the rest.
    answers.clear();
    return inner(input, init);
  };
}
