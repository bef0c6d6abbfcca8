// A descriptor's annotations (a layer's title, the config descriptor's) are
// shown where the descriptor is: on the layer's card and under the manifest's
// config, as text; only an http(s) value is a link.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LayersPanel } from '@/components/layers/layers-panel';
import { LayerProgressFeed } from '@/components/layers/layer-progress-feed';
import { ManifestPanel } from '@/components/inspector/manifest-panel';
import { checkDigest } from '@/lib/inspect/digest-check';
import { MediaType } from '@/lib/oci/media-types';
import { toManifestView } from '@/lib/oci/manifest-view';
import { parseManifestDocument } from '@/lib/oci/parse';
import { parseReference } from '@/lib/reference';

const digest = (c: string) => `sha256:${c.repeat(64)}`;
const layerAnnotations = {
  'org.opencontainers.image.title': 'rootfs.tar.gz',
  'org.example.note': '<img src=x onerror=alert(1)>',
  'org.example.script': 'javascript:alert(1)',
  'org.opencontainers.image.source': 'https://example.com/app',
};
const bytes = new TextEncoder().encode(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: MediaType.OciManifest,
    config: { mediaType: MediaType.OciConfig, digest: digest('c'), size: 2, annotations: { 'org.example.config-note': 'built by ci' } },
    layers: [
      { mediaType: MediaType.OciLayerGzip, digest: digest('a'), size: 10, annotations: layerAnnotations },
      { mediaType: MediaType.OciLayerGzip, digest: digest('b'), size: 10 },
    ],
  }),
);
const view = toManifestView(parseManifestDocument(bytes, MediaType.OciManifest), digest('d'));

/** The Layers panel's markup, one piece per layer card. */
function layerCards(): string[] {
  const html = renderToStaticMarkup(
    createElement(LayersPanel, { manifest: view, layers: [], progress: new LayerProgressFeed(), chainIds: [], onSelect: () => {}, onRetry: () => {} }),
  );
  return html.split('data-testid="layer-status"').slice(1);
}

describe("a layer descriptor's annotations", () => {
  it("are listed on that layer's card, key and value, and on no other", () => {
    const [first, second] = layerCards();
    expect(first).toContain('data-testid="layer-annotations"');
    expect(second, 'got annotations on a layer without any, want none').not.toContain('data-testid="layer-annotations"');
    for (const key of Object.keys(layerAnnotations)) expect(first, `got no ${key} on the card`).toContain(key);
    expect(first).toContain('rootfs.tar.gz');
  });

  it('are text: markup stays text, and only an http(s) address is a link', () => {
    const [first] = layerCards();
    expect(first, 'got an element made from a value').not.toContain('<img');
    expect(first).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(first).toContain('javascript:alert(1)');
    expect(first).not.toContain('href="javascript:');
    expect(first.match(/<a [^>]*href="[^"]*"/g)?.map((a) => /href="([^"]*)"/.exec(a)?.[1])).toEqual(['https://example.com/app']);
  });
});

describe("the config descriptor's annotations", () => {
  it('are listed under the config in the manifest panel', async () => {
    const check = await checkDigest('manifest', bytes, []);
    const html = renderToStaticMarkup(
      createElement(ManifestPanel, { manifest: { view, raw: new TextDecoder().decode(bytes), check, warnings: [] }, reference: parseReference('example.com/app:v1') }),
    );
    const shown = html.split('data-testid="config-descriptor-annotations"')[1] ?? '';
    expect(shown, 'got no config descriptor annotations').toContain('Config descriptor annotations');
    expect(shown).toContain('org.example.config-note');
    expect(shown).toContain('built by ci');
  });
});
