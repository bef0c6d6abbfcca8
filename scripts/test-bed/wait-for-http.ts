/**
 * Waiting for a server to answer. A registry answers `/v2/` with 200 or 401
 * once it listens; any HTTP answer at all means it is up.
 */
import type { ChildProcess } from 'node:child_process';

/** Polls `url` until it answers with any status; fails if `child` exits first or time runs out. */
export async function waitForHttp(url: string, options: { child?: ChildProcess; timeoutMs?: number; name: string }): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let lastError: unknown;
  while (Date.now() < deadline) {
    const child = options.child;
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`${options.name} exited (code ${child.exitCode}, signal ${child.signalCode}) before answering ${url}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${options.name} did not answer ${url} in time`, { cause: lastError });
}
