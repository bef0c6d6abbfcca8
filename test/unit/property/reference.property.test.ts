/**
 * Properties of the reference parser over generated input (fast-check; a
 * failure prints the seed and the shrunk counterexample to replay it):
 * every reference the grammar allows survives format-then-parse unchanged,
 * in its canonical and its familiar form, and no input at all makes the
 * parser throw anything but BadReferenceError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BadReferenceError, familiarReference, formatReference, parseReference, type Reference } from '@/lib/reference';

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,6}[a-z0-9])?$/);
const port = fc.integer({ min: 0, max: 65535 });
const dnsHost = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.option(port, { nil: undefined }))
  // A first component is a host only with a "." or a ":" in it (normalize.go splitDockerDomain).
  .filter(([labels, p]) => labels.length > 1 || p !== undefined)
  .map(([labels, p]) => `${labels.join('.')}${p === undefined ? '' : `:${p}`}`);
const ipv4Host = fc
  .tuple(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), fc.option(port, { nil: undefined }))
  .map(([bytes, p]) => `${bytes.join('.')}${p === undefined ? '' : `:${p}`}`);
const ipv6Host = fc
  .tuple(fc.array(fc.stringMatching(/^[0-9a-f]{1,4}$/), { minLength: 0, maxLength: 3 }), fc.option(port, { nil: undefined }))
  .map(([groups, p]) => `[${groups.join(':')}::1]${p === undefined ? '' : `:${p}`}`);
const localhost = fc.option(port, { nil: undefined }).map((p) => `localhost${p === undefined ? '' : `:${p}`}`);
const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const otherRegistry = fc.oneof(dnsHost, ipv4Host, ipv6Host, localhost).filter((h) => !HUB_ALIASES.has(h));

const component = fc.stringMatching(/^[a-z0-9]{1,6}(?:(?:[._]|__|-{1,3})[a-z0-9]{1,6}){0,2}$/);
const tag = fc.stringMatching(/^\w[\w.-]{0,20}$/);
const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
const digest = fc.oneof(hex(64).map((h) => `sha256:${h}`), hex(128).map((h) => `sha512:${h}`));

/** A normalized Reference as parseReference must produce it. */
const reference: fc.Arbitrary<Reference> = fc
  .record({
    registry: fc.oneof(fc.constant('docker.io'), otherRegistry),
    components: fc.array(component, { minLength: 1, maxLength: 4 }),
    tag: fc.option(tag, { nil: undefined }),
    digest: fc.option(digest, { nil: undefined }),
  })
  .map(({ registry, components, tag: t, digest: d }) => {
    const hub = registry === 'docker.io';
    const repository = hub && components.length === 1 ? `library/${components[0]}` : components.join('/');
    const ref: Reference = { registry, apiHost: hub ? 'registry-1.docker.io' : registry, repository };
    if (t !== undefined) ref.tag = t;
    else if (d === undefined) ref.tag = 'latest';
    if (d !== undefined) ref.digest = d;
    return ref;
  })
  .filter((ref) => `${ref.registry}/${ref.repository}`.length <= 255);

/** Runs `parse` and requires that anything it throws is a BadReferenceError. */
function parsesOrRefuses(input: string): void {
  try {
    parseReference(input);
  } catch (error) {
    if (!(error instanceof BadReferenceError)) throw new Error(`input ${JSON.stringify(input)}: got ${String(error)}, want BadReferenceError`);
  }
}

describe('reference parser properties', () => {
  it('parse(format(ref)) equals ref', () => {
    fc.assert(
      fc.property(reference, (ref) => {
        expect(parseReference(formatReference(ref))).toEqual(ref);
      }),
      { numRuns: 500 },
    );
  });

  it('parse(familiar(ref)) equals ref', () => {
    fc.assert(
      fc.property(reference, (ref) => {
        expect(parseReference(familiarReference(ref))).toEqual(ref);
      }),
      { numRuns: 500 },
    );
  });

  it('throws only BadReferenceError, on references with one part broken', () => {
    const noise = fc.string({ unit: fc.constantFrom(...'aZ09:/@._-[]%é \t'), maxLength: 12 });
    const broken = fc
      .tuple(reference, fc.nat(), noise)
      .map(([ref, at, junk]) => {
        const text = formatReference(ref);
        const i = at % (text.length + 1);
        return text.slice(0, i) + junk + text.slice(i);
      });
    fc.assert(fc.property(broken, parsesOrRefuses), { numRuns: 500 });
  });

  it('throws only BadReferenceError, on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), parsesOrRefuses), { numRuns: 500 });
  });
});
