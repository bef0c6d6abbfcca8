import { describe, expect, it } from 'vitest';
import { credentialsSentTo, heldAfterUse, NO_CREDENTIALS, type HeldCredentials } from '@/components/inspector/held-credentials';

const HUB = { apiHost: 'registry-1.docker.io', shown: 'docker.io' };
const GHCR = { apiHost: 'ghcr.io', shown: 'ghcr.io' };
const alice = { username: 'alice', password: 'secret' };
const heldForHub: HeldCredentials = { ...alice, registry: HUB };

describe('heldAfterUse', () => {
  const cases: [name: string, held: HeldCredentials, typed: { username: string; password: string }, want: HeldCredentials][] = [
    ['fields typed for the first time become the registry’s', NO_CREDENTIALS, alice, { ...alice, registry: GHCR }],
    ['fields left as they were stay with their own registry', heldForHub, alice, heldForHub],
    ['changed fields become the registry’s', heldForHub, { username: 'bob', password: 'other' }, { username: 'bob', password: 'other', registry: GHCR }],
    ['emptied fields hold none', heldForHub, { username: '', password: '' }, NO_CREDENTIALS],
  ];
  it.each(cases)('%s', (_name, held, typed, want) => {
    expect(heldAfterUse(held, typed, GHCR)).toEqual(want);
  });

  it('keeps the very object when nothing changes, so what depends on it does not start over', () => {
    expect(heldAfterUse(heldForHub, { ...alice }, GHCR)).toBe(heldForHub);
  });
});

describe('credentialsSentTo', () => {
  it.each([
    ['their own registry', HUB, alice],
    ['another registry', GHCR, NO_CREDENTIALS],
  ])('%s gets %j', (_name, registry, want) => {
    expect(credentialsSentTo(heldForHub, registry)).toEqual(want);
  });

  it('sends none while they are entered for no registry', () => {
    expect(credentialsSentTo({ ...alice }, HUB)).toEqual(NO_CREDENTIALS);
  });
});
