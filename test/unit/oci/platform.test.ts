import { describe, expect, it } from 'vitest';
import type { Descriptor, ImageIndex, Platform } from '@/lib/oci/documents';
import {
  BadPlatformError,
  choosePlatform,
  describePlatform,
  formatPlatform,
  isAttestation,
  normalizePlatform,
  parsePlatform,
  samePlatform,
} from '@/lib/oci/platform';
import { parseManifestDocument } from '@/lib/oci/parse';
import { AMD64_MANIFEST, ARM64_MANIFEST, buildkitIndex, dockerManifestList, fakeDigest, jsonBytes } from './fixtures';

function parseIndex(doc: object): ImageIndex {
  const parsed = parseManifestDocument(jsonBytes(doc));
  if (parsed.kind !== 'index') throw new Error(`got kind ${parsed.kind}, want index`);
  return parsed.document;
}

describe('formatPlatform and describePlatform', () => {
  const cases: { p: Platform; format: string; describe: string }[] = [
    { p: { os: 'linux', architecture: 'amd64' }, format: 'linux/amd64', describe: 'linux/amd64' },
    { p: { os: 'linux', architecture: 'arm64', variant: 'v8' }, format: 'linux/arm64/v8', describe: 'linux/arm64/v8' },
    { p: { os: 'linux', architecture: 'arm', variant: '' }, format: 'linux/arm', describe: 'linux/arm' },
    {
      p: { os: 'windows', architecture: 'amd64', 'os.version': '10.0.17763.1234' },
      format: 'windows/amd64',
      describe: 'windows/amd64 (10.0.17763.1234)',
    },
  ];
  it.each(cases)('$format', (c) => {
    expect(formatPlatform(c.p)).toBe(c.format);
    expect(describePlatform(c.p)).toBe(c.describe);
  });
});

describe('parsePlatform', () => {
  it.each([
    ['linux/amd64', { os: 'linux', architecture: 'amd64' }],
    ['linux/arm64/v8', { os: 'linux', architecture: 'arm64', variant: 'v8' }],
    [' Linux/ARM/v7 ', { os: 'linux', architecture: 'arm', variant: 'v7' }],
    ['windows/amd64', { os: 'windows', architecture: 'amd64' }],
    ['linux/x86_64', { os: 'linux', architecture: 'x86_64' }],
  ])('reads %j', (input, want) => {
    expect(parsePlatform(input)).toEqual(want);
  });

  it.each([
    ['', /empty/],
    ['linux', /architecture must follow/],
    ['linux/', /architecture is empty/],
    ['/amd64', /os is empty/],
    ['linux/arm/v7/extra', /more than three/],
    ['linux/amd 64', /characters other than/],
    ['linux//v7', /architecture is empty/],
  ])('refuses %j', (input, message) => {
    let caught: unknown;
    try {
      parsePlatform(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(BadPlatformError);
    expect((caught as BadPlatformError).code).toBe('BAD_PLATFORM');
    expect((caught as BadPlatformError).status).toBe(400);
    expect((caught as Error).message).toMatch(message);
  });
});

describe('normalizePlatform', () => {
  it.each([
    [{ os: 'linux', architecture: 'arm64' }, 'linux/arm64/v8'],
    [{ os: 'linux', architecture: 'aarch64' }, 'linux/arm64/v8'],
    [{ os: 'linux', architecture: 'arm64', variant: '8' }, 'linux/arm64/v8'],
    [{ os: 'linux', architecture: 'arm' }, 'linux/arm/v7'],
    [{ os: 'linux', architecture: 'arm', variant: '6' }, 'linux/arm/v6'],
    [{ os: 'linux', architecture: 'armhf' }, 'linux/arm/v7'],
    [{ os: 'linux', architecture: 'armel' }, 'linux/arm/v6'],
    [{ os: 'linux', architecture: 'x86_64' }, 'linux/amd64'],
    [{ os: 'linux', architecture: 'i386' }, 'linux/386'],
    [{ os: 'macos', architecture: 'arm64' }, 'darwin/arm64/v8'],
  ])('%j -> %s', (p, want) => {
    expect(formatPlatform(normalizePlatform(p))).toBe(want);
  });

  it('tells arm v7 and arm v6 apart', () => {
    expect(samePlatform({ os: 'linux', architecture: 'arm', variant: 'v7' }, { os: 'linux', architecture: 'arm', variant: 'v6' })).toBe(false);
  });
});

describe('isAttestation', () => {
  const d = (extra: Partial<Descriptor>): Descriptor => ({
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: fakeDigest('x'),
    size: 1,
    ...extra,
  });
  it.each([
    ['BuildKit attestation', d({ platform: { os: 'unknown', architecture: 'unknown' }, annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } }), true],
    ['unknown/unknown platform alone', d({ platform: { os: 'unknown', architecture: 'unknown' } }), true],
    ['reference type annotation alone', d({ annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } }), true],
    ['linux/amd64 image', d({ platform: { os: 'linux', architecture: 'amd64' } }), false],
    ['no platform', d({}), false],
  ])('%s -> %s', (_name, desc, want) => {
    expect(isAttestation(desc)).toBe(want);
  });
});

