import { describe, expect, it } from 'vitest';
import { describeRateLimit, formatWindow, parseRateLimit, type RateLimit } from '@/lib/trace/rate-limit';

describe('parseRateLimit', () => {
  const cases: [name: string, headers: Record<string, string>, want: RateLimit | undefined][] = [
    ['Docker Hub anonymous', { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '93;w=21600' }, { limit: 100, remaining: 93, windowSeconds: 21600 }],
    ['header names in any case', { 'RateLimit-Limit': '200;w=21600', 'RateLimit-Remaining': '0;w=21600' }, { limit: 200, remaining: 0, windowSeconds: 21600 }],
    ['window only on a quota policy', { 'ratelimit-limit': '10, 10;w=60, 50;w=3600', 'ratelimit-remaining': '4' }, { limit: 10, remaining: 4, windowSeconds: 60 }],
    ['window only on remaining', { 'ratelimit-limit': '100', 'ratelimit-remaining': '7;w=3600' }, { limit: 100, remaining: 7, windowSeconds: 3600 }],
    ['quoted window', { 'ratelimit-limit': '100;w="21600"' }, { limit: 100, windowSeconds: 21600 }],
    ['spaces around parameters', { 'ratelimit-limit': ' 100 ; w = 21600 ' }, { limit: 100, windowSeconds: 21600 }],
    ['no remaining', { 'ratelimit-limit': '100;w=21600' }, { limit: 100, windowSeconds: 21600 }],
    ['no limit', { 'ratelimit-remaining': '93;w=21600' }, undefined],
    ['garbage limit', { 'ratelimit-limit': 'lots' }, undefined],
    ['no headers', {}, undefined],
  ];

  it.each(cases)('%s', (_name, headers, want) => {
    expect(parseRateLimit(headers)).toEqual(want);
  });
});

describe('describeRateLimit', () => {
  const cases: [rate: RateLimit, want: string][] = [
    [{ limit: 100, remaining: 93, windowSeconds: 21600 }, '93 of 100 pulls left in this 6 h window'],
    [{ limit: 100, remaining: 93 }, '93 of 100 pulls left'],
    [{ limit: 1, remaining: 0, windowSeconds: 60 }, '0 of 1 pull left in this 1 min window'],
    [{ limit: 100, windowSeconds: 21600 }, 'a limit of 100 pulls per 6 h window'],
    [{ limit: 100 }, 'a limit of 100 pulls'],
  ];

  it.each(cases)('%j reads %s', (rate, want) => {
    expect(describeRateLimit(rate)).toBe(want);
  });
});

describe('formatWindow', () => {
  it.each([
    [21600, '6 h'],
    [3600, '1 h'],
    [5400, '90 min'],
    [60, '1 min'],
    [90, '90 s'],
    [0, '0 s'],
  ])('%i seconds is %s', (seconds, want) => {
    expect(formatWindow(seconds)).toBe(want);
  });
});
