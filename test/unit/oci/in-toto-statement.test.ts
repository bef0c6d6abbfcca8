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
