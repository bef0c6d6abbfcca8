/**
 * The first command of a pasted shell line, as a POSIX shell splits it:
 * whitespace separates words except inside quotes, '…' is literal, "…" and a
 * bare backslash escape what follows, and a backslash at a line's end joins
 * the next line (commands copied from docs span lines that way). An unquoted
 * control or redirection operator (`|`, `&&`, `;`, `>`, `2>&1`, …) ends the
 * command, touching its words or not (`nginx|tee`); a quoted one is a word
 * (`--label "a|b"`). Nothing is expanded: `$HOME` stays as written. An
 * unterminated quote runs to the end.
 */
export interface ShellCommand {
  /** The command's words, up to the operator that ended it. */
  words: string[];
  /** That operator, as written (`|`, `&&`, `2>`), when one ended the command. */
  endedBy?: string;
}

// Characters that start an operator when unquoted, and the operators they can make.
const OPERATOR_START = '|&;<>';
const OPERATORS = ['&>>', '>>', '&&', '||', '|&', '&>', '>&', '<&', '<<', '|', '&', ';', '>', '<'];

export function shellCommand(text: string): ShellCommand {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      const next = text[i + 1];
      i++;
      if (next === undefined) break;
      if (next === '\n') continue;
      if (next === '\r' && text[i + 1] === '\n') {
        i++;
        continue;
      }
      word += next;
      inWord = true;
      quoted = true;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      word += text.slice(i + 1, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
      inWord = true;
      quoted = true;
    } else if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) {
        const next = text[i + 1];
        // Inside double quotes a backslash escapes only these, and joins lines; before anything else it is itself.
        if (text[i] === '\\' && next !== undefined && '"\\$`'.includes(next)) word += text[++i];
        else if (text[i] === '\\' && next === '\n') i++;
        else word += text[i];
      }
      inWord = true;
      quoted = true;
    } else if (OPERATOR_START.includes(c)) {
      let operator = OPERATORS.find((op) => text.startsWith(op, i)) ?? c;
      // `>&1`, `<&-`: the descriptor a redirection duplicates is part of it.
      if (operator === '>&' || operator === '<&') operator += /^(\d+|-)?/.exec(text.slice(i + 2))![0];
      // `2>/dev/null`: unquoted digits right before a redirection are its file descriptor, not a word.
      if (inWord && !quoted && /^\d+$/.test(word) && (c === '>' || c === '<')) return { words, endedBy: word + operator };
      if (inWord) words.push(word);
      return { words, endedBy: operator };
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      quoted = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return { words };
}
