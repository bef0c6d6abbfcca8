/**
 * The image config of a Docker schema 1 manifest (manifest-v2-1.md). It has
 * no config blob: each `history[i].v1Compatibility` is a v1 image JSON, and
 * the first one (the top layer's) holds the image's config (Env, Cmd,
 * Entrypoint, labels…), as skopeo inspect and oci.dag.dev read it.
 *
 *   v1Compatibility ::= { id, parent?, created?, author?, architecture?, os?, throwaway?: boolean,
 *                         config?: container-config, container_config?: { Cmd?: string[] }, comment? }
 *
 * `history` and `fsLayers` run from the top layer down, one entry per layer
 * (a step that wrote no files has the empty tar's blobSum): reversed, step i
 * is layer i. Schema 1 records no diff_ids, so the layers are verified by
 * their digests alone.
 */
import type { ConfigView, HistoryRow } from './config-view';
import { toConfigView } from './config-view';
import { shortenCreatedBy } from './created-by';
import type { Schema1Manifest } from './documents';
import { salvageImageConfig } from './salvage-config';

/** What the page says about a schema 1 image's layers. */
export const SCHEMA1_NO_DIFF_IDS = 'A schema 1 manifest records no diff_ids: each layer is verified against its digest (blobSum) alone.';

/** The config view of a schema 1 manifest, and the text it was read from (the top v1Compatibility, indented). */
export function schema1ConfigView(manifest: Schema1Manifest): { view: ConfigView; raw: string; problems: string[] } {
  const steps = [...manifest.history].reverse().map((h) => readV1(h.v1Compatibility));
  const top = steps[steps.length - 1] ?? {};
  const text = JSON.stringify({
    architecture: stringOr(top.architecture, manifest.architecture),
    os: stringOr(top.os, 'linux'),
    ...(typeof top.created === 'string' && { created: top.created }),
    ...(typeof top.author === 'string' && { author: top.author }),
    // v1 JSON writes absent members as null, which the spec's config does not allow.
    ...(isObject(top.config) && { config: withoutNulls(top.config) }),
    rootfs: { type: 'layers', diff_ids: [] },
  });
  // The v1 JSON is the same config as a schema 2 one, written by older tools: what breaks the spec is set aside and named.
  const { config, problems } = salvageImageConfig(new TextEncoder().encode(text));
  const view = toConfigView(config, []);
  const history = steps.map((step, i): HistoryRow => {
    const createdBy = Array.isArray(step.container_config?.Cmd) ? step.container_config.Cmd.filter((c) => typeof c === 'string').join(' ') : '';
    return {
      step: i + 1,
      ...(typeof step.created === 'string' && { created: step.created }),
      createdBy,
      createdByShort: shortenCreatedBy(createdBy),
      ...(typeof step.author === 'string' && step.author !== '' && { author: step.author }),
      ...(typeof step.comment === 'string' && step.comment !== '' && { comment: step.comment }),
      emptyLayer: false,
      layerIndex: i,
    };
  });
  const raw = manifest.history.length > 0 ? indent(manifest.history[0].v1Compatibility) : '{}';
  return { view: { ...view, diffIdsMatchLayers: false, history, warnings: [SCHEMA1_NO_DIFF_IDS] }, raw, problems: problems.map((p) => p.message) };
}

interface V1Image {
  architecture?: unknown;
  os?: unknown;
  created?: unknown;
  author?: unknown;
  comment?: unknown;
  config?: unknown;
  container_config?: { Cmd?: unknown[] };
}

function readV1(text: string): V1Image {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? (value as V1Image) : {};
  } catch {
    return {};
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withoutNulls(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function indent(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
