/** One array holding `parts` in order; a single part is returned as it is, not copied. */
export function concatBytes(parts: readonly Uint8Array[], total: number = parts.reduce((n, p) => n + p.byteLength, 0)): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}
