import { describe, expect, it } from 'vitest';
import { BadChallengeError, parseWwwAuthenticate, parseWwwAuthenticateAll } from '@/lib/registry/challenge';

describe('parseWwwAuthenticate', () => {
  const cases: { name: string; header: string; scheme: string; params: Record<string, string> }[] = [
    {
      name: "Docker Hub's bearer challenge",
      header: 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull"',
      scheme: 'bearer',
      params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/ubuntu:pull' },
    },
    {
      name: "ghcr's bearer challenge",
      header: 'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:owner/image:pull"',
      scheme: 'bearer',
      params: { realm: 'https://ghcr.io/token', service: 'ghcr.io', scope: 'repository:owner/image:pull' },
    },
    {
      name: "quay's challenge without scope",
      header: 'Bearer realm="https://quay.io/v2/auth",service="quay.io"',
      scheme: 'bearer',
      params: { realm: 'https://quay.io/v2/auth', service: 'quay.io' },
    },
    {
      name: 'Basic challenge of an htpasswd registry',
      header: 'Basic realm="Registry Realm"',
      scheme: 'basic',
      params: { realm: 'Registry Realm' },
    },
    {
      name: 'commas inside a quoted scope',
      header: 'Bearer realm="https://auth.test/token",scope="repository:a:pull,push",service="reg"',
      scheme: 'bearer',
      params: { realm: 'https://auth.test/token', scope: 'repository:a:pull,push', service: 'reg' },
    },
    {
      name: 'escaped quotes and backslashes in a quoted value',
      header: 'Bearer realm="https://a.test/token",error="insufficient_scope",error_description="say \\"hi\\", then \\\\ go"',
      scheme: 'bearer',
      params: { realm: 'https://a.test/token', error: 'insufficient_scope', error_description: 'say "hi", then \\ go' },
    },
    {
      name: 'missing service',
      header: 'Bearer realm="https://auth.test/token",scope="repository:x:pull"',
      scheme: 'bearer',
      params: { realm: 'https://auth.test/token', scope: 'repository:x:pull' },
    },
    {
      name: 'case-insensitive scheme and names, unquoted token values',
      header: 'BEARER Realm="https://auth.test/token",SERVICE=registry.test',
      scheme: 'bearer',
      params: { realm: 'https://auth.test/token', service: 'registry.test' },
    },
    {
      name: 'whitespace around "=" and commas, empty list elements',
      header: 'Bearer realm = "https://auth.test/token" ,, service = "svc" ,',
      scheme: 'bearer',
      params: { realm: 'https://auth.test/token', service: 'svc' },
    },
    {
      name: 'an empty quoted value',
      header: 'Basic realm=""',
      scheme: 'basic',
      params: { realm: '' },
    },
  ];

  it.each(cases)('reads $name', ({ header, scheme, params }) => {
    const challenge = parseWwwAuthenticate(header);
    expect(challenge.scheme).toBe(scheme);
    expect({ ...challenge.params }).toEqual(params);
  });

  it('prefers the Bearer challenge when several are offered', () => {
    const header = 'Basic realm="basic-realm", Bearer realm="https://auth.test/token",service="svc"';
    const all = parseWwwAuthenticateAll(header);
    expect(all.map((c) => c.scheme)).toEqual(['basic', 'bearer']);
    expect(all[0].params.realm).toBe('basic-realm');
    const chosen = parseWwwAuthenticate(header);
    expect(chosen.scheme).toBe('bearer');
    expect({ ...chosen.params }).toEqual({ realm: 'https://auth.test/token', service: 'svc' });
  });

  it('reads the token68 form', () => {
    expect(parseWwwAuthenticate('Negotiate abc+/def==')).toMatchObject({ scheme: 'negotiate', token68: 'abc+/def==' });
  });

  it('keeps a parameter named __proto__ as data', () => {
    const challenge = parseWwwAuthenticate('Bearer realm="r",__proto__="x"');
    expect(Object.getPrototypeOf({ ...challenge.params })).toBe(Object.prototype);
    expect(challenge.params.__proto__).toBe('x');
  });

  const garbage: { name: string; header: string }[] = [
    { name: 'an empty header', header: '' },
    { name: 'only whitespace and commas', header: ' , ,' },
    { name: 'a quoted string where the scheme goes', header: '"Bearer"' },
    { name: 'an unterminated quoted value', header: 'Bearer realm="https://auth.test' },
    { name: 'parameters without a comma between them', header: 'Bearer realm="a" service="b"' },
    { name: 'a parameter glued to the scheme by a comma', header: 'Bearer,realm=x' },
    { name: 'a parameter without a name', header: 'Bearer ="x"' },
    { name: 'text after token68', header: 'Negotiate abc== def' },
  ];

  it.each(garbage)('refuses $name with BadChallengeError', ({ header }) => {
    let thrown: unknown;
    try {
      parseWwwAuthenticate(header);
    } catch (err) {
      thrown = err;
    }
    expect(thrown, `header ${JSON.stringify(header)}: got no error, want BadChallengeError`).toBeInstanceOf(BadChallengeError);
    expect((thrown as BadChallengeError).code).toBe('BAD_CHALLENGE');
    expect((thrown as BadChallengeError).header).toBe(header);
  });
});
