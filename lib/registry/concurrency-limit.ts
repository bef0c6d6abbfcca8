/**
 * A bound on concurrent upstream requests. A request holds its slot from the
 * moment it is sent until its response body ends, errors or is cancelled
 * (streamed blobs are the long part) or its signal aborts, so the bound
 * counts what the server really has open upstream. Requests beyond it wait in order; one whose
 * signal aborts while waiting leaves the queue at once.
 */

import { NULL_BODY_STATUSES } from './body';

/** A fetch that runs at most `max` requests at a time, queueing the rest. */
export function limitConcurrency(fetchFn: typeof fetch, max: number): typeof fetch & { readonly active: number; readonly queued: number } {
  let active = 0;
  const waiting: Array<{ start: () => void; signal?: AbortSignal; onAbort: () => void }> = [];

  const release = () => {
    active--;
    const next = waiting.shift();
    if (next) {
      next.signal?.removeEventListener('abort', next.onAbort);
      active++;
      next.start();
    }
  };

  const acquire = (signal: AbortSignal | undefined): Promise<void> => {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (active < max) {
      active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const entry = {
        start: resolve,
        signal,
        onAbort: () => {
          const at = waiting.indexOf(entry);
          if (at >= 0) waiting.splice(at, 1);
          reject(signal?.reason);
        },
      };
      signal?.addEventListener('abort', entry.onAbort, { once: true });
      waiting.push(entry);
    });
  };

  const limited = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    await acquire(signal ?? undefined);
    let response: Response;
    try {
      response = await fetchFn(input, init);
    } catch (err) {
      release();
      throw err;
    }
    if (!response.body || NULL_BODY_STATUSES.has(response.status)) {
      release();
      return response;
    }
    // An aborted request frees its slot at once, even if nobody reads or cancels the body afterwards.
    const done = once(() => {
      signal?.removeEventListener('abort', done);
      release();
    });
    signal?.addEventListener('abort', done, { once: true });
    return withBodyRelease(response, done);
  };

  return Object.defineProperties(limited as typeof fetch & { readonly active: number; readonly queued: number }, {
    active: { get: () => active },
    queued: { get: () => waiting.length },
  });
}

/** The same response, its body passed through a stream that calls `done` when the body ends, fails or is cancelled. */
function withBodyRelease(response: Response, done: () => void): Response {
  const reader = response.body!.getReader();
  // highWaterMark 0: it reads only when it is read, so no chunk waits here (the source keeps what arrives meanwhile, and may join it).
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done: finished, value } = await reader.read();
          if (finished) {
            done();
            controller.close();
          } else {
            controller.enqueue(value);
          }
        } catch (err) {
          done();
          controller.error(err);
        }
      },
      async cancel(reason) {
        done();
        await reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  const wrapped = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  // Keep what callers may read from the original (the final URL after any redirects fetch followed itself).
  Object.defineProperty(wrapped, 'url', { value: response.url });
  return wrapped;
}

function once(fn: () => void): () => void {
  let called = false;
  return () => {
    if (!called) {
      called = true;
      fn();
    }
  };
}
