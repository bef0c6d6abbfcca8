import { describe, expect, it } from 'vitest';
import { shellCommand } from '@/lib/shell-words';

describe('shellCommand', () => {
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
    // Quoted or escaped, an operator's characters are part of a word.
    ['--label "a|b" x', ['--label', 'a|b', 'x']],
    ["-e 'X=1;2' '&&' x", ['-e', 'X=1;2', '&&', 'x']],
    ['a\\|b 2\\>x', ['a|b', '2>x']],
  ])('splits %j', (text, words) => {
    expect(shellCommand(text)).toEqual({ words });
  });

  it.each([
    ['nginx | tee log', ['nginx'], '|'],
    ['nginx|tee log', ['nginx'], '|'],
    ['alpine && docker run alpine', ['alpine'], '&&'],
    ['alpine;echo done', ['alpine'], ';'],
    ['alpine || true', ['alpine'], '||'],
    ['alpine > out.txt', ['alpine'], '>'],
    ['alpine >>log', ['alpine'], '>>'],
    ['alpine 2>/dev/null', ['alpine'], '2>'],
    ['alpine 2>&1 | less', ['alpine'], '2>&1'],
    ['alpine &>/dev/null', ['alpine'], '&>'],
    ['alpine &', ['alpine'], '&'],
    // Digits inside quotes, or apart from the operator, are a word of their own.
    ['alpine "2">x', ['alpine', '2'], '>'],
    ['alpine 2 >x', ['alpine', '2'], '>'],
  ])('ends %j at its first operator', (text, words, endedBy) => {
    expect(shellCommand(text)).toEqual({ words, endedBy });
  });
});
