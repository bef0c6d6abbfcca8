/**
 * What a pull does before any layer moves: resolve the reference to a
 * manifest (through an index for multi-platform images), fetch the config,
 * and check every document's digest over the exact bytes received. Each stage
 * is published as soon as it is known, so the page fills in step by step.
 */
import type { Reference } from '../reference';
import { parseManifestDocument, type ParsedManifest } from '../oci/parse';
import { salvageImageConfig } from '../oci/salvage-config';
import { schema1ConfigView } from '../oci/schema1-config';
import { schema1Payload } from '../oci/schema1-payload';
import { sha256Digest } from '../digest';
import { choosePlatform, formatPlatform } from '../oci/platform';
import { toIndexView, type IndexView } from '../oci/index-view';
import { toManifestView, type ManifestView } from '../oci/manifest-view';
import { artifactConfigView, toConfigView, type ConfigView } from '../oci/config-view';
import { isImageConfigMediaType, isIndexMediaType } from '../oci/media-types';
import { chainIds } from '../oci/chain-id';
import type { ImageManifest } from '../oci/documents';
import { checkDigest, type ClaimInput, type DigestCheck } from './digest-check';
import { singleImagePlatformWarning } from './platform-warning';
import type { ImageSource } from './image-source';
import { fetchByDigest, fetchTopManifest, type DocumentCache, type DocumentSource } from './document-cache';
import { explainMissingTag } from './missing-tag';
import { SubstitutedDocumentError } from './substituted-document';
import { MAX_NESTED_INDEXES, NestedIndexTooDeepError } from './nested-index-too-deep';

/** Everything known so far about one inspected image; fields fill in as stages finish. */
export interface InspectionState {
  reference: Reference;
  /** The digest the reference resolved to (of the index, or of the manifest). */
  resolvedDigest?: string;
  index?: { view: IndexView; raw: string; check: DigestCheck };
  /** Indexes named by an index entry, outermost first, each followed to find the platform. */
  nested?: Array<{ view: IndexView; raw: string; check: DigestCheck }>;
  platform?: { chosen?: string; reason: string };
  manifest?: { view: ManifestView; raw: string; check: DigestCheck; warnings: string[] };
  /** `problems`: how the config breaks the spec (what was set aside to read the rest), when it does. */
  config?: { view: ConfigView; raw: string; check: DigestCheck; chainIds: string[]; problems?: string[] };
  /** How the documents were obtained; set when a DocumentCache is in use. */
  fetched?: FetchedFrom;
}

/** Where each document came from, and what that means for a registry's pull count. */
export interface FetchedFrom {
  top: DocumentSource;
  manifest?: DocumentSource;
  config?: DocumentSource;
  /** Said on the page when a HEAD saved a GET. */
  note?: string;
}

export interface InspectOptions {
  /** The registry through the proxy (ProxyClient), or a local archive. */
  client: ImageSource;
  /** `os/arch[/variant]` the user asked for, if any. */
  platform?: string;
  signal?: AbortSignal;
  onUpdate?: (state: InspectionState) => void;
  /** The tab's verified documents: re-inspecting uses a HEAD and skips GETs of what is held. */
  documentCache?: DocumentCache;
}

