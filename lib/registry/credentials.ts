/**
 * Credentials the user gave for one registry, and their HTTP Basic form
 * (RFC 7617 §2: base64 of UTF-8 `user-id ":" password`). Used both on Basic
 * registries and on token servers (distribution token.md).
 */

/** A username with a password or token. */
export interface Credentials {
  username: string;
  password: string;
}

/** `Basic <base64(user:password)>`, UTF-8 safe without Buffer. */
export function basicAuthorization(credentials: Credentials): string {
  const bytes = new TextEncoder().encode(`${credentials.username}:${credentials.password}`);
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return `Basic ${btoa(binary)}`;
}
