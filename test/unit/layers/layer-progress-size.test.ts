import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LayersPanel } from '@/components/layers/layers-panel';
import { LayerProgressFeed } from '@/components/layers/layer-progress-feed';
import type { LayerState } from '@/lib/pipeline/layer-scheduler';
import { toManifestView } from '@/lib/oci/manifest-view';
import { parseManifestDocument } from '@/lib/oci/parse';
import { dockerManifest, fakeDigest, jsonBytes } from '../oci/fixtures';

function state(over: Partial<LayerState>): LayerState {
  return { status: 'downloading', fromCache: false, compressedBytes: 0, uncompressedBytes: 0, bytesPerSecond: 0, entries: 0, ...over };
}

/** Each layer's progress line and its bar's words, as the panel draws them for these states. */
function progressOf(layers: LayerState[]): Array<{ line: string; words: string }> {
  const manifest = toManifestView(parseManifestDocument(jsonBytes(dockerManifest())), fakeDigest('manifest'));
  const html = renderToStaticMarkup(
    createElement(LayersPanel, { manifest, layers, progress: new LayerProgressFeed(), chainIds: [], onSelect: () => {}, onRetry: () => {} }),
  );
  const words = [...html.matchAll(/aria-valuetext="([^"]*)"/g)].map((m) => m[1]);
  const lines = [...html.matchAll(/<p class="mt-0\.5[^"]*">(.*?)<\/p>/g)].map((m) => m[1].replace(/<[^>]*>/g, ''));
  return lines.map((line, i) => ({ line, words: words[i] }));
}

describe("a layer's progress", () => {
  it.each([
    ['a layer of 0 bytes', state({ status: 'done', totalBytes: 0 }), { line: '0 B / 0 B · verified', words: '0 B of 0 B, verified' }],
    ['a layer of known size', state({ compressedBytes: 512, totalBytes: 2048 }), { line: '512 B / 2 KiB', words: '512 B of 2 KiB' }],
    ['a layer of unknown size', state({ compressedBytes: 512 }), { line: '512 B / ?', words: '512 B of an unknown size' }],
  ])('names the size of %s', (_name, layer, want) => {
    expect(progressOf([layer])).toEqual([want]);
  });

  it.each([
    ['before the answer', state({ totalBytes: 2048, silentMs: 5400 }), { line: '0 B / 2 KiB · waiting for the registry to answer (5 s)', words: '0 B of 2 KiB, waiting for the registry to answer (5 s)' }],
    ['in a stall, its speed fallen to nothing', state({ compressedBytes: 512, totalBytes: 2048, silentMs: 12_000 }), { line: '512 B / 2 KiB · nothing received for 12 s', words: '512 B of 2 KiB, nothing received for 12 s' }],
    ['in the ordinary gap between chunks', state({ compressedBytes: 512, totalBytes: 2048, bytesPerSecond: 1024, silentMs: 300 }), { line: '512 B / 2 KiB · 1 KiB/s', words: '512 B of 2 KiB' }],
  ])('says what a downloading layer waits for %s', (_name, layer, want) => {
    expect(progressOf([layer])).toEqual([want]);
  });
});
