import { describe, expect, it } from 'vitest';
import { Throttle } from '@/lib/throttle';
import { manualClock } from '../support/manual-clock';

describe('Throttle', () => {
  it('runs on the next turn when idle, never synchronously, and once for a burst of requests', () => {
    const clock = manualClock();
    let runs = 0;
    const throttle = new Throttle(() => runs++, 100, clock);
    for (let i = 0; i < 50; i++) throttle.request();
    expect(runs).toBe(0);
    clock.advance(0);
    expect(runs).toBe(1);
  });

  it('runs at most once per interval, at the interval end, however often it is asked', () => {
    const clock = manualClock();
    const runsAt: number[] = [];
    const throttle = new Throttle(() => runsAt.push(clock.now()), 100, clock);
    throttle.request();
    clock.advance(0);
    // A request every millisecond for 350 ms.
    for (let t = 1; t <= 350; t++) {
      clock.advance(1);
      throttle.request();
    }
    clock.advance(100);
    expect(runsAt).toEqual([1000, 1100, 1200, 1300, 1400]);
  });

  it('runs on the next turn again once an interval has passed without a run', () => {
    const clock = manualClock();
    let runs = 0;
    const throttle = new Throttle(() => runs++, 100, clock);
    throttle.request();
    clock.advance(0);
    clock.advance(500);
    throttle.request();
    clock.advance(0);
    expect(runs).toBe(2);
  });

  it('runNow runs at once in place of the pending run, and starts the interval from there', () => {
    const clock = manualClock();
    let runs = 0;
    const throttle = new Throttle(() => runs++, 100, clock);
    throttle.request();
    throttle.runNow();
    expect(runs).toBe(1);
    expect(clock.pendingTimers()).toBe(0);
    throttle.request();
    clock.advance(99);
    expect(runs).toBe(1);
    clock.advance(1);
    expect(runs).toBe(2);
  });

  it('cancel drops the pending run, and a later request is served', () => {
    const clock = manualClock();
    let runs = 0;
    const throttle = new Throttle(() => runs++, 100, clock);
    throttle.request();
    throttle.cancel();
    clock.advance(1000);
    expect(runs).toBe(0);
    throttle.request();
    clock.advance(0);
    expect(runs).toBe(1);
  });
});
