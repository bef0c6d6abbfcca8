/**
 * The payload of a signed Docker schema 1 manifest (libtrust JWS, "pretty"
 * form): the manifest's bytes without its `signatures`, which registries
 * name it by. Each signature's protected header says how to rebuild it:
 *
 *   protected   ::= base64url({ formatLength: number, formatTail: base64url, time: string })
 *   payload     ::= bytes[0 : formatLength] ++ base64url-decode(formatTail)
 *
 * crane and docker accept a registry's Docker-Content-Digest of a signed
 * schema 1 manifest when it names this payload.
 */
import type { Schema1Manifest } from './documents';

/** The bytes a signed schema 1 manifest is named by; undefined when it carries no readable signature. */
export function schema1Payload(bytes: Uint8Array, manifest: Schema1Manifest): Uint8Array | undefined {
  const signature = manifest.signatures?.[0] as { protected?: unknown } | undefined;
  if (typeof signature?.protected !== 'string') return undefined;
  try {
    const header = JSON.parse(new TextDecoder().decode(base64UrlDecode(signature.protected))) as { formatLength?: unknown; formatTail?: unknown };
    const { formatLength, formatTail } = header;
    if (typeof formatLength !== 'number' || typeof formatTail !== 'string' || formatLength < 0 || formatLength > bytes.length) return undefined;
    const tail = base64UrlDecode(formatTail);
    const payload = new Uint8Array(formatLength + tail.length);
    payload.set(bytes.subarray(0, formatLength));
    payload.set(tail, formatLength);
    return payload;
  } catch {
    return undefined;
  }
}

// RFC 4648 §5, padding optional; atob exists in browsers, workers and Node alike.
function base64UrlDecode(text: string): Uint8Array {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(standard + '='.repeat((4 - (standard.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
