/**
 * The members of a JSON object that are whole in the first bytes of its text.
 * An SBOM statement can run to many megabytes, and the page previews only its
 * first; what says what it is about (`_type`, `predicateType`, `subject`)
 * comes before the large `predicate` in what BuildKit writes. This reads the
 * top-level object key by key, and stops at the first member cut off.
 */

/** Each top-level member whose value is complete in `text`, parsed; stops at the first that is not, or at malformed JSON. */
export function* jsonHeadMembers(text: string): Generator<[key: string, value: unknown]> {
  let i = skipSpace(text, 0);
  if (text[i] !== '{') return;
  i = skipSpace(text, i + 1);
  while (i < text.length && text[i] === '"') {
    const keyEnd = valueEnd(text, i);
    if (keyEnd < 0) return;
    const key = parse(text.slice(i, keyEnd));
    i = skipSpace(text, keyEnd);
    if (typeof key !== 'string' || text[i] !== ':') return;
    const start = skipSpace(text, i + 1);
    const end = valueEnd(text, start);
    if (end < 0) return;
    const value = parse(text.slice(start, end));
    if (value === INVALID) return;
    yield [key, value];
    i = skipSpace(text, end);
    if (text[i] !== ',') return;
    i = skipSpace(text, i + 1);
  }
}

const INVALID = Symbol('invalid');

function parse(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return INVALID;
  }
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  return i;
}

/** Where the JSON value starting at `i` ends (exclusive), or -1 when the text ends first. */
function valueEnd(text: string, i: number): number {
  const c = text[i];
  if (c === '"') {
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text[j] === '"') return j + 1;
    }
    return -1;
  }
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text[j];
      if (d === '"') {
        const end = valueEnd(text, j);
        if (end < 0) return -1;
        j = end - 1;
      } else if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return -1;
  }
  // A number, true, false or null: it ends where its characters do; at the text's end it may go on.
  let j = i;
  while (j < text.length && /[-+.\w]/.test(text[j])) j++;
  return j === i || j === text.length ? -1 : j;
}
