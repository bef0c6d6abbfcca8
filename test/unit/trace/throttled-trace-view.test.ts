import { describe, expect, it } from 'vitest';
import { TraceLog } from '@/lib/trace/trace-log';
import type { TraceEntry } from '@/lib/registry/trace';
import { throttledTraceView } from '@/components/trace/use-trace-entries';
import { manualClock } from '../../support/manual-clock';

function entry(id: number): TraceEntry {
  return { id, method: 'GET', url: `blob-${id}`, startedAt: id, durationMs: 1, status: 200, kind: 'registry', requestHeaders: {}, responseHeaders: {} };
}

describe('throttledTraceView', () => {
  it('tells of the first exchange on the next turn, of the next hundreds once per interval, and shows every entry by the end', () => {
    const log = new TraceLog();
    const clock = manualClock();
    const view = throttledTraceView(log, clock, 100);
    let told = 0;
    const unsubscribe = view.subscribe(() => told++);

    log.append([entry(1)]);
    expect(told).toBe(0);
    clock.advance(0);
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
    clock.advance(0);
    log.append([entry(2)]);
    expect(told).toBe(1);
    unsubscribe();
    clock.advance(200);
    expect(told).toBe(1);
  });
});
