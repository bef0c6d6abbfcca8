/**
 * The page's downloads as streams, wired from what the page already holds:
 * layer blobs and layer tars come from the layer workers (the tab's cache
 * first, verified while they stream, inflated off the main thread); image
 * documents are fetched again through the proxy, because an archive must
 * hold the registry's exact bytes and the inspection keeps only their
 * decoded text. Assembling a tar or a zip is byte shuffling, cheap enough
 * for the main thread.
 */
import type { BytesOrigin } from '@/lib/bytes-origin';
import { dockerArchive } from '@/lib/archive/docker-archive';
import type { ArchiveFile } from '@/lib/archive/archive-file';
import { blobPath, ociLayoutEntries, type ImageContent } from '@/lib/archive/oci-layout';
import { flattenRootfs } from '@/lib/archive/rootfs';
import { zipLength, zipStream } from '@/lib/archive/zip';
import { DigestMismatchError, sha256Digest } from '@/lib/digest';
import { UnexpectedError } from '@/lib/errors';
import type { ImageSource } from '@/lib/inspect/image-source';
import type { InspectionState } from '@/lib/inspect/inspect-image';
import type { Descriptor } from '@/lib/oci/documents';
import type { LayerWorkerPool } from '@/lib/pipeline/layer-worker-pool';
import type { LayerSource } from '@/lib/pipeline/messages';
import type { LayerResult } from '@/lib/pipeline/process-layer';
import type { TraceSink } from '@/lib/registry/trace';
import { labelledSink } from '@/lib/trace/label-trace';
import { visibleText } from '@/lib/visible-text';
import { dockerRepoTag } from './docker-repo-tag';
import type { LayersView } from '@/components/layers/use-layers';

/** A download ready to save: its bytes and how many there will be. */
export interface PreparedDownload {
  stream: ReadableStream<Uint8Array>;
  /** Exact length in bytes, or an estimate when `approximate`. */
  total?: number;
  approximate?: boolean;
  /** Entries the download leaves out, each with why: said after the save, beside "saved". */
  leftOut?: readonly LeftOutEntry[];
}

/** An entry of the image that a download could not hold. */
export interface LeftOutEntry {
  path: string;
  message: string;
}

/** What the archive builders read from the page. */
export interface ArchiveContext {
  state: InspectionState;
  layers: LayersView;
  pool: Pick<LayerWorkerPool, 'streamBlob' | 'streamLayerTar'>;
  /** Where documents come from: the registry through the proxy, or a local archive. */
  client: ImageSource;
  /** For a local archive: its blobs, read from the file (the proxy knows nothing of them). */
  blobOf?: (digest: string) => Promise<Blob>;
  /** Origin of the Pullscope server, for the workers' blob requests. */
  proxyOrigin: string;
  credentials?: { username: string; password: string };
  /** Hears the proxy's exchanges for each blob a worker had to fetch (not in the tab's cache), labelled with what it was for. */
  onTrace?: TraceSink;
}

/** Which platforms an OCI layout holds: the one on the page, or every one the index lists. */
export type OciScope = 'platform' | 'all';

/** Layer `i`'s blob exactly as the registry stores it. */
export function layerBlobDownload(ctx: ArchiveContext, i: number): PreparedDownload {
  const source = ctx.layers.sourceOf(i);
  if (!source) throw new UnexpectedError(`layer ${i + 1} has no source to read it from`);
  return { stream: ctx.pool.streamBlob(source, traceOf(ctx, layerLabel(ctx, i))), total: source.size };
}

/** The merged filesystem as one tar; needs the merged tree (every layer verified). */
export function rootfsDownload(ctx: ArchiveContext): PreparedDownload {
  const tree = ctx.layers.merged;
  if (!tree) throw new UnexpectedError('the merged filesystem is not ready');
  const rootfs = flattenRootfs({ tree, openLayerTar: (i) => layerTar(ctx, i) });
  // Headers, PAX records and padding are not known before the layer tars
  // are read; about 1.5 blocks an entry is close for typical images.
  return {
    stream: rootfs.readable,
    total: rootfs.contentBytes + rootfs.entries * 768 + 1024,
    approximate: true,
    leftOut: rootfs.warnings.map(({ path, message }) => ({ path, message })),
  };
}

/** A tar `docker load` accepts, of the platform on the page; needs every layer verified. */
export async function dockerArchiveDownload(ctx: ArchiveContext, signal?: AbortSignal): Promise<PreparedDownload> {
  const { reference, manifest } = ctx.state;
  const configView = manifest?.view.config;
  if (!configView) throw new UnexpectedError('the image has no config to put in a docker-archive');
  const fetched = await ctx.client.getConfigBlob(reference, configView.digest, signal);
  const got = await sha256Digest(fetched.bytes);
  if (got !== configView.digest) throw new DigestMismatchError('config', configView.digest, got, fetched.bytes.length, originOf(ctx));
  // The workers check each layer tar against the config's diff_id as it streams (layerTar): no second hash here, on the page's thread.
  const layers = ctx.layers.layers.map((_, i) => {
    const result = resultOf(ctx, i);
    return { size: result.uncompressedBytes, open: () => layerTar(ctx, i), verified: result.diffId.want !== undefined };
  });
  // A local archive's reference is the page's label for its file, with the archive's own name for the image as its tag.
  const repoTag = dockerRepoTag(reference, reference.apiHost === '');
  const archive = await dockerArchive({ config: fetched.bytes, layers, repoTag, origin: originOf(ctx) });
  return { stream: archive.readable, total: archive.length };
}

