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

const PASSWORD_ON_COMMAND_LINE = 'a password on a command line';

const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/, 'a GitHub token'],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}/, 'a GitHub token'],
  [/\bglpat-[A-Za-z0-9_-]{20,}/, 'a GitLab access token'],
  [/\bdckr_pat_[A-Za-z0-9_-]{20,}/, 'a Docker Hub access token'],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, 'an AWS access key'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./, 'a JSON Web Token'],
  [/\b(?:Basic|Bearer)\s+[A-Za-z0-9+/._~-]{12,}=*/, 'an Authorization header'],
  [/(?:^|\s)--password(?:-stdin)?(?:\s|=)\S/, PASSWORD_ON_COMMAND_LINE],
  // `-p` is a password only to `login`: to `docker run` and `create` it publishes a port (`-p 8080:80`).
  [/(?:^|\s)login\s(?:.*\s)?-p(?:\s|=)\S/, PASSWORD_ON_COMMAND_LINE],
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

/**
 * Flags whose value is a credential in every program that has them: skopeo's (`--creds user:password`,
 * `--src-creds`, `--registry-token`), ctr's and regctl's (`--user`, `--pass`), crane's, oras's and helm's
 * (`--username`, `--password`), kubectl's (`--docker-password`).
 */
const CREDENTIAL_FLAGS: ReadonlySet<string> = new Set([
  ...['--creds', '--src-creds', '--dest-creds', '--registry-token', '--src-registry-token', '--dest-registry-token'],
  ...['--username', '--password', '--src-username', '--src-password', '--dest-username', '--dest-password'],
  ...['--pass', '--token', '--identity-token', '--docker-username', '--docker-password', '--decryption-key'],
]);
// Programs to which these flags carry a credential: to `docker run`, `-u`/`--user` is the container's user and `-p`
// publishes a port; to regctl's image commands `-p` is the platform.
const USER_FLAG_PROGRAMS: ReadonlySet<string> = new Set(['ctr', 'crane', 'oras', 'regctl']);
const PASSWORD_FLAG_PROGRAMS: ReadonlySet<string> = new Set(['crane', 'oras']);

/**
 * True when `flag` takes a credential as its value, in a command line whose words before it (flags left out) are
 * `command`: the program first ('ctr', 'image', 'pull'), then its subcommands.
 */
export function isCredentialFlag(flag: string, command: readonly string[]): boolean {
  if (CREDENTIAL_FLAGS.has(flag)) return true;
  const program = command[0]?.toLowerCase() ?? '';
  const login = command.some((word) => word.toLowerCase() === 'login');
  if (flag === '-u' || flag === '--user') return login || USER_FLAG_PROGRAMS.has(program);
  if (flag === '-p') return login || PASSWORD_FLAG_PROGRAMS.has(program);
  return false;
}

/**
 * What kind of credential the text carries, a command line's credential flag included (`--creds alice:s3cret`,
 * crane's `-p s3cret`): what must not stay in an address. The reference box needs only detectSecret, since cleaning
 * drops such flags before anything is navigated to.
 */
export function detectCredentials(text: string): string | undefined {
  return detectSecret(text) ?? (redactCredentials(text) === text ? undefined : PASSWORD_ON_COMMAND_LINE);
}

/** What a cleaned command line says of the credentials it dropped. */
export const DROPPED_CREDENTIALS = 'Dropped the credentials from the command; enter them in the Username and Password fields';

/** What a hidden credential reads as in a message. */
export const HIDDEN = '***';
const SHELL_OPERATOR = /^(?:\|\|?|&&?|;)$/;

/**
 * `text` with every credential it carries as a command line's flag value (`--creds alice:s3cret`, crane's `-p s3cret`)
 * or as the password of a `user:password@host` replaced by '***': what a message may quote of pasted text.
 */
export function redactCredentials(text: string): string {
  let command: string[] = [];
  let hideNext = false;
  let openQuote: string | undefined;
  return text.replace(/\S+/g, (word) => {
    if (openQuote !== undefined) {
      // The rest of a quoted value that holds spaces ('--creds "alice:a b"').
      if (word.endsWith(openQuote)) openQuote = undefined;
      return HIDDEN;
    }
    if (hideNext) {
      hideNext = false;
      openQuote = quoteLeftOpen(word);
      return HIDDEN;
    }
    if (SHELL_OPERATOR.test(word)) {
      command = [];
      return word;
    }
    if (word.startsWith('-')) {
      const eq = word.indexOf('=');
      const flag = eq < 0 ? word : word.slice(0, eq);
      if (!isCredentialFlag(flag, command)) return word;
      if (eq < 0) {
        hideNext = true;
        return word;
      }
      openQuote = quoteLeftOpen(word.slice(eq + 1));
      return `${flag}=${HIDDEN}`;
    }
    if (!(command.length === 0 && (word === 'sudo' || word === '$'))) command.push(word);
    const userinfo = USERINFO.exec(word);
    if (userinfo && !DIGEST_AFTER_AT.test(userinfo[2])) return word.replace(`:${userinfo[1]}@`, `:${HIDDEN}@`);
    return word;
  });
}

/** The quote a word opens and does not close ('"alice:a' opens '"'), if any. */
function quoteLeftOpen(word: string): string | undefined {
  const quote = word[0];
  if (quote !== '"' && quote !== "'") return undefined;
  return word.length > 1 && word.endsWith(quote) ? undefined : quote;
}
