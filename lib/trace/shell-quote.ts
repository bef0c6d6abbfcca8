/**
 * POSIX shell quoting (POSIX.1-2017 XCU §2.2.2): inside single quotes every
 * character is literal except the single quote itself, which is written as
 * '\'' (close, escaped quote, reopen). Words made only of characters no shell
 * treats specially are left bare, so commands stay readable.
 */

const BARE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** The word quoted so that a POSIX shell reads it back exactly. */
export function shellQuote(word: string): string {
  if (BARE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
