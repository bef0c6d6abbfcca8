/**
 * Base64 (RFC 4648 §4) over bytes, with the platform's btoa/atob, which exist
 * in browsers, workers and Node alike (Buffer does not).
 */

/** Standard base64 of `bytes`, padded. */
export function base64Encode(bytes: Uint8Array): string {
  let binary = '';
  // String.fromCharCode takes its arguments on the stack: a chunk at a time.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** The bytes of standard base64 `b64`, padding optional. */
export function base64Decode(b64: string): Uint8Array {
  const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
  const binary = atob(padded);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
