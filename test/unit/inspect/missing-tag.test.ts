import { describe, expect, it } from 'vitest';
import { explainMissingTag } from '@/lib/inspect/missing-tag';
import type { ImageSource } from '@/lib/inspect/image-source';
import { RegistryError } from '@/lib/registry/errors';
import { UnexpectedError } from '@/lib/errors';

const here = { apiHost: 'registry.test', repository: 'team/app' };

function registryError(code: string, reference?: string): RegistryError {
  return new RegistryError({ code, httpStatus: 404, registry: 'registry.test', registryMessage: '', repository: 'team/app', reference });
}

const missingTag = registryError('MANIFEST_UNKNOWN', 'v9');

/** A source whose tag list answers `list`; records the pages asked for. */
function source(list: () => Promise<{ bytes: Uint8Array }>) {
  const asked: unknown[] = [];
  const s = {
    getManifest: async () => {
      throw missingTag;
    },
    getConfigBlob: async () => {
      throw new Error('not used');
    },
    getTagsPage: async (_l: unknown, page: unknown) => {
      asked.push(page);
      return list();
    },
  } satisfies ImageSource;
  return { source: s, asked };
}

const tags = async () => ({ bytes: new TextEncoder().encode('{"name":"team/app","tags":["v1"]}') });

describe('explainMissingTag', () => {
  it('turns a missing tag into an unknown repository when the tag list says NAME_UNKNOWN, asking for one tag only', async () => {
    const unknown = registryError('NAME_UNKNOWN');
    const { source: s, asked } = source(async () => Promise.reject(unknown));
    const err = await explainMissingTag(missingTag, s, here, 'v9');
    expect(err).toBe(unknown);
    expect((err as RegistryError).message).toBe("repository 'team/app' not found on registry.test");
    expect(asked).toEqual([{ n: 1 }]);
  });

  it('keeps the missing tag when the repository lists tags', async () => {
    const { source: s } = source(tags);
    expect(await explainMissingTag(missingTag, s, here, 'v9')).toBe(missingTag);
  });

  it.each([
    ['a refusal', registryError('DENIED')],
    ['no tag listing', registryError('UNSUPPORTED')],
    ['an unreachable server', new UnexpectedError('down')],
  ])('keeps the missing tag when the tag list fails with %s', async (_name, listErr) => {
    const { source: s } = source(async () => Promise.reject(listErr));
    expect(await explainMissingTag(missingTag, s, here, 'v9')).toBe(missingTag);
  });

  it('asks nothing for other errors, for a digest, or of a source without a tag list', async () => {
    const { source: s, asked } = source(tags);
    const denied = registryError('DENIED');
    expect(await explainMissingTag(denied, s, here, 'v9')).toBe(denied);
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(await explainMissingTag(missingTag, s, here, digest)).toBe(missingTag);
    expect(asked).toEqual([]);
    const { getTagsPage: _g, ...archive } = s;
    expect(await explainMissingTag(missingTag, archive, here, 'v9')).toBe(missingTag);
  });
});