/** The image as a zipped OCI image layout: the platform on the page, or all platforms of the index. */
export async function ociLayoutDownload(ctx: ArchiveContext, scope: OciScope, signal?: AbortSignal): Promise<PreparedDownload> {
  const { reference, index, manifest, platform } = ctx.state;
  const documents = new Map<string, Promise<Uint8Array>>();
  // Each document once, by digest: ociLayoutEntries checks its digest and size against the descriptor.
  const fetchDocument = (digest: string): Promise<Uint8Array> => {
    let bytes = documents.get(digest);
    if (!bytes) {
      bytes = ctx.client.getManifest(reference, digest, signal).then((f) => f.bytes);
      documents.set(digest, bytes);
    }
    return bytes;
  };
  const content: ImageContent = {
    manifest: (d) => fetchDocument(d.digest),
    blob: (d) => (ctx.blobOf ? localBlobStream(ctx.blobOf, d.digest) : ctx.pool.streamBlob(blobSource(ctx, d), traceOf(ctx, `blob ${d.digest}`))),
    origin: originOf(ctx),
  };
  // The platform's manifest, found through nested indexes, is the layout's image itself: the top index's entry is no image.
  const throughNested = ctx.state.nested !== undefined && scope === 'platform';
  const top = throughNested ? manifest?.view : (index?.view ?? manifest?.view);
  if (!top) throw new UnexpectedError('the image has no manifest yet');
  const root: Descriptor = { mediaType: top.mediaType, digest: top.digest, size: (await fetchDocument(top.digest)).length };
  const onePlatform = index !== undefined && scope === 'platform' && !throughNested ? platform?.chosen : undefined;
  if (index !== undefined && scope === 'platform' && !throughNested && onePlatform === undefined) {
    throw new UnexpectedError('no platform of the index is chosen');
  }
  // A non-distributable layer this page verified goes in, so the layout unpacks with no network (umoci needs every
  // layer; skopeo would fetch it from its URLs); one it has not is left out, and the outcome says so.
  const verified = new Set(ctx.layers.layers.flatMap((l) => (l.result?.digest.ok ? [l.result.digest.got] : [])));
  const leftOut: LeftOutEntry[] = [];
  const onLeftOut = (d: Descriptor) => leftOut.push({ path: blobPath(d.digest), message: foreignLayerLeftOut(d) });
  // Documents are small and needed for the sizes the zip declares up front;
  // blobs are opened only when the zip writer reaches them.
  const files: ArchiveFile[] = [];
  for await (const file of ociLayoutEntries({ root, tag: reference.tag, platform: onePlatform, content, holdsForeignBlob: (d) => verified.has(d.digest), onLeftOut })) {
    files.push(file);
  }
  return { stream: zipStream(files), total: zipLength(files), leftOut };
}

/** Why a layout lacks a non-distributable layer, and what that means for the tools that read it. */
function foreignLayerLeftOut(d: Descriptor): string {
  const urls = (d.urls ?? []).map((url) => visibleText(url)).join(', ');
  return (
    `${blobPath(d.digest)}: non-distributable layer left out, as this page has not fetched and verified it (its publisher serves it from ${urls}). ` +
    'umoci unpack needs it in the layout; skopeo copy fetches it from those URLs.'
  );
}

function resultOf(ctx: ArchiveContext, i: number): LayerResult {
  const result = ctx.layers.layers[i]?.result;
  if (!result) throw new UnexpectedError(`layer ${i + 1} is not verified yet`);
  return result;
}

/** Layer `i`'s uncompressed tar, inflated in a worker and checked against its diff_id. */
function layerTar(ctx: ArchiveContext, i: number): ReadableStream<Uint8Array> {
  const result = resultOf(ctx, i);
  const source = ctx.layers.sourceOf(i);
  if (!source) throw new UnexpectedError(`layer ${i + 1} has no source to read it from`);
  return ctx.pool.streamLayerTar(source, {
    compression: result.compression,
    platformDecoded: result.platformDecoded,
    diffId: result.diffId.want ?? result.diffId.got,
    size: result.uncompressedBytes,
    layerNumber: i + 1,
  }, traceOf(ctx, layerLabel(ctx, i)));
}

function layerLabel(ctx: ArchiveContext, i: number): string {
  return `layer ${i + 1} of ${ctx.layers.layers.length}`;
}

function traceOf(ctx: ArchiveContext, label: string) {
  return labelledSink(ctx.onTrace, `download, ${label}`);
}

/** Where a worker fetches any blob of the inspected repository (other platforms' layers, configs, attestations). */
function blobSource(ctx: ArchiveContext, d: Descriptor): LayerSource {
  const { apiHost, repository } = ctx.state.reference;
  const c = ctx.credentials;
  return {
    proxyOrigin: ctx.proxyOrigin,
    apiHost,
    repository,
    digest: d.digest,
    size: d.size,
    mediaType: d.mediaType,
    ...(c && (c.username || c.password) ? { credentials: c } : {}),
  };
}

/** Where an archive's content comes from: a local archive's file, or the registry. */
function originOf(ctx: ArchiveContext): BytesOrigin {
  return ctx.blobOf ? 'local file' : 'registry';
}

/** A blob of a local archive as a stream, opened when first read (the layout writer checks its digest and size). */
function localBlobStream(blobOf: (digest: string) => Promise<Blob>, digest: string): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      reader ??= (await blobOf(digest)).stream().getReader();
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader?.cancel(reason);
    },
  });
}
