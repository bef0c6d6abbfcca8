/**
 * A label's or an annotation's value as a link, when it is a web address
 * (`org.opencontainers.image.source`, `…url`, `…documentation`). The image's
 * publisher wrote it, so the link must say where it goes: the browser opens
 * the address as the URL standard reads it, with the host in punycode
 * (`github.com⁄evil.example`, a FRACTION SLASH, is the host
 * `github.xn--comevil-3d7c.example`) and hidden characters percent-encoded
 * (`/%E2%80%AE…`, not a path turned around by a bidi override); when that
 * differs from the value as written, the link shows it.
 */

/** Where a value links to, and whether that is not what it reads. */
export interface WebLink {
  /** The address the browser opens: ASCII, host in punycode (the URL standard's serialization). */
  href: string;
  /** The value reads otherwise than `href` (beyond a `/` added to a bare host): show `href` as the link's text. */
  rewritten: boolean;
}

/**
 * The link of an http(s) address written whole (no space), or undefined: any
 * other scheme (`javascript:`) is text, and so is an address with a user
 * name (`https://github.com@evil.example/` opens evil.example).
 */
export function webLink(value: string): WebLink | undefined {
  if (!/^https?:\/\/\S+$/i.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  return { href: url.href, rewritten: url.href !== value && url.href !== `${value}/` };
}
