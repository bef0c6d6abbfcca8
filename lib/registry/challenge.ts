/**
 * WWW-Authenticate challenges (RFC 7235 §4.1, §2.1; quoted-string and token
 * from RFC 7230 §3.2.6):
 *
 *   WWW-Authenticate = 1#challenge
 *   challenge        = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 *   auth-scheme      = token
 *   auth-param       = token BWS "=" BWS ( token / quoted-string )
 *   token68          = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
 *   token            = 1*tchar
 *   tchar            = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "."
 *                    / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
 *   quoted-string    = DQUOTE *( qdtext / quoted-pair ) DQUOTE
 *   quoted-pair      = "\" ( HTAB / SP / VCHAR / obs-text )
 *
 * Registries send `Bearer realm="…",service="…",scope="…"` (distribution
 * token.md, "How to authenticate") or `Basic realm="…"`. Quoted values may
 * hold commas (`scope="repository:a:pull,push"`), so the header cannot be
 * split on commas. Scheme and parameter names are case-insensitive and are
 * returned lowercased; values are returned unquoted and unescaped.
 */
import { PullscopeError } from '../errors';

/** One authentication challenge: the scheme (lowercased) and its parameters. */
export interface Challenge {
  scheme: 'bearer' | 'basic' | (string & {});
  /** Parameter names lowercased; values unquoted. Missing `service` is simply absent. */
  params: Record<string, string>;
  /** The token68 form (`Negotiate abc==`), which no registry uses but the grammar allows. */
  token68?: string;
}

/** A WWW-Authenticate header that does not follow RFC 7235, or lacks what the scheme needs. */
export class BadChallengeError extends PullscopeError {
  readonly header: string;
  readonly reason: string;

  constructor(header: string, reason: string) {
    super('BAD_CHALLENGE', `the registry sent an unreadable authentication challenge (${reason}): ${header}`, {
      suggestion:
        'The registry answered 401 with a WWW-Authenticate header that does not follow RFC 7235; check the registry or the proxy in front of it.',
      status: 502,
    });
    this.header = header;
    this.reason = reason;
  }

  protected override wireData() {
    return { header: this.header, reason: this.reason };
  }
}

const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const TOKEN68_CHAR = /[A-Za-z0-9\-._~+/]/;

/** Every challenge in the header, in order. */
export function parseWwwAuthenticateAll(header: string): Challenge[] {
  const parser = new ChallengeParser(header);
  return parser.parse();
}

/**
 * The challenge a registry client should answer: Bearer when offered, then
 * Basic, then whatever came first.
 */
export function parseWwwAuthenticate(header: string): Challenge {
  const all = parseWwwAuthenticateAll(header);
  return all.find((c) => c.scheme === 'bearer') ?? all.find((c) => c.scheme === 'basic') ?? all[0];
}

class ChallengeParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parse(): Challenge[] {
    const challenges: Challenge[] = [];
    this.skipListSeparators();
    while (!this.atEnd()) {
      challenges.push(this.challenge());
      this.skipListSeparators();
    }
    if (challenges.length === 0) this.fail('no challenge');
    return challenges;
  }

  private challenge(): Challenge {
    const scheme = this.token();
    if (scheme === undefined) this.fail(`expected an auth-scheme at offset ${this.pos}`);
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: Object.create(null) as Record<string, string> };
    const spaces = this.skipSpaces();
    if (this.atEnd() || this.peek() === ',') return challenge;
    if (spaces === 0) this.fail(`expected a space after the scheme at offset ${this.pos}`);

    if (!this.startsAuthParam()) {
      challenge.token68 = this.token68();
      this.skipSpaces();
      if (!this.atEnd() && this.peek() !== ',') this.fail(`unexpected '${this.peek()}' after token68 at offset ${this.pos}`);
      return challenge;
    }

    for (;;) {
      const name = this.token()!.toLowerCase();
      this.skipSpaces();
      this.pos++; // the '=' startsAuthParam saw
      this.skipSpaces();
      const value = this.peek() === '"' ? this.quotedString() : this.token();
      if (value === undefined) this.fail(`expected a value for '${name}' at offset ${this.pos}`);
      // RFC 7235 §2.1: each name occurs once per challenge; keep the first rather than fail on a sloppy server.
      if (!(name in challenge.params)) challenge.params[name] = value;

      this.skipSpaces();
      if (this.atEnd()) return challenge;
      if (this.peek() !== ',') this.fail(`expected ',' at offset ${this.pos}, got '${this.peek()}'`);
      this.skipListSeparators();
      // After a comma comes either another auth-param or the next challenge's scheme.
      if (this.atEnd() || !this.startsAuthParam()) return challenge;
    }
  }

  /** Looks ahead for `token BWS "=" BWS (token / quoted-string)`; anything else is token68 or a new scheme. */
  private startsAuthParam(): boolean {
    const start = this.pos;
    let isParam = false;
    if (this.token() !== undefined) {
      this.skipSpaces();
      if (this.peek() === '=') {
        this.pos++;
        this.skipSpaces();
        const next = this.peek();
        isParam = next !== undefined && (next === '"' || TCHAR.test(next));
      }
    }
    this.pos = start;
    return isParam;
  }

  private token(): string | undefined {
    const start = this.pos;
    while (!this.atEnd() && TCHAR.test(this.text[this.pos])) this.pos++;
    return this.pos > start ? this.text.slice(start, this.pos) : undefined;
  }

  private token68(): string {
    const start = this.pos;
    while (!this.atEnd() && TOKEN68_CHAR.test(this.text[this.pos])) this.pos++;
    if (this.pos === start) this.fail(`expected token68 or auth-param at offset ${this.pos}`);
    while (this.peek() === '=') this.pos++;
    return this.text.slice(start, this.pos);
  }

  private quotedString(): string {
    this.pos++; // opening quote
    let value = '';
    while (!this.atEnd()) {
      const ch = this.text[this.pos++];
      if (ch === '"') return value;
      if (ch === '\\') {
        if (this.atEnd()) break;
        value += this.text[this.pos++];
      } else {
        value += ch;
      }
    }
    this.fail('unterminated quoted string');
  }

  private skipSpaces(): number {
    const start = this.pos;
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
    return this.pos - start;
  }

  /** `#rule` lists allow empty elements and optional whitespace around commas (RFC 7230 §7). */
  private skipListSeparators(): void {
    while (this.peek() === ' ' || this.peek() === '\t' || this.peek() === ',') this.pos++;
  }

  private peek(): string | undefined {
    return this.text[this.pos];
  }

  private atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  private fail(reason: string): never {
    throw new BadChallengeError(this.text, reason);
  }
}
