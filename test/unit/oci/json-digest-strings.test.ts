import { describe, expect, it } from 'vitest';
import { findDigestStrings } from '@/lib/oci/json-digest-strings';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;
const C512 = `sha512:${'c'.repeat(128)}`;

/** Each digest found as [decoded digest, path, the text its span covers]. */
function found(text: string): Array<[string, (string | number)[], string]> {
  return findDigestStrings(text).map((d) => [d.digest, d.path, text.slice(d.start, d.end)]);
}

describe('findDigestStrings', () => {
  const cases: { name: string; text: string; want: ReturnType<typeof found> }[] = [
    {
      name: 'a manifest as a registry sends it, compact',
      text: `{"schemaVersion":2,"config":{"mediaType":"m","digest":"${A}","size":1},"layers":[{"digest":"${B}"},{"digest":"${A}"}]}`,
      want: [
        [A, ['config', 'digest'], `"${A}"`],
        [B, ['layers', 0, 'digest'], `"${B}"`],
        [A, ['layers', 1, 'digest'], `"${A}"`],
      ],
    },
    {
      name: 'indented with three spaces, as docker writes',
      text: `{\n   "rootfs": {\n      "type": "layers",\n      "diff_ids": [\n         "${A}",\n         "${B}"\n      ]\n   }\n}`,
      want: [
        [A, ['rootfs', 'diff_ids', 0], `"${A}"`],
        [B, ['rootfs', 'diff_ids', 1], `"${B}"`],
      ],
    },
    {
      name: 'a key that is a digest is a name, not a reference',
      text: `{"annotations":{"${A}":"${B}"}}`,
      want: [[B, ['annotations', A], `"${B}"`]],
    },
    {
      name: 'an escaped digest: decoded to be recognized, its span the text as written',
      text: `{"digest":"sha256:\\u0061${'a'.repeat(63)}"}`,
      want: [[A, ['digest'], `"sha256:\\u0061${'a'.repeat(63)}"`]],
    },
    {
      name: 'an escaped key leads to the value as its plain spelling does',
      text: `{"dig\\u0065st":"${A}"}`,
      want: [[A, ['digest'], `"${A}"`]],
    },
    {
      name: 'escaped quotes and backslashes before a digest keep the offsets right',
      text: `{"a":"x\\"y\\\\","b":["\\"${A}\\"","${B}"]}`,
      want: [[B, ['b', 1], `"${B}"`]],
    },
    {
      name: 'a sha512 digest',
      text: `["${C512}"]`,
      want: [[C512, [0], `"${C512}"`]],
    },
    {
      name: 'no digest: an upper-case, short or unregistered one, or text around one',
      text: `{"a":"sha256:${'A'.repeat(64)}","b":"sha256:abc","c":"md5:${'a'.repeat(32)}","d":"x ${A}","e":1}`,
      want: [],
    },
    {
      name: 'after an empty object and array, and in nested arrays',
      text: `{"a":{},"b":[],"c":[[1,"${A}"],[{"d":"${B}"}]]}`,
      want: [
        [A, ['c', 0, 1], `"${A}"`],
        [B, ['c', 1, 0, 'd'], `"${B}"`],
      ],
    },
    {
      name: 'text cut off in a string: what came before',
      text: `{"a":"${A}","b":"${B}`,
      want: [[A, ['a'], `"${A}"`]],
    },
  ];
  it.each(cases)('$name', ({ text, want }) => {
    expect(found(text)).toEqual(want);
  });

  it('finds what JSON.parse reads at each path, in a document with every kind of value', () => {
    const doc = { s: 'x', n: -1.5e3, t: true, f: false, z: null, m: { [A]: [A, { k: B }] }, l: [[], {}, C512] };
    const text = JSON.stringify(doc, null, 2);
    for (const { digest, path } of findDigestStrings(text)) {
      const at = path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], doc);
      expect(at, `value at ${JSON.stringify(path)}`).toBe(digest);
    }
    expect(findDigestStrings(text).map((d) => d.path)).toEqual([['m', A, 0], ['m', A, 1, 'k'], ['l', 2]]);
  });
});
