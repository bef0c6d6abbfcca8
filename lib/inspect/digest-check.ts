/**
 * A digest check: the digest we computed over the exact bytes received,
 * compared with every digest that named those bytes (the reference, the
 * parent index's descriptor, the manifest's config descriptor) and with what
 * the registry claimed in Docker-Content-Digest; and their length, with the
 * size the descriptor declares (containerd refuses a size mismatch too).
 *
 * Each claim is checked in its own algorithm, sha256 or sha512
 * (descriptor.md#registered-algorithms); the digest shown as computed is in
 * the algorithm of the first claim that names one, sha256 when none does.
 */
import { documentDigest, VERIFIABLE_ALGORITHMS, type VerifiableAlgorithm } from '../digest';
import { readDigestHeader } from './digest-header';

/** One claim about what the bytes' digest should be, and who made it. */
export interface DigestClaim {
  source: string;
  digest: string;
}

/** A claim as the caller holds it: a digest (a header's value as received), and the size a descriptor declares. */
export interface ClaimInput {
  source: string;
  digest: string | undefined;
  size?: number;
}

/** A descriptor's size that differs from the number of bytes received. */
export interface SizeClaim {
  source: string;
  size: number;
}

/** The outcome of checking one document's bytes against every claim. */
export interface DigestCheck {
  subject: string;
  computed: string;
  bytes: number;
  /** The claims compared with the bytes. */
  claims: DigestClaim[];
  /** Claims that disagree with the computed digest. */
  mismatches: DigestClaim[];
  /** Declared sizes that disagree with the bytes received. */
  sizeMismatches?: SizeClaim[];
  /** What was received but could not be compared (an unreadable header, a repeated one), in words. */
  notes?: string[];
  ok: boolean;
  /** The bytes were made here (a synthesized manifest): the digest is only computed, and names nothing anyone serves. */
  synthesized?: true;
  /** Where in a verified document these bytes sit (a schema 1 config): they have no digest of their own. */
  embedded?: string;
}

/** Hashes `bytes` and compares with each claim (claims without a digest are skipped). */
export async function checkDigest(subject: string, bytes: Uint8Array, inputs: ClaimInput[]): Promise<DigestCheck> {
  const claims: DigestClaim[] = [];
  const notes: string[] = [];
  for (const { source, digest } of inputs) {
    if (typeof digest !== 'string' || digest === '') continue;
    const header = readDigestHeader(digest);
    if ('unreadable' in header) {
      notes.push(`${source} "${header.unreadable}" is not a digest: not compared`);
      continue;
    }
    if (header.others.length > 0) {
      notes.push(`${source} was sent more than once, with different values (${header.others.join(', ')} too); the first is compared, as docker does`);
    }
    const algorithm = header.digest.slice(0, header.digest.indexOf(':'));
    if (!(algorithm in VERIFIABLE_ALGORITHMS)) {
      notes.push(`${source} ${header.digest} uses ${algorithm}, which this tab cannot compute (only sha256 and sha512): not compared`);
      continue;
    }
    claims.push({ source, digest: header.digest });
  }

  const digests = new Map<VerifiableAlgorithm, string>();
  const digestIn = async (algorithm: VerifiableAlgorithm) => {
    let digest = digests.get(algorithm);
    if (digest === undefined) digests.set(algorithm, (digest = await documentDigest(algorithm, bytes)));
    return digest;
  };
  const algorithmOf = (digest: string): VerifiableAlgorithm => (digest.startsWith('sha512:') ? 'sha512' : 'sha256');
  const computed = await digestIn(claims.length > 0 ? algorithmOf(claims[0].digest) : 'sha256');
  const mismatches: DigestClaim[] = [];
  for (const claim of claims) {
    if (claim.digest !== (await digestIn(algorithmOf(claim.digest)))) mismatches.push(claim);
  }
  const sizeMismatches = inputs
    .filter((c): c is ClaimInput & { size: number } => c.size !== undefined && c.size !== bytes.byteLength)
    .map(({ source, size }) => ({ source, size }));

  return {
    subject,
    computed,
    bytes: bytes.byteLength,
    claims,
    mismatches,
    ...(sizeMismatches.length > 0 ? { sizeMismatches } : {}),
    ...(notes.length > 0 ? { notes } : {}),
    ok: mismatches.length === 0 && sizeMismatches.length === 0,
  };
}
