import { describe, expect, it } from 'vitest';
import { formatIPv4, parseIPv4Loose } from '@/lib/registry/ip-address';

describe('parseIPv4Loose', () => {
  // Every spelling the WHATWG URL parser and inet_aton read as an IPv4 address.
  const cases: [spelling: string, want: string | undefined][] = [
    ['127.0.0.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'], // one decimal number
    ['0x7f000001', '127.0.0.1'], // one hex number
    ['017700000001', '127.0.0.1'], // one octal number
    ['0177.0.0.1', '127.0.0.1'], // octal first part
    ['0x7f.1', '127.0.0.1'], // two parts: the last fills three bytes
    ['127.1', '127.0.0.1'],
    ['127.0.1', '127.0.0.1'], // three parts: the last fills two bytes
    ['0x7F.0X0.0.01', '127.0.0.1'],
    ['0xa9.0xfe.0xa9.0xfe', '169.254.169.254'],
    ['2852039166', '169.254.169.254'],
    ['0', '0.0.0.0'],
    ['0x', '0.0.0.0'],
    ['10.0.0.1.', '10.0.0.1'], // a trailing dot is dropped
    ['4294967295', '255.255.255.255'],
    // not IPv4 in any spelling
    ['4294967296', undefined],
    ['1.2.3.4.5', undefined],
    ['256.1.1.1', undefined],
    ['1.256.1.1', undefined],
    ['1.2.65536', undefined],
    ['08.1.1.1', undefined], // 8 is not an octal digit
    ['0xg.1', undefined],
    ['registry.example', undefined],
    ['1..2', undefined],
    ['', undefined],
    ['-1', undefined],
  ];

  it.each(cases)('reads %s as %s', (spelling, want) => {
    const bytes = parseIPv4Loose(spelling);
    const got = bytes && formatIPv4(bytes);
    expect(got, `parseIPv4Loose(${JSON.stringify(spelling)}): got ${got}, want ${want}`).toBe(want);
  });

  it.each(cases.filter(([, want]) => want !== undefined))('agrees with the URL parser on %s', (spelling, want) => {
    const got = new URL(`http://${spelling}/`).hostname;
    expect(got, `new URL('http://${spelling}/').hostname: got ${got}, want ${want}`).toBe(want);
  });
});
