/**
 * Reading error bodies without trusting their size: an error answer is read
 * to at most a limit and the rest is cancelled, so a hostile or broken
 * upstream cannot make the proxy buffer a whole blob to build a message.
 */

/** The most of an error body we read (registry errors are a few hundred bytes). */
export const ERROR_BODY_LIMIT = 64 * 1024;

/** Up to `limit` bytes of the body as UTF-8 text; the rest is cancelled. */
export async function readTextBounded(response: Response, limit: number = ERROR_BODY_LIMIT): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let received = 0;
  try {
    while (received < limit) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      const take = value.subarray(0, limit - received);
      received += take.length;
      text += decoder.decode(take, { stream: true });
    }
    await reader.cancel();
    return text + decoder.decode();
  } catch {
    // A body that breaks while we read an error message still leaves a message to show.
    return text;
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