describe('choosePlatform', () => {
  const list = parseIndex(dockerManifestList());
  const oci = parseIndex(buildkitIndex());

  it.each([
    ['linux/arm64/v8', ARM64_MANIFEST],
    ['linux/arm64', ARM64_MANIFEST],
    ['linux/aarch64', ARM64_MANIFEST],
    ['linux/amd64', AMD64_MANIFEST],
  ])('picks %s from the BuildKit index', (wanted, digest) => {
    const { chosen, reason } = choosePlatform(oci, wanted);
    expect(chosen?.digest, reason).toBe(digest);
  });

  it.each([
    ['linux/arm/v7', fakeDigest('arm v7')],
    ['linux/arm', fakeDigest('arm v7')],
    ['linux/arm/v5', fakeDigest('arm v5')],
    ['linux/386', fakeDigest('386')],
    ['windows/amd64', fakeDigest('windows')],
  ])('picks %s from the Docker list', (wanted, digest) => {
    expect(choosePlatform(list, wanted).chosen?.digest).toBe(digest);
  });

  it('defaults to linux/amd64 with no wish', () => {
    const { chosen, reason } = choosePlatform(list);
    expect(chosen?.digest).toBe(fakeDigest('amd64'));
    expect(reason).toMatch(/linux\/amd64/);
  });

  it('treats an empty wish as none', () => {
    expect(choosePlatform(oci, '').chosen?.digest).toBe(AMD64_MANIFEST);
  });

  it('takes the first image, never an attestation, when there is no linux/amd64', () => {
    const index: ImageIndex = { ...oci, manifests: [oci.manifests[2], oci.manifests[1], oci.manifests[3]] };
    const { chosen, reason } = choosePlatform(index);
    expect(chosen?.digest).toBe(ARM64_MANIFEST);
    expect(reason).toMatch(/first image/);
  });

  it('chooses nothing and lists what exists when the wished platform is absent', () => {
    const { chosen, reason } = choosePlatform(oci, 'linux/s390x');
    expect(chosen).toBeUndefined();
    expect(reason).toBe('The index has no linux/s390x image; it has: linux/amd64, linux/arm64/v8.');
  });

  it('never matches an attestation even when asked for unknown/unknown', () => {
    expect(choosePlatform(oci, 'unknown/unknown').chosen).toBeUndefined();
  });

  it('chooses nothing from an index of attestations only', () => {
    const { chosen, reason } = choosePlatform({ ...oci, manifests: oci.manifests.slice(2) });
    expect(chosen).toBeUndefined();
    expect(reason).toMatch(/only attestations/);
  });

  it('throws BadPlatformError for a malformed wish', () => {
    expect(() => choosePlatform(oci, 'linux')).toThrow(BadPlatformError);
  });

  it('escapes an index author’s bidi and zero-width characters in its own sentences, so they cannot turn them around', () => {
    const hostile: ImageIndex = {
      ...oci,
      manifests: [{ ...oci.manifests[1], platform: { os: 'linux\u202e<b>x</b>', architecture: 'amd64\u200b', variant: 'v\x1b' } }],
    };
    const first = choosePlatform(hostile).reason;
    expect(first).toBe('linux\\u202e<b>x</b>/amd64\\u200b/v\\x1b, the first image in the index (it has no linux/amd64)');
    const absent = choosePlatform(hostile, 'linux/s390x').reason;
    expect(absent).toBe('The index has no linux/s390x image; it has: linux\\u202e<b>x</b>/amd64\\u200b/v\\x1b.');
    for (const reason of [first, absent]) expect(reason, `got ${JSON.stringify(reason)}, want no raw format or control character`).not.toMatch(/[\p{Cf}\p{Cc}]/u);
  });
});
