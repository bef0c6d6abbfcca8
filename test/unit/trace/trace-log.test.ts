import { describe, expect, it } from 'vitest';
import { TraceLog } from '@/lib/trace/trace-log';
import type { TraceEntry } from '@/lib/registry/trace';

function entry(id: number, url: string): TraceEntry {
  return { id, method: 'GET', url, startedAt: 0, durationMs: 1, status: 200, kind: 'registry', requestHeaders: {}, responseHeaders: {} };
}

describe('TraceLog', () => {
  it('keeps entries in the order they were appended, each batch whole', () => {
    const log = new TraceLog();
    log.append([entry(1, 'manifest'), entry(2, 'config')]);
    log.append([entry(1, 'layer-307'), entry(2, 'layer-cdn')]);
    expect(log.snapshot().map((e) => e.url)).toEqual(['manifest', 'config', 'layer-307', 'layer-cdn']);
  });

  it('puts the revision of an exchange whose body broke off in its place, and appends any other', () => {
    const log = new TraceLog();
    const layer = { ...entry(1, 'layer'), startedAt: 20 };
    log.append([entry(1, 'manifest'), layer, entry(2, 'config')]);
    log.append([{ ...layer, receivedBytes: 4096 }]);
    log.append([{ ...entry(1, 'layer'), startedAt: 30, receivedBytes: 10 }]); // another exchange of the same URL
    expect(log.snapshot().map((e) => [e.url, e.startedAt, e.receivedBytes])).toEqual([
      ['manifest', 0, undefined],
      ['layer', 20, 4096],
      ['config', 0, undefined],
      ['layer', 30, 10],
    ]);
  });

  it('logs the exchanges that got a cached token once, however many requests carried it, and lets a live record replace its copy', () => {
    const log = new TraceLog();
    const challenge = { ...entry(1, 'manifest'), status: 401, startedAt: 5 };
    const token = { ...entry(2, 'token'), kind: 'token' as const, startedAt: 6 };
    const earlier = [challenge, token].map((e) => ({ ...e, earlier: true as const }));
    // Two layers' requests arrive before the manifest request that got the token live.
    log.append([...earlier, { ...entry(1, 'layer-1'), startedAt: 10 }]);
    log.append([...earlier, { ...entry(1, 'layer-2'), startedAt: 11 }]);
    const before = log.snapshot();
    log.append(earlier);
    expect(log.snapshot(), 'nothing new: no change, no notification').toBe(before);
    log.append([challenge, token, { ...entry(3, 'manifest'), startedAt: 7 }]);
    expect(log.snapshot().map((e) => `${e.url}${e.earlier ? ' (earlier)' : ''}`)).toEqual(['manifest', 'token', 'layer-1', 'layer-2', 'manifest']);
  });

  it('gives a new snapshot on each change and the same one between changes', () => {
    const log = new TraceLog();
    const empty = log.snapshot();
    expect(log.snapshot()).toBe(empty);
    log.append([entry(1, 'a')]);
    const one = log.snapshot();
    expect(one).not.toBe(empty);
    expect(log.snapshot()).toBe(one);
    log.append([]);
    expect(log.snapshot()).toBe(one);
  });

  it('tells subscribers of appends and clears, and no more after they unsubscribe', () => {
    const log = new TraceLog();
    let heard = 0;
    const unsubscribe = log.subscribe(() => heard++);
    log.append([entry(1, 'a')]);
    log.clear();
    log.clear(); // already empty: nothing changed
    expect(heard).toBe(2);
    expect(log.snapshot()).toEqual([]);
    unsubscribe();
    log.append([entry(1, 'b')]);
    expect(heard).toBe(2);
  });
});
