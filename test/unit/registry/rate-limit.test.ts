import { describe, expect, it } from 'vitest';
import { describeQuotaOwner, describeRateLimit, formatWait, formatWindow, parseRateLimit, type RateLimit } from '@/lib/registry/rate-limit';

describe('parseRateLimit', () => {
  const cases: [name: string, headers: Record<string, string>, want: RateLimit | undefined][] = [
    ['Docker Hub anonymous', { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '93;w=21600' }, { limit: 100, remaining: 93, windowSeconds: 21600 }],
    ['header names in any case', { 'RateLimit-Limit': '200;w=21600', 'RateLimit-Remaining': '0;w=21600' }, { limit: 200, remaining: 0, windowSeconds: 21600 }],
    ['window only on a quota policy', { 'ratelimit-limit': '10, 10;w=60, 50;w=3600', 'ratelimit-remaining': '4' }, { limit: 10, remaining: 4, windowSeconds: 60 }],
    ['window only on remaining', { 'ratelimit-limit': '100', 'ratelimit-remaining': '7;w=3600' }, { limit: 100, remaining: 7, windowSeconds: 3600 }],
    ['quoted window', { 'ratelimit-limit': '100;w="21600"' }, { limit: 100, windowSeconds: 21600 }],
    ['spaces around parameters', { 'ratelimit-limit': ' 100 ; w = 21600 ' }, { limit: 100, windowSeconds: 21600 }],
    ['no remaining', { 'ratelimit-limit': '100;w=21600' }, { limit: 100, windowSeconds: 21600 }],
    [
      'Docker Hub with its source',
      { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '42;w=21600', 'docker-ratelimit-source': '203.0.113.7' },
      { limit: 100, remaining: 42, windowSeconds: 21600, source: '203.0.113.7' },
    ],
    ['a reset in seconds', { 'ratelimit-limit': '10', 'ratelimit-remaining': '0', 'ratelimit-reset': '30' }, { limit: 10, remaining: 0, resetSeconds: 30 }],
    ['a reset that is not seconds', { 'ratelimit-limit': '10', 'ratelimit-reset': 'soon' }, { limit: 10 }],
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

describe('describeQuotaOwner', () => {
  it("says an anonymous pull counts against this server's address, shared by everyone who uses it without credentials", () => {
    const text = describeQuotaOwner({ source: '203.0.113.7' }, false);
    expect(text).toContain('from this Pullscope server');
    expect(text).toContain("the quota of the server's address (203.0.113.7, as the registry reports it), not yours");
    expect(text).toContain('everyone who uses this server without credentials shares it');
    expect(describeQuotaOwner(undefined, false)).toContain("the quota of the server's address, not yours");
  });

  it("says a pull with credentials counts against the account's quota", () => {
    expect(describeQuotaOwner({ source: 'a1b2c3' }, true)).toBe(
      "These pulls were made with your credentials, so they count against your account's quota (the registry counts them for a1b2c3).",
    );
    expect(describeQuotaOwner({}, true)).not.toContain('server');
  });
});

describe('formatWait', () => {
  it.each([
    [0, '0 s'],
    [30, '30 s'],
    [60, '1 min'],
    [150, '3 min'],
    [3600, '1 h'],
    [8000, '2 h 14 min'],
    [21600, '6 h'],
  ])('%i seconds is %s', (seconds, want) => {
    expect(formatWait(seconds)).toBe(want);
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
