import { describe, expect, it } from 'vitest';
import { topManifestReference } from '@/lib/inspect/inspect-image';
import { parseReference } from '@/lib/reference';

describe('topManifestReference', () => {
  it.each([
    ['alpine', 'latest'],
    ['alpine:3.20', '3.20'],
    [`alpine:3.20@sha256:${'cd'.repeat(32)}`, `sha256:${'cd'.repeat(32)}`],
  ])('names %s by %s', (input, want) => {
    expect(topManifestReference(parseReference(input))).toBe(want);
  });
});
