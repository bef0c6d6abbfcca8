import { describe, expect, it } from 'vitest';
import { LayerProgressFeed, settledChange } from '@/components/layers/layer-progress-feed';
import type { LayerState } from '@/lib/pipeline/layer-scheduler';
import type { LayerResult } from '@/lib/pipeline/process-layer';
import { PullscopeError } from '@/lib/errors';
import { manualClock } from '../../support/manual-clock';

function state(over: Partial<LayerState> = {}): LayerState {
  return { status: 'downloading', fromCache: false, compressedBytes: 0, uncompressedBytes: 0, bytesPerSecond: 0, entries: 0, ...over };
}

/** A feed on a hand-driven clock: timers run only when `advance` passes them. */
function manualFeed(intervalMs = 100) {
  const clock = manualClock(0);
  const feed = new LayerProgressFeed({ intervalMs, clock });
  return { feed, advance: clock.advance, pendingTimers: clock.pendingTimers };
}

describe('LayerProgressFeed', () => {
  it('tells subscribers once per interval, with the latest of many reports', () => {
    const { feed, advance } = manualFeed();
    let heard = 0;
    feed.subscribe(() => heard++);
    for (let bytes = 1; bytes <= 50; bytes++) feed.publish([state({ compressedBytes: bytes })]);
    expect(heard, 'the first report is heard on the next turn, not synchronously').toBe(0);
    advance(0);
    expect(heard).toBe(1);
    expect(feed.snapshot()[0].compressedBytes).toBe(50);

    for (let bytes = 51; bytes <= 100; bytes++) feed.publish([state({ compressedBytes: bytes })]);
    advance(99);
    expect(heard, 'nothing more before the interval has passed').toBe(1);
    advance(1);
    expect(heard).toBe(2);
    expect(feed.snapshot()[0].compressedBytes).toBe(100);
  });

  it('gives a new snapshot only when it notifies, and copies what it is given', () => {
    const { feed, advance } = manualFeed();
    const current = [state({ compressedBytes: 1 })];
    feed.publish(current);
    advance(0);
    const first = feed.snapshot();
    expect(feed.snapshot()).toBe(first);
    current[0] = state({ compressedBytes: 2 });
    expect(feed.snapshot()[0].compressedBytes, 'a later change of the caller array is not seen').toBe(1);
    feed.publish(current);
    advance(100);
    expect(feed.snapshot()).not.toBe(first);
    expect(feed.snapshot()[0].compressedBytes).toBe(2);
  });

  it('replace drops what was pending and is heard at once', () => {
    const { feed, advance, pendingTimers } = manualFeed();
    let heard = 0;
    feed.subscribe(() => heard++);
    feed.publish([state({ compressedBytes: 7 })]);
    feed.replace([state({ status: 'queued' }), state({ status: 'queued' })]);
    expect(heard).toBe(1);
    expect(pendingTimers()).toBe(0);
    expect(feed.snapshot().map((s) => s.status)).toEqual(['queued', 'queued']);
    advance(1000);
    expect(heard, 'the old pull report never arrives').toBe(1);
  });

  it('close cancels a pending notification and unsubscribe stops listening', () => {
    const { feed, advance } = manualFeed();
    let heard = 0;
    const unsubscribe = feed.subscribe(() => heard++);
    feed.publish([state()]);
    feed.close();
    advance(500);
    expect(heard).toBe(0);
    unsubscribe();
    feed.publish([state({ compressedBytes: 3 })]);
    advance(500);
    expect(heard).toBe(0);
    expect(feed.snapshot()[0].compressedBytes, 'it still publishes to later subscribers').toBe(3);
  });
});

describe('settledChange', () => {
  const result = { digest: { ok: true } } as unknown as LayerResult;
  const base = state({ compressedBytes: 10 });
  it.each([
    ['no earlier state', undefined, base, true],
    ['bytes only', base, { ...base, compressedBytes: 20, uncompressedBytes: 40, bytesPerSecond: 5, entries: 3 }, false],
    ['a new status', base, { ...base, status: 'done' as const }, true],
    ['a cache origin', base, { ...base, fromCache: true }, true],
    ['a result', base, { ...base, result }, true],
    ['an error', base, { ...base, error: new PullscopeError('X', 'failed') }, true],
  ])('%s: %s', (_name, previous, next, want) => {
    expect(settledChange(previous, next)).toBe(want);
  });
});
