/**
 * Text that looks like a credential rather than an image reference. The
 * reference box feeds the shareable URL (`?image=…`), which lands in browser
 * history, server logs and chat messages; a token pasted there by mistake
 * must never get that far. Prefixes are the vendors' documented formats:
 * GitHub (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`), GitLab
 * (`glpat-`), Docker Hub (`dckr_pat_`), AWS access key IDs (`AKIA…`),
 * JSON Web Tokens (base64url of `{"…` is `eyJ`, RFC 7519 §3), userinfo in
 * a URL (RFC 3986 §3.2.1) and Authorization header values.
 */

const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/, 'a GitHub token'],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}/, 'a GitHub token'],
  [/\bglpat-[A-Za-z0-9_-]{20,}/, 'a GitLab access token'],
  [/\bdckr_pat_[A-Za-z0-9_-]{20,}/, 'a Docker Hub access token'],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, 'an AWS access key'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./, 'a JSON Web Token'],
  [/\b(?:Basic|Bearer)\s+[A-Za-z0-9+/._~-]{12,}=*/, 'an Authorization header'],
  [/(?:^|\s)--password(?:-stdin)?(?:\s|=)\S/, 'a password on a command line'],
  // `-p` is a password only to `login`: to `docker run` and `create` it publishes a port (`-p 8080:80`).
  [/(?:^|\s)login\s(?:.*\s)?-p(?:\s|=)\S/, 'a password on a command line'],
];

// user:password@host at the start of a reference or URL authority; not
// name:tag@sha256:… (a tag and a digest), which is a valid reference.
const USERINFO = /^(?:[a-z][a-z0-9+.-]*:\/\/)?[^\s/@:]+:([^\s/@]+)@([^\s/]*)/i;
const DIGEST_AFTER_AT = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}/;

/** Every kind detectSecret names, for words that must come from this list (a link cannot choose its own). */
export const SECRET_KINDS: ReadonlySet<string> = new Set([...PATTERNS.map(([, kind]) => kind), 'a username and password']);

/** What kind of credential the text looks like ("a GitHub token", …), or undefined when it looks like none. */
export function detectSecret(text: string): string | undefined {
  const trimmed = text.trim();
  for (const [pattern, kind] of PATTERNS) {
    if (pattern.test(trimmed)) return kind;
  }
  for (const word of trimmed.split(/\s+/)) {
    const userinfo = USERINFO.exec(word);
    if (userinfo && !DIGEST_AFTER_AT.test(userinfo[2])) return 'a username and password';
  }
  return undefined;
}
