import { describe, expect, it } from 'vitest';
import { HostNotAllowedError, UnreachableError } from '@/lib/registry/errors';
import {
  canonicalHostname,
  classifyAddress,
  isAllowedHost,
  makeHostChecker,
  parseAllowedHosts,
  permittedAddresses,
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

  // The list covers a private host as a registry, and as the target of listed hosts' redirects and token realms only.
  const chains: [url: string, via: string[], want: string][] = [
    ['https://registry.local:5000/v2/_catalog', ['https://registry.example/v2/x/blobs/sha256:0'], 'refused: private'],
    ['https://registry.local:5000/v2/x/blobs/sha256:0', ['http://127.0.0.1:5000/v2/x/blobs/sha256:0'], 'allowed'],
    ['http://127.0.0.1:9000/bucket/blob', ['https://registry.local:5000/v2/x/blobs/sha256:0'], 'allowed'],
    ['http://2130706433:9000/internal/admin', ['https://registry.example/token'], 'refused: loopback'],
    // Once a hop left the list, the rest of the chain is held to public addresses.
    ['https://registry.local:5000/v2/', ['https://registry.local:5000/v2/x', 'https://registry.example/cdn'], 'refused: private'],
    ['https://registry.example/any/path?sig=1', ['https://registry.example/v2/x/blobs/sha256:0'], 'allowed'],
    ['https://registry.example/any/path', ['http://127.0.0.1:5000/v2/x/blobs/sha256:0'], 'allowed'],
    ['https://sneaky.example/', ['https://registry.local:5000/v2/'], 'refused: private'],
  ];

  it.each(chains)('%s led to by %j → %s', async (url, via, want) => {
    let got = 'allowed';
    try {
      await check(new URL(url), via.map((v) => new URL(v)));
    } catch (err) {
      if (!(err instanceof HostNotAllowedError)) throw err;
      got = `refused: ${err.classification}`;
    }
    expect(got).toBe(want);
  });

  it('says which host led to a listed one when it refuses for the way there', async () => {
    const err = await check(new URL('https://registry.local:5000/v2/_catalog'), [new URL('https://registry.example/v2/x/blobs/sha256:0')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostNotAllowedError);
    expect(err).toMatchObject({ host: 'registry.local:5000', address: '192.168.1.20', classification: 'private', via: 'registry.example', status: 403 });
    expect((err as HostNotAllowedError).message).toBe(
      "refusing to follow registry.example to registry.local:5000: it resolves to 192.168.1.20, a private address, which only the hosts in the operator's list may send Pullscope to",
    );
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

describe('HostNotAllowedError', () => {
  it.each([
    [{ host: '10.255.255.1:5000', address: '10.255.255.1', classification: 'private' }, 'refusing to fetch from 10.255.255.1:5000: 10.255.255.1 is a private address'],
    [{ host: '[::1]:5000', address: '::1', classification: 'loopback' }, 'refusing to fetch from [::1]:5000: ::1 is a loopback address'],
    [{ host: 'sneaky.example:5000', address: '10.0.0.7', classification: 'private' }, 'refusing to fetch from sneaky.example:5000: it resolves to 10.0.0.7, a private address'],
  ])('says an address literal is one, and a name what it resolves to: %j', (init, message) => {
    expect(new HostNotAllowedError(init).message).toBe(message);
  });
});

describe('addresses spelled in other ways', () => {
  // With no allow list, every spelling of a non-public address is refused,
  // whether it arrives in a URL (normalized by the URL parser) or as a raw
  // socket host name (normalized by canonicalHostname, as inet_aton would).
  const cases: [spelling: string, canonical: string, classification: AddressClass][] = [
    ['2130706433', '127.0.0.1', 'loopback'],
    ['0177.0.0.1', '127.0.0.1', 'loopback'],
    ['0x7f.1', '127.0.0.1', 'loopback'],
    ['0x7f000001', '127.0.0.1', 'loopback'],
    ['127.1', '127.0.0.1', 'loopback'],
    ['0', '0.0.0.0', 'unspecified'],
    ['0xa9fea9fe', '169.254.169.254', 'link-local'],
    ['0251.0376.0251.0376', '169.254.169.254', 'link-local'],
    ['012.0.0.1', '10.0.0.1', 'private'],
    ['0xc0a80001', '192.168.0.1', 'private'],
    ['100.0x40.0.1', '100.64.0.1', 'cgnat'],
    ['0xe0000001', '224.0.0.1', 'multicast'],
    // IPv4-mapped: a socket to it reaches the IPv4 address, which is its canonical form.
    ['[::ffff:127.0.0.1]', '127.0.0.1', 'loopback'],
    ['[::ffff:7f00:1]', '127.0.0.1', 'loopback'],
    ['[::ffff:a9fe:a9fe]', '169.254.169.254', 'link-local'],
    ['[0:0:0:0:0:0:0:1]', '0:0:0:0:0:0:0:1', 'loopback'],
    ['[::]', '::', 'unspecified'],
    ['[FE80::1]', 'fe80::1', 'link-local'],
  ];
  const noDns = { resolve: async (name: string): Promise<string[]> => { throw new Error(`no DNS in this test: ${name}`); }, allowed: new Set<string>() };
  const strict = makeHostChecker(noDns);

  it.each(cases)('canonicalHostname(%s) is %s', (spelling, canonical) => {
    expect(canonicalHostname(spelling)).toBe(canonical);
  });

  it.each(cases)('refuses http://%s/ as %s → %s', async (spelling, _canonical, classification) => {
    const err = await strict(new URL(`http://${spelling}/v2/`)).then(() => undefined, (e: unknown) => e);
    expect(err, `got ${String(err)}, want HostNotAllowedError`).toBeInstanceOf(HostNotAllowedError);
    expect((err as HostNotAllowedError).classification).toBe(classification);
  });

  it.each(cases)('refuses a raw socket host %s without asking DNS', async (spelling, _canonical, classification) => {
    const err = await permittedAddresses(spelling, '80', noDns).then(() => undefined, (e: unknown) => e);
    expect(err, `got ${String(err)}, want HostNotAllowedError`).toBeInstanceOf(HostNotAllowedError);
    expect((err as HostNotAllowedError).classification).toBe(classification);
  });

  it('lets the operator allow an address in any spelling of it', async () => {
    const allowed = { ...noDns, allowed: parseAllowedHosts('127.0.0.1') };
    for (const spelling of ['2130706433', '0x7f.1', '0177.0.0.1', '127.1', '[::ffff:127.0.0.1]', '::ffff:7f00:1']) {
      expect(await permittedAddresses(spelling, '5000', allowed), spelling).toEqual(['127.0.0.1']);
    }
    const checker = makeHostChecker({ ...noDns, allowed: parseAllowedHosts('127.0.0.1:5000') });
    for (const spelling of ['2130706433', '127.1', '[::ffff:127.0.0.1]']) {
      await expect(checker(new URL(`http://${spelling}:5000/v2/`)), spelling).resolves.toBeUndefined();
    }
  });
});

describe('permittedAddresses', () => {
  it('answers every resolved address when all are public, for the connector to use', async () => {
    const resolve = async () => ['104.16.0.1', '2606:4700::1'];
    expect(await permittedAddresses('registry.example', '443', { resolve, allowed: new Set() })).toEqual(['104.16.0.1', '2606:4700::1']);
  });

  it('refuses a name that resolves to loopback unless the operator lists it', async () => {
    const resolve = async () => ['127.0.0.1'];
    const err = await permittedAddresses('rebind.example', '5000', { resolve, allowed: new Set() }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'HOST_NOT_ALLOWED', address: '127.0.0.1', classification: 'loopback' });
    expect(await permittedAddresses('rebind.example', '5000', { resolve, allowed: parseAllowedHosts('rebind.example:5000') })).toEqual(['127.0.0.1']);
  });

  it('checks each resolution anew, so an answer that changes (DNS rebinding) is refused at the second', async () => {
    const answers = [['93.184.216.34'], ['127.0.0.1']];
    const resolve = async () => answers.shift()!;
    const policy = { resolve, allowed: new Set<string>() };
    expect(await permittedAddresses('rebind.example', '443', policy)).toEqual(['93.184.216.34']);
    const err = await permittedAddresses('rebind.example', '443', policy).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'HOST_NOT_ALLOWED', classification: 'loopback' });
  });
});