/** Resolves and checks an image's index, manifest and config. */
export async function inspectImage(reference: Reference, options: InspectOptions): Promise<InspectionState> {
  const { client, signal, documentCache: cache } = options;
  const location = { apiHost: reference.apiHost, repository: reference.repository };
  let state: InspectionState = { reference };
  const publish = (next: InspectionState) => {
    state = next;
    options.onUpdate?.(state);
  };

  const topRef = topManifestReference(reference);
  const { document: top, source: topSource } = await fetchTopManifest(client, cache, location, topRef, signal).catch(async (err: unknown) => {
    throw await explainMissingTag(err, client, location, topRef, signal);
  });
  const topParsed = parseManifestDocument(top.bytes, top.contentType);
  // A synthesized manifest's digest in the reference is its own, computed from these very bytes: no claim to check.
  const topCheck = top.synthesized
    ? { ...(await checkDigest(describeKind(topParsed), top.bytes, [])), synthesized: true as const }
    : await checkManifest(topParsed, top.bytes, [
        { source: 'reference', digest: reference.digest },
        { source: 'Docker-Content-Digest', digest: top.registryDigest },
      ]);
  if (!topCheck.ok) {
    // Shown as received, marked as not the image asked for; the reference resolved to nothing.
    const raw = decode(top.bytes);
    publish(
      topParsed.kind === 'index'
        ? { ...state, index: { view: toIndexView(topParsed, topCheck.computed), raw, check: topCheck } }
        : { ...state, manifest: { view: toManifestView(topParsed, topCheck.computed), raw, check: topCheck, warnings: topParsed.warnings } },
    );
    throw new SubstitutedDocumentError(topCheck);
  }
  cache?.add(topCheck.computed, top, location);
  let fetched: FetchedFrom | undefined = cache && { top: topSource, ...headNote(topSource, topRef) };
  publish({ ...state, resolvedDigest: topCheck.computed, ...(fetched ? { fetched } : {}) });

  let manifestParsed: ParsedManifest = topParsed;
  let manifestBytes = top.bytes;
  let manifestCheck = topCheck;
  const warnings = [...topParsed.warnings, ...(top.note ? [top.note] : [])];

  if (topParsed.kind === 'index') {
    publish({ ...state, index: { view: toIndexView(topParsed, topCheck.computed), raw: decode(top.bytes), check: topCheck } });
    // An entry may itself be an index (a nested index): the platform is looked for through it, as containerd does,
    // each nested index verified against the entry that named it and shown with its own entries.
    let parent = topParsed.document;
    const nested: NonNullable<InspectionState['nested']> = [];
    for (;;) {
      const choice = choosePlatform(parent, options.platform);
      // A platform asked for and not listed may be inside an entry that is an index without a platform of its own.
      const entry = choice.chosen ?? parent.manifests.find((d) => !d.platform && isIndexMediaType(d.mediaType));
      publish({
        ...state,
        platform: { chosen: choice.chosen?.platform ? formatPlatform(choice.chosen.platform) : undefined, reason: choice.reason },
      });
      if (!entry) return state;
      const childDigest = entry.digest;
      const { document: child, source } = await fetchByDigest(cache, childDigest, () => client.getManifest(location, childDigest, signal));
      if (fetched) fetched = { ...fetched, manifest: source };
      manifestParsed = parseManifestDocument(child.bytes, child.contentType);
      manifestBytes = child.bytes;
      manifestCheck = await checkManifest(manifestParsed, child.bytes, [
        { source: 'index', digest: childDigest, size: entry.size },
        { source: 'Docker-Content-Digest', digest: child.registryDigest },
      ]);
      warnings.push(...manifestParsed.warnings, ...(child.note ? [child.note] : []));
      if (!manifestCheck.ok) {
        const view = toManifestView(manifestParsed, manifestCheck.computed);
        publish({ ...state, manifest: { view, raw: decode(child.bytes), check: manifestCheck, warnings }, ...(fetched ? { fetched } : {}) });
        throw new SubstitutedDocumentError(manifestCheck);
      }
      cache?.add(manifestCheck.computed, child, location);
      if (manifestParsed.kind !== 'index') break;
      if (nested.length === MAX_NESTED_INDEXES) throw new NestedIndexTooDeepError(MAX_NESTED_INDEXES);
      nested.push({ view: toIndexView(manifestParsed, manifestCheck.computed), raw: decode(child.bytes), check: manifestCheck });
      publish({ ...state, nested: [...nested] });
      parent = manifestParsed.document;
    }
  }

  const manifestView = toManifestView(manifestParsed, manifestCheck.computed);
  publish({
    ...state,
    manifest: { view: manifestView, raw: decode(manifestBytes), check: manifestCheck, warnings },
    ...(fetched ? { fetched } : {}),
  });
  if (manifestParsed.kind === 'schema1') {
    // Schema 1 has no config blob: the config is the top layer's v1 JSON inside the manifest just verified.
    const { view, raw, problems } = schema1ConfigView(manifestParsed.document);
    const embedded = manifestParsed.document.history[0]?.v1Compatibility ?? '';
    const check = { ...(await checkDigest('config', new TextEncoder().encode(embedded), [])), embedded: 'history[0].v1Compatibility' };
    publish({ ...state, config: { view, raw, check, chainIds: [], ...(problems.length > 0 && { problems }) } });
    return state;
  }
  if (manifestParsed.kind !== 'manifest') return state;

  const manifest: ImageManifest = manifestParsed.document;
  const configDigest = manifest.config.digest;
  const { document: configBlob, source: configSource } = await fetchByDigest(cache, configDigest, () =>
    client.getConfigBlob(location, configDigest, signal),
  );
  if (fetched) fetched = { ...fetched, config: configSource };
  const configCheck = await checkDigest('config', configBlob.bytes, [
    { source: 'manifest', digest: manifest.config.digest, size: manifest.config.size },
    { source: 'Docker-Content-Digest', digest: configBlob.registryDigest },
  ]);
  // An artifact's config (the empty descriptor, a chart's) is verified and shown as sent, not read as an image's.
  // An image config that breaks the spec is its verified bytes all the same: shown as far as it reads, its problems named,
  // and its layers still pulled (verified by digest where no diff_id pairs with them).
  const salvaged = isImageConfigMediaType(manifest.config.mediaType) ? salvageImageConfig(configBlob.bytes) : undefined;
  const config = salvaged?.config;
  const problems = salvaged?.problems.map((p) => p.message) ?? [];
  const view = config ? toConfigView(config, manifest.layers) : artifactConfigView(manifest.config.mediaType);
  if (!configCheck.ok) {
    // Not the image's config: shown as received and marked, and the pull stops before its layers, as docker and crane stop.
    publish({ ...state, config: { view, raw: decode(configBlob.bytes), check: configCheck, chainIds: [] }, ...(fetched ? { fetched } : {}) });
    throw new SubstitutedDocumentError(configCheck);
  }
  cache?.add(configCheck.computed, configBlob, location);
  // Without an index there was no platform to choose: a platform asked for and not met is said, not silently dropped.
  const platformWarning = topParsed.kind === 'index' || !config ? undefined : singleImagePlatformWarning(options.platform, config);
  publish({
    ...state,
    ...(platformWarning && state.manifest ? { manifest: { ...state.manifest, warnings: [...state.manifest.warnings, platformWarning] } } : {}),
    config: {
      view,
      raw: decode(configBlob.bytes),
      check: configCheck,
      chainIds: config ? await chainIds(config.rootfs.diff_ids) : [],
      ...(problems.length > 0 && { problems }),
    },
    ...(fetched ? { fetched } : {}),
  });
  return state;
}

