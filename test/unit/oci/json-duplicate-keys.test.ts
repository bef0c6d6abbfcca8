import { describe, expect, it } from 'vitest';
import { BadDocumentError } from '@/lib/oci/document-errors';
import { findDuplicateKey, formatJsonPath } from '@/lib/oci/json-duplicate-keys';
import { parseImageConfig, parseManifestDocument } from '@/lib/oci/parse';
import { dockerManifest, jsonBytes } from './fixtures';

const DIGEST_A = `sha256:${'a'.repeat(64)}`;
const DIGEST_B = `sha256:${'b'.repeat(64)}`;

describe('findDuplicateKey', () => {
  const cases: { name: string; text: string; want: ReturnType<typeof findDuplicateKey> }[] = [
    { name: 'distinct keys', text: '{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}', want: undefined },
    { name: 'same key in sibling objects', text: '[{"k":1},{"k":2}]', want: undefined },
    { name: 'top-level repeat', text: '{"layers":[],"layers":[]}', want: ['layers'] },
    { name: 'repeat inside an array item', text: '{"layers":[{"d":1},{"d":1,"x":2,"d":3}]}', want: ['layers', 1, 'd'] },
    { name: 'escaped spelling of the same key', text: '{"digest":1,"dig\\u0065st":2}', want: ['digest'] },
    { name: 'quotes and backslashes inside strings', text: '{"a":"x\\"}{,\\\\","b":"\\\\","a":1}', want: ['a'] },
    { name: 'keys that differ in case (Go folds struct fields)', text: '{"config":{"digest":1,"Digest":2}}', want: ['config', 'Digest'] },
    { name: 'long s folds to s, as in Go', text: '{"size":1,"ſize":2}', want: ['ſize'] },
    { name: 'labels differing only in case are data', text: '{"config":{"Labels":{"A":"1","a":"2"}}}', want: undefined },
    { name: 'exact repeat in annotations', text: '{"annotations":{"k":"1","k":"2"}}', want: ['annotations', 'k'] },
    { name: 'empty key twice', text: '{"":1,"":2}', want: [''] },
    { name: 'string values that look like keys', text: '{"a":"b","c":"b"}', want: undefined },
  ];
  it.each(cases)('$name', ({ text, want }) => {
    expect(findDuplicateKey(text)).toEqual(want);
  });
});

describe('formatJsonPath', () => {
  it('names fields and indexes the way the document checks do', () => {
    expect(formatJsonPath('manifest', ['layers', 0, 'digest'])).toBe('manifest.layers[0].digest');
    expect(formatJsonPath('config', ['config', 'Labels', 'a b'])).toBe('config.config.Labels["a b"]');
  });
});

describe('documents with duplicate keys are refused', () => {
  it('refuses a layer descriptor with two digests, naming the key', () => {
    const layer = `{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","digest":"${DIGEST_A}","digest":"${DIGEST_B}","size":1}`;
    const text = JSON.stringify({ ...dockerManifest(), layers: [] }).replace('"layers":[]', `"layers":[${layer}]`);
    const error = captureError(() => parseManifestDocument(new TextEncoder().encode(text)));
    expect(error).toBeInstanceOf(BadDocumentError);
    expect((error as BadDocumentError).path).toBe('manifest.layers[0].digest');
  });

  it('refuses a manifest with two "layers" arrays', () => {
    const text = JSON.stringify(dockerManifest()).replace('"layers":', '"layers":[],"layers":');
    const error = captureError(() => parseManifestDocument(new TextEncoder().encode(text)));
    expect((error as BadDocumentError).path).toBe('manifest.layers');
  });

  it('refuses a config with two diff_ids lists', () => {
    const text = `{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["${DIGEST_A}"],"diff_ids":["${DIGEST_B}"]}}`;
    const error = captureError(() => parseImageConfig(new TextEncoder().encode(text)));
    expect(error).toBeInstanceOf(BadDocumentError);
    expect((error as BadDocumentError).path).toBe('config.rootfs.diff_ids');
  });

  it('accepts the same documents without the repeat', () => {
    expect(parseManifestDocument(jsonBytes(dockerManifest())).kind).toBe('manifest');
  });
});

function captureError(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('got no error, want one');
}
