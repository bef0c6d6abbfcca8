/**
 * Content digests (OCI image-spec, descriptor.md#digests):
 *
 *   digest    ::= algorithm ":" encoded
 *   algorithm ::= [a-z0-9]+ ([+._-] [a-z0-9]+)*
 *   encoded   ::= [a-zA-Z0-9=_-]+
 *
 * Pullscope verifies the two algorithms the spec registers
 * (descriptor.md#registered-algorithms): sha256, which every registry uses,
 * and sha512. Any other algorithm is recognized but reported as unverifiable.
 */
import { EXPORT_AGAIN, type BytesOrigin } from './bytes-origin';
import { PullscopeError } from './errors';

const SHA256_HEX = /^[a-f0-9]{64}$/;
const SHA512_HEX = /^[a-f0-9]{128}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** True for a well-formed `sha256:<64 lowercase hex>` digest. */
export function isSha256Digest(value: string): boolean {
  return value.startsWith('sha256:') && SHA256_HEX.test(value.slice(7));
}

/** The algorithms Pullscope can compute, with the Web Crypto name of each. */
export const VERIFIABLE_ALGORITHMS = { sha256: 'SHA-256', sha512: 'SHA-512' } as const;

/** A digest algorithm Pullscope can compute. */
export type VerifiableAlgorithm = keyof typeof VERIFIABLE_ALGORITHMS;

/** True for a well-formed `sha512:<128 lowercase hex>` digest. */
export function isSha512Digest(value: string): boolean {
  return value.startsWith('sha512:') && SHA512_HEX.test(value.slice(7));
}

/** The algorithm of a well-formed sha256 or sha512 digest; undefined for any other value. */
export function verifiableAlgorithm(value: string): VerifiableAlgorithm | undefined {
  if (isSha256Digest(value)) return 'sha256';
  if (isSha512Digest(value)) return 'sha512';
  return undefined;
}

/** True for any digest matching the image-spec grammar. */
export function isDigest(value: string): boolean {
  return DIGEST.test(value);
}

/** Hex encoding of bytes, lowercase. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += bytes[i].toString(16).padStart(2, '0');
  return out;
}

/** `sha256:<hex>` of exactly these bytes, by Web Crypto (browser and Node alike). */
export async function sha256Digest(bytes: Uint8Array): Promise<string> {
  const hash = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return `sha256:${toHex(new Uint8Array(hash))}`;
}

/** `<algorithm>:<hex>` of exactly these bytes, by Web Crypto (one-shot: for documents, which are bounded). */
export async function documentDigest(algorithm: VerifiableAlgorithm, bytes: Uint8Array): Promise<string> {
  const hash = await crypto.subtle.digest(VERIFIABLE_ALGORITHMS[algorithm], bytes as Uint8Array<ArrayBuffer>);
  return `${algorithm}:${toHex(new Uint8Array(hash))}`;
}

/**
 * What to do about a mismatch. A diff_id is checked only on a blob whose own
 * digest held: the bytes are exactly those the manifest names, and it is the
 * image's config that names other content, which no retry can change.
 */
function mismatchSuggestion(subject: string, origin: BytesOrigin): string {
  if (origin === 'local file') {
    return `The file on disk is damaged: its bytes are not the content that digest names, and reading them again gives the same bytes. ${EXPORT_AGAIN}`;
  }
  return /\bdiff_id\b/.test(subject)
    ? "The registry served exactly the bytes the manifest names (the blob digest holds), but the image's config names other content for this layer (diff_id): the image was built or pushed wrong. A retry cannot fix it; push the image again from a correct build."
    : 'The bytes received are not the content that digest names. Retry; if it persists the registry or something between serves corrupt data.';
}

/** The bytes that were named by one digest hashed to another. */
export class DigestMismatchError extends PullscopeError {
  readonly want: string;
  readonly got: string;
  readonly bytes: number;
  /** What was being checked, in words: "manifest", "layer 3 blob", "layer 3 diff_id". */
  readonly subject: string;
  /** Where the bytes came from: a retry may help with a registry's, never with a file's. */
  readonly origin: BytesOrigin;

  constructor(subject: string, want: string, got: string, bytes: number, origin: BytesOrigin = 'registry') {
    super('DIGEST_MISMATCH', `${subject}: digest mismatch: got ${got}, want ${want} (${bytes} bytes hashed)`, {
      suggestion: mismatchSuggestion(subject, origin),
      status: 502,
    });
    this.want = want;
    this.got = got;
    this.bytes = bytes;
    this.subject = subject;
    this.origin = origin;
  }

  protected override wireData() {
    return { want: this.want, got: this.got, bytes: this.bytes, subject: this.subject, origin: this.origin };
  }
}