/** What the first manifest request names: the digest when the reference pins one, else the tag (`latest` by default). */
export function topManifestReference(reference: Reference): string {
  return reference.digest ?? reference.tag ?? 'latest';
}

function headNote(source: DocumentSource, reference: string): { note?: string } {
  if (source !== 'head-then-cache') return {};
  return {
    note: `Resolved ${reference} with a HEAD request and reused the manifest this tab already verified. On Docker Hub a HEAD does not count as a pull; a manifest GET does.`,
  };
}

/**
 * A manifest's digest check. A signed schema 1 manifest is named by its payload without the signatures
 * (schema1-payload.ts): a claim naming that payload is met too, as docker and crane accept it.
 */
async function checkManifest(parsed: ParsedManifest, bytes: Uint8Array, claims: ClaimInput[]): Promise<DigestCheck> {
  const check = await checkDigest(describeKind(parsed), bytes, claims);
  const payload = check.ok || parsed.kind !== 'schema1' ? undefined : schema1Payload(bytes, parsed.document);
  if (!payload) return check;
  const payloadDigest = await sha256Digest(payload);
  const mismatches = check.mismatches.filter((m) => m.digest !== payloadDigest);
  return { ...check, mismatches, ok: mismatches.length === 0 && !check.sizeMismatches };
}

function describeKind(parsed: ParsedManifest): string {
  return parsed.kind === 'index' ? 'index' : 'manifest';
}

function decode(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}
