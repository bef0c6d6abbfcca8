/**
 * Reading error bodies without trusting their size: an error answer is read
 * to at most a limit and the rest is cancelled, so a hostile or broken
 * upstream cannot make the proxy buffer a whole blob to build a message.
 */

/** Fetch Standard "null body status": a response with one of these has no body and cannot be given one. */
export const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

/** The most of an error body we read (registry errors are a few hundred bytes). */
export const ERROR_BODY_LIMIT = 64 * 1024;

/** Up to `limit` bytes of the body as UTF-8 text; the rest is cancelled. */
export async function readTextBounded(response: Response, limit: number = ERROR_BODY_LIMIT): Promise<string> {
  return (await readTextUpTo(response, limit)).text;
}

/** A body read to at most a limit: its text, and whether that was all of it. */
export interface BoundedText {
  text: string;
  /** False when the body went on past the limit (the rest was cancelled). */
  complete: boolean;
}

/** Up to `limit` bytes of the body as UTF-8 text, saying whether the body ended within the limit. */
export async function readTextUpTo(response: Response, limit: number): Promise<BoundedText> {
  if (!response.body) return { text: '', complete: true };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text: text + decoder.decode(), complete: true };
      const take = value.subarray(0, limit - received);
      received += take.length;
      text += decoder.decode(take, { stream: true });
      if (take.length < value.length) break;
    }
    await reader.cancel();
    return { text: text + decoder.decode(), complete: false };
  } catch {
    // A body that breaks while we read an error message still leaves a message to show.
    return { text, complete: false };
  } finally {
    reader.releaseLock();
  }
}

/** Releases a body we will not read (Node keeps the connection busy until the body is consumed or cancelled). */
export async function discardBody(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Already closed or errored: nothing to release.
  }
}
