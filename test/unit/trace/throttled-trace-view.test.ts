import { describe, expect, it } from 'vitest';
import { TraceLog } from '@/lib/trace/trace-log';
import type { TraceEntry } from '@/lib/registry/trace';
import { throttledTraceView, type ThrottleClock } from '@/components/trace/use-trace-entries';

function entry(id: number): TraceEntry {
  return { id, method: 'GET', url: `blob-${id}`, startedAt: id, durationMs: 1, status: 200, kind: 'registry', requestHeaders: {}, responseHeaders: {} };
}

/** A clock the test moves by hand, with the timers it holds. */
function manualClock(): ThrottleClock & { advance(ms: number): void } {
  let now = 1000;
  let timers: { at: number; run: () => void }[] = [];
  return {
    now: () => now,
    later(run, ms) {
      const timer = { at: now + ms, run };
      timers.push(timer);
      return () => (timers = timers.filter((t) => t !== timer));
    },
    advance(ms) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.run();
    },
  };
}

describe('throttledTraceView', () => {
  it('tells of the first exchange at once, of the next hundreds once per interval, and shows every entry by the end', () => {
    const log = new TraceLog();
    const clock = manualClock();
    const view = throttledTraceView(log, clock, 100);
    let told = 0;
    const unsubscribe = view.subscribe(() => told++);

    log.append([entry(1)]);
    expect(told).toBe(1);
    expect(view.snapshot().length).toBe(1);

    // 300 layers' exchanges, one every millisecond: one render per interval, not one per exchange.
    for (let i = 2; i <= 301; i++) {
      log.append([entry(i)]);
      clock.advance(1);
    }
    clock.advance(100);
    expect(told).toBeLessThanOrEqual(5);
    expect(view.snapshot().map((e) => e.id)).toEqual(Array.from({ length: 301 }, (_, i) => i + 1));
    unsubscribe();
  });

  it('keeps the snapshot between changes, and takes at subscription what was logged after the render', () => {
    const log = new TraceLog();
    const clock = manualClock();
    const view = throttledTraceView(log, clock, 100);
    const rendered = view.snapshot();
    expect(view.snapshot()).toBe(rendered);
    log.append([entry(1)]);
    // Not subscribed yet: the render's snapshot stands until React subscribes and reads again.
    expect(view.snapshot()).toBe(rendered);
    const unsubscribe = view.subscribe(() => {});
    expect(view.snapshot().map((e) => e.id)).toEqual([1]);
    unsubscribe();
  });

  it('tells nothing after unsubscribing, and drops its pending timer', () => {
    const log = new TraceLog();
    const clock = manualClock();
    const view = throttledTraceView(log, clock, 100);
    let told = 0;
    const unsubscribe = view.subscribe(() => told++);
    log.append([entry(1)]);
    log.append([entry(2)]);
    expect(told).toBe(1);
    unsubscribe();
    clock.advance(200);
    expect(told).toBe(1);
  });
});
