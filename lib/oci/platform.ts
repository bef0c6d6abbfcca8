/**
 * Platforms: how they are written, read and matched.
 *
 *   platform-string ::= os "/" architecture [ "/" variant ]
 *   component       ::= [a-z0-9] [a-z0-9._-]*
 *
 * The string form is the one `docker pull --platform` takes and our share
 * links carry. Matching normalizes as containerd does (platforms/database.go,
 * normalizeOS and normalizeArch): aliases such as x86_64 and aarch64 mean
 * amd64 and arm64, arm64 without a variant is v8, arm without one is v7.
 */
import { PullscopeError } from '../errors';
import { visibleText } from '../visible-text';
import type { Descriptor, ImageIndex, Platform } from './documents';

const COMPONENT = /^[a-z0-9][a-z0-9._-]*$/;

/** The annotations BuildKit puts on attestation entries of an index (buildx docs, attestation storage). */
export const REFERENCE_TYPE_ANNOTATION = 'vnd.docker.reference.type';
/** The annotation naming the manifest an attestation describes. */
export const REFERENCE_DIGEST_ANNOTATION = 'vnd.docker.reference.digest';

/** A platform string that is not `os/arch[/variant]`. */
export class BadPlatformError extends PullscopeError {
  readonly input: string;

  constructor(input: string, problem: string) {
    super('BAD_PLATFORM', `"${visibleText(input)}" is not a platform: ${problem}`, {
      suggestion: 'Write a platform as os/architecture or os/architecture/variant, for example linux/amd64 or linux/arm64/v8.',
      status: 400,
    });
    this.input = input;
  }

  protected override wireData() {
    return { input: this.input };
  }
}

/** `os/arch[/variant]`, exactly as the platform is written (no normalization). */
export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter((part) => part !== undefined && part !== '').join('/');
}

/** The platform for people: `linux/arm64/v8`, with a Windows build appended: `windows/amd64 (10.0.17763.1234)`. */
export function describePlatform(p: Platform): string {
  const base = formatPlatform(p);
  return p['os.version'] ? `${base} (${p['os.version']})` : base;
}

/**
 * A platform inside a sentence of ours: an index's author wrote it, so a
 * character that would hide or reorder text (a bidi override turning the
 * sentence around it) reads as its escape.
 */
export function shownPlatform(p: Platform): string {
  return visibleText(formatPlatform(p));
}

/** Reads `os/arch[/variant]`, lowercased; aliases are kept as written (see normalizePlatform). */
export function parsePlatform(input: string): Platform {
  const text = input.trim().toLowerCase();
  if (text === '') throw new BadPlatformError(input, 'it is empty');
  const parts = text.split('/');
  if (parts.length < 2) throw new BadPlatformError(input, 'an architecture must follow the os, after a "/"');
  if (parts.length > 3) throw new BadPlatformError(input, 'it has more than three parts');
  parts.forEach((part, i) => {
    const name = ['os', 'architecture', 'variant'][i];
    if (part === '') throw new BadPlatformError(input, `the ${name} is empty`);
    if (!COMPONENT.test(part)) throw new BadPlatformError(input, `the ${name} "${visibleText(part)}" has characters other than a-z, 0-9, ".", "_" and "-"`);
  });
  const [os, architecture, variant] = parts;
  return variant === undefined ? { os, architecture } : { os, architecture, variant };
}

/** The platform with containerd's aliases resolved and default variants made explicit. */
export function normalizePlatform(p: Platform): { os: string; architecture: string; variant: string } {
  let os = p.os.toLowerCase();
  if (os === 'macos') os = 'darwin';
  let architecture = p.architecture.toLowerCase();
  let variant = (p.variant ?? '').toLowerCase();
  switch (architecture) {
    case 'i386':
      architecture = '386';
      variant = '';
      break;
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      architecture = 'amd64';
      if (variant === 'v1') variant = '';
      break;
    case 'aarch64':
    case 'arm64':
      architecture = 'arm64';
      if (variant === '' || variant === '8' || variant === 'v8.0') variant = 'v8';
      else if (variant === '9' || variant === '9.0' || variant === 'v9.0') variant = 'v9';
      break;
    case 'armhf':
      architecture = 'arm';
      variant = 'v7';
      break;
    case 'armel':
      architecture = 'arm';
      variant = 'v6';
      break;
    case 'arm':
      if (variant === '' || variant === '7') variant = 'v7';
      else if (variant === '5' || variant === '6' || variant === '8') variant = `v${variant}`;
      break;
  }
  return { os, architecture, variant };
}

/** True when two platforms mean the same os, architecture and variant after normalization. */
export function samePlatform(a: Platform, b: Platform): boolean {
  const x = normalizePlatform(a);
  const y = normalizePlatform(b);
  return x.os === y.os && x.architecture === y.architecture && x.variant === y.variant;
}

/**
 * True for an index entry that is an attestation, not a runnable image:
 * BuildKit marks them with `vnd.docker.reference.type` and the platform unknown/unknown.
 */
export function isAttestation(desc: Descriptor): boolean {
  if (desc.annotations?.[REFERENCE_TYPE_ANNOTATION] !== undefined) return true;
  return desc.platform?.os === 'unknown' && desc.platform?.architecture === 'unknown';
}

/** The index entry a pull would take, and why. */
export interface PlatformChoice {
  chosen: Descriptor | undefined;
  reason: string;
}

const DEFAULT_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' };

/**
 * Picks the manifest to pull from an index: the wanted platform if given
 * (absent means no choice, with the platforms there are), else linux/amd64,
 * else the first entry that is not an attestation.
 */
export function choosePlatform(index: ImageIndex, wanted?: string): PlatformChoice {
  const images = index.manifests.filter((d) => !isAttestation(d));
  const available = images.filter((d) => d.platform).map((d) => shownPlatform(d.platform as Platform));
  const listing = available.length > 0 ? available.join(', ') : 'none with a platform';

  if (wanted !== undefined && wanted.trim() !== '') {
    const want = parsePlatform(wanted);
    const chosen = images.find((d) => d.platform && samePlatform(d.platform, want));
    if (chosen) return { chosen, reason: `${shownPlatform(chosen.platform as Platform)} as asked` };
    return { chosen: undefined, reason: `The index has no ${shownPlatform(want)} image; it has: ${listing}.` };
  }
  const linuxAmd64 = images.find((d) => d.platform && samePlatform(d.platform, DEFAULT_PLATFORM));
  if (linuxAmd64) return { chosen: linuxAmd64, reason: 'linux/amd64, the default when no platform is asked for' };
  const first = images[0];
  if (first) {
    const name = first.platform ? shownPlatform(first.platform) : 'an entry without a platform';
    return { chosen: first, reason: `${name}, the first image in the index (it has no linux/amd64)` };
  }
  return {
    chosen: undefined,
    reason: index.manifests.length === 0 ? 'The index lists no manifests.' : 'The index lists only attestations, no image.',
  };
}
