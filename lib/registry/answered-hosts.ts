/**
 * Which hosts answered lately, so a network failure can tell a host that is
 * wrong or down from one that answered a moment ago and then failed (a
 * registry that served the manifest, then timed out on a blob). Kept per
 * server process, across requests: the page fetches a manifest and its blobs
 * in separate requests. Losing it only makes a message less precise.
 */

/** How long an answer counts as "shortly before" a failure. */
export const ANSWERED_RECENTLY_MS = 10 * 60_000;

/** The most hosts remembered; the oldest answer is forgotten first. */
const MAX_HOSTS = 1000;

/** When each host last answered anything (any HTTP status). */
export class AnsweredHosts {
  private readonly lastAnswer = new Map<string, number>();

  /** Notes that `host` answered at `at`. */
  mark(host: string, at: number): void {
    // Re-inserted, so the map's order stays oldest answer first.
    this.lastAnswer.delete(host);
    this.lastAnswer.set(host, at);
    if (this.lastAnswer.size > MAX_HOSTS) this.lastAnswer.delete(this.lastAnswer.keys().next().value!);
  }

  /** True when `host` answered within ANSWERED_RECENTLY_MS before `now`. */
  answeredRecently(host: string, now: number): boolean {
    const at = this.lastAnswer.get(host);
    return at !== undefined && now - at <= ANSWERED_RECENTLY_MS;
  }
}
