import type { ThrottleClock } from '@/lib/throttle';

/** A clock a test moves by hand: timers run only when `advance` passes them, each at the time it falls due. */
export function manualClock(start = 1000): ThrottleClock & { advance(ms: number): void; pendingTimers(): number } {
  let now = start;
  let timers: { at: number; run: () => void }[] = [];
  return {
    now: () => now,
    later(run, ms) {
      const timer = { at: now + ms, run };
      timers.push(timer);
      return () => (timers = timers.filter((t) => t !== timer));
    },
    advance(ms) {
      const end = now + ms;
      // Each timer runs at its own time, so what it reads of the clock is when it fell due.
      for (;;) {
        const next = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        timers = timers.filter((t) => t !== next);
        now = Math.max(now, next.at);
        next.run();
      }
      now = end;
    },
    pendingTimers: () => timers.length,
  };
}
