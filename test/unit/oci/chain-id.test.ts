import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chainIds } from '@/lib/oci/chain-id';
import { DIFF_IDS } from './fixtures';

// The image-spec definition, computed independently with node:crypto.
function expectedChainIds(diffIds: string[]): string[] {
  const out: string[] = [];
  for (const d of diffIds) {
    out.push(out.length === 0 ? d : `sha256:${createHash('sha256').update(`${out[out.length - 1]} ${d}`).digest('hex')}`);
  }
  return out;
}

describe('chainIds', () => {
  it('is empty for no layers', async () => {
    expect(await chainIds([])).toEqual([]);
  });

  it('is the diff_id itself for the base layer', async () => {
    expect(await chainIds([DIFF_IDS[0]])).toEqual([DIFF_IDS[0]]);
  });

  it('hashes the previous chain ID, a space and the diff_id for every layer above', async () => {
    const got = await chainIds(DIFF_IDS);
    expect(got).toEqual(expectedChainIds(DIFF_IDS));
    expect(got).toHaveLength(3);
  });

  it('matches a known value for two layers', async () => {
    // printf '%s %s' sha256:aaa… sha256:bbb… | sha256sum
    const a = `sha256:${'a'.repeat(64)}`;
    const b = `sha256:${'b'.repeat(64)}`;
    const want = 'sha256:ccd722928bd92476ba1745586fed6e45a102504185ad88cd89e01ff116fd146c';
    expect(await chainIds([a, b])).toEqual([a, want]);
  });
});
