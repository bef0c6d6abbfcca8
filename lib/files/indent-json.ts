/**
 * JSON indented for reading, two spaces a level, from its text as sent: the
 * tokens are kept as written (numbers, escapes) and only the whitespace
 * between them changes. It also indents the first bytes of a document too
 * long to preview whole, where JSON.parse would refuse the cut-off text.
 * Returns undefined for text that does not start as JSON would.
 */
export function indentJson(text: string): string | undefined {
  const start = text.search(/\S/);
  if (start < 0 || (text[start] !== '{' && text[start] !== '[')) return undefined;
  const out: string[] = [];
  let depth = 0;
  const newline = () => out.push('\n', '  '.repeat(Math.max(0, depth)));
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out.push(text.slice(i, j + 1));
      i = j;
    } else if (c === '{' || c === '[') {
      const next = text.slice(i + 1).search(/\S/);
      const closer = c === '{' ? '}' : ']';
      // An empty object or array stays on its line.
      if (next >= 0 && text[i + 1 + next] === closer) {
        out.push(c, closer);
        i = i + 1 + next;
        continue;
      }
      out.push(c);
      depth++;
      newline();
    } else if (c === '}' || c === ']') {
      depth--;
      newline();
      out.push(c);
    } else if (c === ',') {
      out.push(',');
      newline();
    } else if (c === ':') {
      out.push(': ');
    } else if (!/\s/.test(c)) {
      out.push(c);
    }
  }
  return out.join('');
}
