/**
 * Properties of the WWW-Authenticate parser (RFC 7235 §4.1) over generated
 * headers (fast-check; a failure prints the seed and the shrunk header):
 * generated challenges come back with their schemes and parameters, quoting
 * and escaping undone, and no header makes it throw anything but
 * BadChallengeError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BadChallengeError, parseWwwAuthenticate, parseWwwAuthenticateAll } from '@/lib/registry/challenge';

const token = fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,12}$/);

interface Param {
  name: string;
  value: string;
  quoted: boolean;
}

// A token value may be sent bare; anything else must be a quoted-string.
const param: fc.Arbitrary<Param> = fc.oneof(
  fc.record({ name: token, value: fc.string({ maxLength: 30 }), quoted: fc.constant(true) }),
  fc.record({ name: token, value: fc.string({ unit: 'grapheme', maxLength: 10 }), quoted: fc.constant(true) }),
  fc.record({ name: token, value: token, quoted: fc.boolean() }),
);

const challenge = fc.record({
  scheme: token,
  // RFC 7235 §2.1: each name once per challenge, case-insensitively.
  params: fc.uniqueArray(param, { selector: (p) => p.name.toLowerCase(), maxLength: 4 }),
});

const space = fc.constantFrom(' ', '  ', '\t');
const comma = fc.constantFrom(',', ', ', ' , ', ',,  ');

function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** Runs the parser and requires that anything it throws is a BadChallengeError. */
function parsesOrRefuses(header: string): void {
  try {
    parseWwwAuthenticateAll(header);
    parseWwwAuthenticate(header);
  } catch (error) {
    if (!(error instanceof BadChallengeError)) throw new Error(`header ${JSON.stringify(header)}: got ${String(error)}, want BadChallengeError`);
  }
}

describe('WWW-Authenticate parser properties', () => {
  it('gives back the generated challenges, names lowercased, values unquoted', () => {
    fc.assert(
      fc.property(fc.array(challenge, { minLength: 1, maxLength: 3 }), space, comma, (challenges, sp, sep) => {
        const header = challenges
          .map((c) => (c.params.length === 0 ? c.scheme : `${c.scheme}${sp}${c.params.map((p) => `${p.name}=${p.quoted ? quoted(p.value) : p.value}`).join(sep)}`))
          .join(sep);
        const got = parseWwwAuthenticateAll(header);
        const want = challenges.map((c) => ({
          scheme: c.scheme.toLowerCase(),
          params: Object.fromEntries(c.params.map((p) => [p.name.toLowerCase(), p.value])),
        }));
        expect(got.map((c) => ({ scheme: c.scheme, params: { ...c.params } })), `header ${JSON.stringify(header)}`).toEqual(want);
      }),
      { numRuns: 500 },
    );
  });

  it('throws only BadChallengeError, on headers built from the grammar\'s characters', () => {
    const header = fc.string({ unit: fc.constantFrom(...'Bearer realm="x\\,= \t'), maxLength: 40 });
    fc.assert(fc.property(header, parsesOrRefuses), { numRuns: 500 });
  });

  it('throws only BadChallengeError, on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), parsesOrRefuses), { numRuns: 500 });
  });
});
