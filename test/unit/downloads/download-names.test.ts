import { describe, expect, it } from 'vitest';
import { fileDownloadName, imageFileStem, layerBlobName } from '@/components/downloads/download-names';
import { hasHiddenCharacters } from '@/lib/visible-text';
import { parseReference, type Reference } from '@/lib/reference';

const hex = 'ab'.repeat(32);

describe('layerBlobName', () => {
  it.each([
    ['gzip', `sha256-${hex}.tar.gz`],
    ['zstd', `sha256-${hex}.tar.zst`],
    ['none', `sha256-${hex}.tar`],
    [undefined, `sha256-${hex}.tar`],
  ] as const)('names a %s layer %s', (compression, want) => {
    expect(layerBlobName(`sha256:${hex}`, compression)).toBe(want);
  });
});

describe('fileDownloadName', () => {
  it.each([
    ['hello', 'hello'],
    ['café.txt', 'café.txt'],
    ['日本語 notes.md', '日本語 notes.md'],
    ['new\nline', 'new_line'],
    ['tab\there', 'tab_here'],
    // A byte that was not UTF-8 (held as a lone surrogate): the browser would write U+FFFD.
    ['caf\udce9', 'caf_'],
    ['evil\u202etxt.exe', 'evil_txt.exe'],
    ['zero\u200bwidth', 'zero_width'],
    ['a:b*c?d"e<f>g|h\\i', 'a_b_c_d_e_f_g_h_i'],
    ['.profile', '_profile'],
    ['trailing. ', 'trailing__'],
    [' lead', '_lead'],
    ['..', '__'],
    ['~', '_'],
    ['', 'file'],
  ])('saves %j as %j', (name, want) => {
    expect(fileDownloadName(name)).toBe(want);
  });

  it('gives names the page shows as they are, and that it keeps as they are', () => {
    for (const name of ['a\x00b', 'x\u2028y', '\u{e0041}tag', 'ok.tar.gz', 'caf\udce9\udce8']) {
      const saved = fileDownloadName(name);
      expect(hasHiddenCharacters(saved, { reversible: true }), `${JSON.stringify(saved)} holds a character shown as an escape`).toBe(false);
      expect(fileDownloadName(saved)).toBe(saved);
    }
  });
});

describe('imageFileStem', () => {
  it.each([
    ['ubuntu:22.04', undefined, 'ubuntu-22.04'],
    ['localhost:5000/team/app:v1', 'linux/arm64/v8', 'app-v1-linux-arm64-v8'],
    [`ghcr.io/org/tool@sha256:${hex}`, undefined, `tool-sha256-${hex.slice(0, 12)}`],
    ['registry.example/app:Release_2.0', undefined, 'app-Release_2.0'],
  ])('names %s (platform %s) %s', (reference, platform, want) => {
    expect(imageFileStem(parseReference(reference), platform)).toBe(want);
  });
});

describe('imageFileStem of a local archive', () => {
  const local = (file: string, tag?: string): Reference => ({ registry: 'local archive', apiHost: '', repository: file, tag, digest: `sha256:${hex}` });
  it.each([
    ['a docker-archive, by its RepoTags', local('named.tar', '127.0.0.1:5000/test/layers:v1'), 'linux/amd64', 'layers-v1-linux-amd64'],
    ['an OCI layout, by its file and ref.name', local('pullscope-example.oci.tar', '1.0'), undefined, 'pullscope-example-1.0'],
    ['an unnamed image, by its file and digest', local('image.tar.gz'), undefined, `image-sha256-${hex.slice(0, 12)}`],
  ])('names %s', (_what, reference, platform, want) => {
    expect(imageFileStem(reference, platform)).toBe(want);
  });
});
