// The document title of a view: it names the image as docker does, and what is open in it, and nothing else the URL held.
import { describe, expect, it } from 'vitest';
import { SITE_TITLE, viewTitle } from '@/components/inspector/page-title';

describe('viewTitle', () => {
  it.each([
    ['no image', {}, SITE_TITLE],
    ['an official image', { image: 'docker.io/library/ubuntu:24.04' }, 'ubuntu:24.04 — Pullscope'],
    ['a registry image', { image: 'ghcr.io/owner/app:1.2' }, 'ghcr.io/owner/app:1.2 — Pullscope'],
    ['an open file', { image: 'ubuntu:24.04', layer: 'merged', path: '/etc/os-release' }, '/etc/os-release · ubuntu:24.04 — Pullscope'],
    ['the merged filesystem alone', { image: 'ubuntu:24.04', layer: 'merged' }, 'ubuntu:24.04 — Pullscope'],
    ['a layer by its short digest', { image: 'ubuntu:24.04', layer: `sha256:${'ab'.repeat(32)}` }, 'layer sha256:abababababab · ubuntu:24.04 — Pullscope'],
    ['a local archive', { archive: 'the built-in example', path: '/app/current' }, '/app/current · the built-in example — Pullscope'],
    ['a reference that does not parse', { image: 'UPPER/Case::' }, SITE_TITLE],
  ])('%s', (_name, view, want) => {
    expect(viewTitle(view)).toBe(want);
  });

  it('writes the reference out again, so nothing but the reference reaches the title', () => {
    const title = viewTitle({ image: 'registry.example:5000/team/api@sha256:' + 'c'.repeat(64) });
    expect(title).toBe(`registry.example:5000/team/api@sha256:${'c'.repeat(64)} — Pullscope`);
  });
});
