/**
 * A manifest, index or config whose bytes are not the ones asked for: they
 * hash to another digest (or have another length) than the reference, the
 * parent index, the manifest's config descriptor or the registry's
 * Docker-Content-Digest header names. The pull stops there, as docker, crane
 * ("manifest digest … does not match requested digest", "error verifying
 * sha256 checksum") and containerd ("unexpected commit digest") stop: nothing
 * those bytes name (a config, layers, a platform's manifest) is fetched or
 * shown as the image asked for.
 */
import { PullscopeError } from '../errors';
import type { DigestCheck } from './digest-check';

/** The registry's answer failed its digest check; the pull stops at it. */
export class SubstitutedDocumentError extends PullscopeError {
  /** What the bytes were checked as: "manifest", "index" or "config". */
  readonly subject: string;
  /** The sha256 of the bytes received. */
  readonly got: string;
  /** Each digest that named the bytes and disagrees, and who named it. */
  readonly mismatches: DigestCheck['mismatches'];

  constructor(check: DigestCheck) {
    const named = check.mismatches.find((m) => m.source !== 'Docker-Content-Digest');
    const header = check.mismatches.find((m) => m.source === 'Docker-Content-Digest');
    const size = check.sizeMismatches?.[0];
    // A config's layers are what the pull would fetch next: they, and the files and downloads made of them, are not.
    const nothing = check.subject === 'config' ? 'no layer was pulled' : 'nothing it names was pulled';
    const message = named
      ? `The registry served other bytes than the digest names: the ${named.source} names ${check.subject} ${named.digest}, but the ${check.subject} ` +
        `received hashes to ${check.computed}. It is not the image's ${check.subject}: it is shown as received, and ${nothing}.`
      : size && !header
        ? `The registry served other bytes than the digest names: the ${size.source} declares ${check.subject} ${sizeNamed(check, size.source)} of ` +
          `${size.size} bytes, but ${check.bytes} bytes were received. It is not the image's ${check.subject}: it is shown as received, and ${nothing}.`
        : `The registry's Docker-Content-Digest header and the bytes it sent disagree: the header says ${header?.digest}, but the ${check.subject} ` +
          `received hashes to ${check.computed}. Which image the tag names is not known, so nothing it names was pulled.`;
    super('DIGEST_MISMATCH', message, {
      suggestion: named || size
        ? 'A digest names exactly one content; docker, crane and containerd refuse this answer too. The registry, or a mirror or proxy in between, ' +
          'serves other content under this digest: pull the image from another registry, or ask its operator.'
        : 'Retry; if it persists, the registry (or a proxy in between) alters the manifest or its header. Pull by a digest you trust to compare.',
      status: 502,
    });
    this.subject = check.subject;
    this.got = check.computed;
    this.mismatches = check.mismatches;
  }

  protected override wireData() {
    return { subject: this.subject, got: this.got, mismatches: this.mismatches };
  }
}

/** The digest the claim of `source` gave, for a message about its size. */
function sizeNamed(check: DigestCheck, source: string): string {
  return check.claims.find((c) => c.source === source)?.digest ?? '';
}
