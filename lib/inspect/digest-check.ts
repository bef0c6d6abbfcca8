/**
 * A digest check: the sha256 we computed over the exact bytes received,
 * compared with every digest that named those bytes (the reference, the
 * parent index's descriptor, the manifest's config descriptor) and with what
 * the registry claimed in Docker-Content-Digest.
 */
import { sha256Digest } from '../digest';

/** One claim about what the bytes' digest should be, and who made it. */
export interface DigestClaim {
  source: string;
  digest: string;
}

/** The outcome of checking one document's bytes against every claim. */
export interface DigestCheck {
  subject: string;
  computed: string;
  bytes: number;
  claims: DigestClaim[];
  /** Claims that disagree with the computed digest. */
  mismatches: DigestClaim[];
  ok: boolean;
  /** The bytes were made here (a synthesized manifest): the digest is only computed, and names nothing anyone serves. */
  synthesized?: true;
}

/** Hashes `bytes` and compares with each claim (claims without a digest are skipped). */
export async function checkDigest(
  subject: string,
  bytes: Uint8Array,
  claims: Array<{ source: string; digest: string | undefined }>,
): Promise<DigestCheck> {
  const computed = await sha256Digest(bytes);
  const present = claims.filter((c): c is DigestClaim => typeof c.digest === 'string' && c.digest !== '');
  const mismatches = present.filter((c) => c.digest !== computed);
  return { subject, computed, bytes: bytes.byteLength, claims: present, mismatches, ok: mismatches.length === 0 };
}
