/**
 * The Link header (RFC 8288 §3), which the distribution spec uses to page
 * tag lists (spec.md, "Listing Tags": `Link: <<url>?n=<n>&last=<last>>; rel="next"`):
 *
 *   Link       = #link-value
 *   link-value = "<" URI-Reference ">" *( OWS ";" OWS link-param )
 *   link-param = token BWS [ "=" BWS ( token / quoted-string ) ]
 *
 * `#` is a comma-separated list (RFC 9110 §5.6.1); a comma may also appear
 * inside the <…> or a quoted string, so the value is scanned, not split.
 * Parameter names are case-insensitive; `rel` holds space-separated types.
 */

/** One link of a Link header. */
export interface LinkValue {
  /** The URI-Reference as written, often relative to the request URL. */
  uri: string;
  /** Parameters by lowercased name; a parameter given without a value is ''. */
  params: Record<string, string>;
}

/** Every well-formed link of a Link header value; malformed ones are skipped. */
export function parseLinkHeader(value: string): LinkValue[] {
  const links: LinkValue[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < value.length && (value[i] === ' ' || value[i] === '\t')) i++;
  };
  while (i < value.length) {
    skipSpace();
    if (value[i] === ',') {
      i++;
      continue;
    }
    if (value[i] !== '<') {
      i = skipToNextLink(value, i);
      continue;
    }
    const close = value.indexOf('>', i + 1);
    if (close < 0) break;
    const link: LinkValue = { uri: value.slice(i + 1, close).trim(), params: {} };
    i = close + 1;
    for (;;) {
      skipSpace();
      if (value[i] !== ';') break;
      i++;
      skipSpace();
      const name = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/.exec(value.slice(i))?.[0];
      if (!name) break;
      i += name.length;
      skipSpace();
      let paramValue = '';
      if (value[i] === '=') {
        i++;
        skipSpace();
        if (value[i] === '"') {
          [paramValue, i] = readQuoted(value, i);
        } else {
          const token = /^[^\s;,]*/.exec(value.slice(i))![0];
          paramValue = token;
          i += token.length;
        }
      }
      // RFC 8288 §3.3: occurrences after the first of `rel` are ignored.
      const key = name.toLowerCase();
      if (!(key in link.params)) link.params[key] = paramValue;
    }
    links.push(link);
    i = skipToNextLink(value, i);
  }
  return links;
}

/** The URI of the first link whose `rel` includes `next`, if any. */
export function nextLinkUri(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  return parseLinkHeader(value).find((link) => (link.params.rel ?? '').toLowerCase().split(/\s+/).includes('next'))?.uri;
}

// quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE (RFC 9110 §5.6.4)
function readQuoted(value: string, start: number): [string, number] {
  let out = '';
  let i = start + 1;
  while (i < value.length && value[i] !== '"') {
    if (value[i] === '\\' && i + 1 < value.length) i++;
    out += value[i];
    i++;
  }
  return [out, i + 1];
}

// After a link (or garbage), resume at the comma that starts the next one,
// stepping over quoted strings so a comma inside one does not count.
function skipToNextLink(value: string, start: number): number {
  let i = start;
  while (i < value.length && value[i] !== ',') {
    i = value[i] === '"' ? readQuoted(value, i)[1] : i + 1;
  }
  return i;
}
