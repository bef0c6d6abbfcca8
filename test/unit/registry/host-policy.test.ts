import { describe, expect, it } from 'vitest';
import { HostNotAllowedError, UnreachableError } from '@/lib/registry/errors';
import {
  classifyAddress,
  isAllowedHost,
  makeHostChecker,
  parseAllowedHosts,
  type AddressClass,
} from '@/lib/registry/host-policy';

describe('classifyAddress', () => {
  const cases: [ip: string, want: AddressClass][] = [
    // IPv4
    ['8.8.8.8', 'public'],
    ['104.16.0.1', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'reserved'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.5', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'], // cloud metadata
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.128.0.1', 'public'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['203.0.113.7', 'reserved'],
    // IPv6
    ['2606:4700::6810:84e5', 'public'],
    ['2001:4860:4860::8888', 'public'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['100::1', 'reserved'],
    ['3fff::1', 'public'],
    ['4000::1', 'reserved'],
    // IPv6 forms that reach an IPv4 address
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['64:ff9b::8.8.8.8', 'public'],
    ['2002:a9fe:a9fe::1', 'link-local'], // 6to4 of 169.254.169.254
    ['::127.0.0.1', 'reserved'],
    // not addresses: refused
    ['', 'reserved'],
    ['localhost', 'reserved'],
    ['256.1.1.1', 'reserved'],
    ['1.2.3', 'reserved'],
    ['01.2.3.4', 'reserved'],
    ['1::2::3', 'reserved'],
    ['1:2:3:4:5:6:7:8:9', 'reserved'],
    ['12345::1', 'reserved'],
  ];

  it.each(cases)('classifies %s as %s', (ip, want) => {
    const got = classifyAddress(ip);
    expect(got, `classifyAddress(${JSON.stringify(ip)}): got ${got}, want ${want}`).toBe(want);
  });
});

describe('PULLSCOPE_ALLOWED_HOSTS', () => {
  it('parses comma-separated hosts and host:ports, trimmed and lowercased', () => {
    expect([...parseAllowedHosts(' Registry.Local:5000 , 127.0.0.1,,[::1]:5000 ')]).toEqual([
      'registry.local:5000',
      '127.0.0.1',
      '[::1]:5000',
    ]);
    expect(parseAllowedHosts(undefined).size).toBe(0);
    expect(parseAllowedHosts('').size).toBe(0);
  });

  const allowed = parseAllowedHosts('127.0.0.1,registry.local:5000,[::1]:5000');
  const cases: [hostPort: string, want: boolean][] = [
    ['127.0.0.1:5000', true], // host alone allows every port
    ['127.0.0.1', true],
    ['registry.local:5000', true],
    ['REGISTRY.local:5000', true],
    ['registry.local:5001', false], // host:port allows that port only
    ['registry.local', false],
    ['[::1]:5000', true],
    ['[::1]:6000', false],
    ['127.0.0.2:5000', false],
  ];

  it.each(cases)('isAllowedHost(%s) is %s', (hostPort, want) => {
    expect(isAllowedHost(hostPort, allowed)).toBe(want);
  });
});

describe('makeHostChecker', () => {
  const dns: Record<string, string[]> = {
    'registry.example': ['104.16.0.1', '2606:4700::1'],
    'sneaky.example': ['104.16.0.1', '10.0.0.7'],
    'metadata.example': ['169.254.169.254'],
    'registry.local': ['192.168.1.20'],
  };
  const check = makeHostChecker({
    resolve: async (hostname) => {
      const found = dns[hostname];
      if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      return found;
    },
    allowed: parseAllowedHosts('registry.local:5000,127.0.0.1'),
  });

  async function outcome(url: string): Promise<string> {
    try {
      await check(new URL(url));
      return 'allowed';
    } catch (err) {
      if (err instanceof HostNotAllowedError) return `refused: ${err.classification}`;
      if (err instanceof UnreachableError) return 'unreachable';
      throw err;
    }
  }

  const cases: [url: string, want: string][] = [
    ['https://registry.example/v2/', 'allowed'],
    ['https://sneaky.example/v2/', 'refused: private'], // one private address is enough to refuse
    ['https://metadata.example/latest/meta-data', 'refused: link-local'],
    ['http://169.254.169.254/latest/meta-data', 'refused: link-local'],
    ['http://[::ffff:169.254.169.254]/', 'refused: link-local'],
    ['http://2130706433/', 'allowed'], // the URL parser normalizes it to 127.0.0.1, which is on the allow list
    ['http://0x7f.0.0.2/', 'refused: loopback'], // normalized to 127.0.0.2
    ['http://127.0.0.2:5000/v2/', 'refused: loopback'],
    ['http://127.0.0.1:5000/v2/', 'allowed'],
    ['http://[::1]:5000/v2/', 'refused: loopback'],
    ['https://registry.local:5000/v2/', 'allowed'],
    ['https://registry.local/v2/', 'refused: private'],
    ['https://registry.local:443/v2/', 'refused: private'],
    ['file:///etc/passwd', 'refused: scheme'],
    ['ftp://registry.example/', 'refused: scheme'],
    ['https://nxdomain.example/', 'unreachable'],
  ];

  it.each(cases)('%s → %s', async (url, want) => {
    expect(await outcome(url)).toBe(want);
  });

  it('names the host, the address and the operator’s variable when it refuses', async () => {
    const err = await check(new URL('https://sneaky.example/v2/')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostNotAllowedError);
    const e = err as HostNotAllowedError;
    expect(e.message).toBe('refusing to fetch from sneaky.example: it resolves to 10.0.0.7, a private address');
    expect(e.suggestion).toContain('PULLSCOPE_ALLOWED_HOSTS');
    expect(e.status).toBe(403);
  });
});
