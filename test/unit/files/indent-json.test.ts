import { describe, expect, it } from 'vitest';
import { indentJson } from '@/lib/files/indent-json';

describe('indentJson', () => {
  it.each([
    ['{"a":1,"b":[true,null,{"c":"x"}],"d":{},"e":[]}'],
    ['[1,2.50,-3e+2]'],
    [' {\n"spaced" :  "a b\\" c",  "esc":"\\u00e9\\n"}\n'],
  ])('indents %j as JSON.stringify does, tokens as written', (text) => {
    const want = JSON.stringify(JSON.parse(text), null, 2);
    const got = indentJson(text)!;
    expect(JSON.parse(got)).toEqual(JSON.parse(text));
    // Numbers and escapes are kept as sent; everything else matches the standard indentation.
    if (!/2\.50|e\+2|\\u00e9/.test(text)) expect(got).toBe(want);
  });

  it('keeps numbers and escapes as they were sent', () => {
    expect(indentJson('[2.50,-3e+2,"\\u00e9"]')).toBe('[\n  2.50,\n  -3e+2,\n  "\\u00e9"\n]');
  });

  it('indents the first bytes of a document cut off, strings and all', () => {
    expect(indentJson('{"a":{"b":[1,"x, y: {z')).toBe('{\n  "a": {\n    "b": [\n      1,\n      "x, y: {z');
  });

  it.each([['plain text'], [''], ['"a string"'], ['42']])('is undefined for %j', (text) => {
    expect(indentJson(text)).toBeUndefined();
  });
});
