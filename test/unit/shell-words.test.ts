import { describe, expect, it } from 'vitest';
import { shellWords } from '@/lib/shell-words';

describe('shellWords', () => {
  it.each([
    ['docker run  -it ubuntu', ['docker', 'run', '-it', 'ubuntu']],
    ['-e "A=b c" x', ['-e', 'A=b c', 'x']],
    ["--label 'a \"b\" $c' x", ['--label', 'a "b" $c', 'x']],
    ['-e A="b c"d x', ['-e', 'A=b cd', 'x']],
    ['"a \\" b" "c\\d" \'e\\f\'', ['a " b', 'c\\d', 'e\\f']],
    ['a\\ b c', ['a b', 'c']],
    ['run \\\n  --rm \\\r\n  img', ['run', '--rm', 'img']],
    ['"one \\\ntwo"', ['one two']],
    ['"" x', ['', 'x']],
    ['"unterminated x', ['unterminated x']],
    ["'unterminated y", ['unterminated y']],
    ['trailing\\', ['trailing']],
    ['   ', []],
  ])('splits %j', (text, words) => {
    expect(shellWords(text)).toEqual(words);
  });
});
