/**
 * The words of a pasted shell command line, as a POSIX shell splits them:
 * whitespace separates words except inside quotes, '…' is literal, "…" and a
 * bare backslash escape what follows, and a backslash at a line's end joins
 * the next line (commands copied from docs span lines that way). Nothing is
 * expanded: `$HOME` stays as written. An unterminated quote runs to the end.
 */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
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
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      word += text.slice(i + 1, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
      inWord = true;
    } else if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) {
        const next = text[i + 1];
        // Inside double quotes a backslash escapes only these, and joins lines; before anything else it is itself.
        if (text[i] === '\\' && next !== undefined && '"\\$`'.includes(next)) word += text[++i];
        else if (text[i] === '\\' && next === '\n') i++;
        else word += text[i];
      }
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
