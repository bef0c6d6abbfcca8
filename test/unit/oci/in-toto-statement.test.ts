import { describe, expect, it } from 'vitest';
import { inTotoStatementView } from '@/lib/oci/in-toto-statement';

const HEX = 'ab'.repeat(32);

describe('inTotoStatementView', () => {
  it("reads BuildKit's SBOM statement: its predicate type and each subject's sha256 as a digest", () => {
    const text = JSON.stringify({
      _type: 'https://in-toto.io/Statement/v0.1',
      predicateType: 'https://spdx.dev/Document',
      subject: [{ name: 'pkg:docker/test/multi@v1?platform=linux%2Famd64', digest: { sha256: HEX } }],
      predicate: { spdxVersion: 'SPDX-2.3' },
    });
    expect(inTotoStatementView(text)).toEqual({
      type: 'https://in-toto.io/Statement/v0.1',
      predicateType: 'https://spdx.dev/Document',
      subjects: [{ name: 'pkg:docker/test/multi@v1?platform=linux%2Famd64', digest: `sha256:${HEX}` }],
    });
  });

  it('keeps a subject whose digest is not a sha256 it can name, without a digest', () => {
    const text = JSON.stringify({ _type: 'https://in-toto.io/Statement/v1', subject: [{ name: 'x', digest: { sha512: 'cd'.repeat(64) } }, 'junk'] });
    expect(inTotoStatementView(text)).toEqual({ type: 'https://in-toto.io/Statement/v1', subjects: [{ name: 'x' }] });
  });

  it.each([
    ['not JSON', '{'],
    ['JSON of another kind', '{"schemaVersion":2}'],
    ['an array', '[]'],
    ['another _type', '{"_type":"https://example.com/Statement/v1"}'],
  ])('is undefined for %s', (_, text) => {
    expect(inTotoStatementView(text)).toBeUndefined();
  });
});

describe('inTotoStatementView of the first bytes of a long statement', () => {
  const whole = JSON.stringify({
    _type: 'https://in-toto.io/Statement/v0.1',
    predicateType: 'https://spdx.dev/Document',
    subject: [{ name: 'pkg:docker/a "quoted" {name}', digest: { sha256: HEX } }],
    predicate: { packages: Array.from({ length: 50 }, (_, i) => ({ name: `p${i}`, note: 'x]}"\\' })) },
  });

  it.each([
    ['cut inside the predicate', whole.indexOf('"predicate"') + 40],
    ['cut right after the subjects', whole.indexOf('"predicate"') - 1],
  ])('reads what is whole before the cut: %s', (_, cut) => {
    expect(inTotoStatementView(whole.slice(0, cut), { truncated: true })).toEqual({
      type: 'https://in-toto.io/Statement/v0.1',
      predicateType: 'https://spdx.dev/Document',
      subjects: [{ name: 'pkg:docker/a "quoted" {name}', digest: `sha256:${HEX}` }],
    });
  });

  it('reads no subject that the cut splits', () => {
    const cut = whole.indexOf('"subject"') + 30;
    expect(inTotoStatementView(whole.slice(0, cut), { truncated: true })).toEqual({
      type: 'https://in-toto.io/Statement/v0.1',
      predicateType: 'https://spdx.dev/Document',
      subjects: [],
    });
  });

  it.each([
    ['not an object', '[1, 2'],
    ['another kind of document', '{"schemaVersion": 2, "layers": ['],
    ['cut before its _type is whole', '{"_type": "https://in-to'],
  ])('is undefined for %s', (_, text) => {
    expect(inTotoStatementView(text, { truncated: true })).toBeUndefined();
  });
});
