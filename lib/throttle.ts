/**
 * A leading-and-trailing throttle: asked to run, it runs on the next turn
 * when it has not run for an interval, and else once at the interval's end,
 * however often it was asked meanwhile. The page's live views (progress bars,
 * the pull trace, the layers' statuses) each render everything they show, so
 * a pull of hundreds of layers must not render once per report.
 */

/** When a throttle runs: its clock and its timer (injectable, so tests move time by hand). */
export interface ThrottleClock {
  now(): number;
  /** Calls `run` after `ms` (0: on a later turn, never synchronously); returns the cancel. */
  later(run: () => void, ms: number): () => void;
}

/** Timers of the platform: setTimeout, in both the browser and Node. */
export const timerClock: ThrottleClock = {
  now: () => performance.now(),
  later(run, ms) {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
};

/** Runs `run` at most once per `intervalMs`, with every request made meanwhile served by that one run. */
export class Throttle {
  private cancelPending: (() => void) | undefined;
  private lastRun = -Infinity;

  constructor(
    private readonly run: () => void,
    private readonly intervalMs: number,
    private readonly clock: ThrottleClock = timerClock,
  ) {}

  /** Asks for a run: on the next turn if none happened for an interval, else at the interval's end. */
  request(): void {
    if (this.cancelPending) return;
    const wait = Math.max(0, this.lastRun + this.intervalMs - this.clock.now());
    this.cancelPending = this.clock.later(() => this.fire(), wait);
  }

  /** Runs now, in place of a pending run. */
  runNow(): void {
    this.cancel();
    this.fire();
  }

  /** Drops a pending run. */
  cancel(): void {
    this.cancelPending?.();
    this.cancelPending = undefined;
  }

  private fire(): void {
    this.cancelPending = undefined;
    this.lastRun = this.clock.now();
    this.run();
  }
}
