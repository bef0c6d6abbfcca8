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
