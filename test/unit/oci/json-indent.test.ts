import { describe, expect, it } from 'vitest';
import { indentJson } from '@/lib/oci/json-indent';

describe('indentJson', () => {
  const values: [string, unknown][] = [
    ['an OCI manifest', { schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { digest: 'sha256:' + 'a'.repeat(64), size: 1 }, layers: [{ size: 2 }, { size: 3 }] }],
    ['empty objects and arrays', { a: {}, b: [], c: [{}, []], d: [[[]]] }],
    ['literals and numbers', [true, false, null, 0, -1.5, 12345678901234567890, 2e-7]],
    ['strings with brackets, commas, colons, quotes and spaces inside', { 'k:{,}': 'a, b: [c] {d} "e" \\ f', ' spaced key ': '  two  spaces  ' }],
    ['a bare string', 'just a string'],
    ['a bare number', 42],
  ];
  it.each(values)('lays out %s as JSON.stringify(value, null, 2) does', (_name, value) => {
    expect(indentJson(JSON.stringify(value))).toBe(JSON.stringify(value, null, 2));
  });

  it('keeps every token as written: escapes, number forms, duplicate keys and key order', () => {
    const text = '{"b":"\\u0041\\/x","a":1e3,"n":1.0,"a":-0,"e":"\\"}{["}';
    expect(indentJson(text)).toBe('{\n  "b": "\\u0041\\/x",\n  "a": 1e3,\n  "n": 1.0,\n  "a": -0,\n  "e": "\\"}{["\n}');
  });

  it('replaces the whitespace a registry put between tokens, and only that', () => {
    const docker = '{\n   "schemaVersion": 2,\r\n\t"layers": [ { "size": 1 } ]\n}\n';
    expect(indentJson(docker)).toBe('{\n  "schemaVersion": 2,\n  "layers": [\n    {\n      "size": 1\n    }\n  ]\n}');
    expect(indentJson(docker, 4)).toBe(JSON.stringify(JSON.parse(docker), null, 4));
  });

  it.each([
    ['an unclosed string', '{"a":"b'],
    ['an unclosed object', '{"a":[1,2]'],
    ['a closing bracket too many', '{"a":1}}'],
    ['a stray character', '{"a":#1}'],
    ['a comma outside any value', '1,2'],
  ])('returns %s as it is', (_name, text) => {
    expect(indentJson(text)).toBe(text);
  });
});
