import { describe, expect, it } from 'vitest';
import { jsonHeadMembers } from '@/lib/oci/json-head-members';

const members = (text: string) => [...jsonHeadMembers(text)];

describe('jsonHeadMembers', () => {
  it('reads every member of a whole object', () => {
    expect(members(' { "a" : 1 , "b": [true, {"c": "}"}], "d": null, "e": "x\\"y" } ')).toEqual([
      ['a', 1],
      ['b', [true, { c: '}' }]],
      ['d', null],
      ['e', 'x"y'],
    ]);
  });

  it.each([
    ['inside a string', '{"a": 1, "b": "unfinis', [['a', 1]]],
    ['inside an array', '{"a": "x", "b": [1, 2', [['a', 'x']]],
    ['after a number that may go on', '{"a": true, "b": 12', [['a', true]]],
    ['inside a key', '{"a": {}, "lo', [['a', {}]]],
    ['after a colon', '{"a": [], "b":', [['a', []]]],
  ])('stops at a member cut %s', (_, text, want) => {
    expect(members(text)).toEqual(want);
  });

  it.each([
    ['an array', '[{"a": 1}]'],
    ['a key without a colon', '{"a" 1}'],
    ['a value that is not JSON', '{"a": tru, "b": 1}'],
  ])('reads nothing more from %s', (_, text) => {
    expect(members(text)).toEqual([]);
  });
});
