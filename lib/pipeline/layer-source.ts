/**
 * Where a worker gets a layer's bytes: the tab's blob store when the blob was
 * verified before, else the registry through the Pullscope proxy, copying the
 * bytes into the store as they pass. The copy is committed only by the
 * caller, after the digest held.
 */
import { ProxyClient } from '../inspect/proxy-client';
import type { TraceEntry } from '../registry/trace';
import { bestEffortCopy, isCacheable, writeThrough, type BlobStore, type BlobWriter } from './blob-store';
import { BrokenTransferError } from './broken-transfer-error';
import type { LayerSource } from './messages';
import { isContentFault } from './stored-copy-error';

/** What a worker needs to reach blobs. */
export interface LayerSourceDeps {
  store: BlobStore;
  /** fetch to reach the proxy with (tests inject an in-process one). */
  fetch?: typeof fetch;
  /** Receives the proxy's upstream exchanges for each blob fetched from the network (the pull trace). */
  onTrace?: (entries: TraceEntry[]) => void;
}

/** An opened blob: its bytes, whether they come from the store, and the store copy to commit or abort. */
export interface OpenedBlob {
  body: ReadableStream<Uint8Array>;
  fromCache: boolean;
  /** Present when the bytes are being copied into the store. */
  writer?: BlobWriter;
  /** The proxy's exchanges for a blob from the network, as reported when its answer began. */
  trace?: TraceEntry[];
}

/** The blob from the store, or undefined when it is not stored (or the source is a local file, whose own bytes must be checked). */
export async function openCached(source: LayerSource, deps: LayerSourceDeps): Promise<OpenedBlob | undefined> {
  if (source.local) return undefined;
  const body = await deps.store.open(source.digest);
  return body ? { body, fromCache: true } : undefined;
}

/**
 * The blob from the network (or the local file of `source.local`), copied into
 * the store as it passes when it is public, its declared size allows and `copy`
 * is not false.
 */
export async function openFromNetwork(source: LayerSource, deps: LayerSourceDeps, signal?: AbortSignal, copy = true): Promise<OpenedBlob> {
  // A local archive's bytes are read where they are, and not copied into the store.
  if (source.local) return { body: source.local.blob.stream(), fromCache: false };
  const trace: TraceEntry[] = [];
  const onTrace = (entries: TraceEntry[]) => {
    trace.push(...entries);
    deps.onTrace?.(entries);
  };
  const client = new ProxyClient({ fetch: deps.fetch, origin: source.proxyOrigin, credentials: source.credentials, onTrace });
  const response = await client.getBlob({ apiHost: source.apiHost, repository: source.repository }, source.digest, signal);
  const body = response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
  // A blob read with credentials is private: like the proxy's no-store answer, it is never kept past the pull.
  if (!copy || !isCacheable(source.size) || source.credentials) return { body, fromCache: false, trace };
  const opened = await deps.store.writer(source.digest).catch(() => undefined);
  // A store that cannot take the blob (quota, private mode) must not stop the pull, at the start or part way.
  if (!opened) return { body, fromCache: false, trace };
  const writer = bestEffortCopy(opened);
  return { body: writeThrough(body, writer, signal), fromCache: false, writer, trace };
}

/**
 * Reports again the exchange whose body broke off, with the bytes that
 * arrived: reported when its answer began, it would otherwise stand in the
 * pull trace with its Content-Length as if all of it came.
 */
function reportBrokenTransfer(opened: OpenedBlob, err: unknown, deps: LayerSourceDeps): void {
  const served = opened.trace?.at(-1);
  if (!(err instanceof BrokenTransferError) || !served || !deps.onTrace) return;
  deps.onTrace([{ ...served, receivedBytes: err.got }]);
}

/**
 * Opens a blob again, after one whole read of it hashed to its digest: that
 * read's store copy is committed (it holds the verified bytes) and read back;
 * without one, the blob is read again from where it came from.
 */
export async function reopenVerified(source: LayerSource, opened: OpenedBlob, deps: LayerSourceDeps, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  await opened.writer?.commit().catch(() => {});
  const again = (await openCached(source, deps)) ?? (await openFromNetwork(source, deps, signal, false));
  return again.body;
}


/**
 * Runs `use` on the blob, from the store when it is there (a copy that fails,
 * verified as it was when stored, has changed: it is deleted and the blob
 * fetched again), else from the network with the copy committed only when
 * `use` succeeded.
 */
export async function withLayerBlob<T>(
  source: LayerSource,
  deps: LayerSourceDeps,
  signal: AbortSignal | undefined,
  use: (blob: OpenedBlob) => Promise<T>,
): Promise<T> {
  const cached = await openCached(source, deps);
  if (cached) {
    try {
      return await use(cached);
    } catch (err) {
      if (!isContentFault(err)) throw err;
      await deps.store.delete(source.digest);
    }
  }
  const opened = await openFromNetwork(source, deps, signal);
  try {
    const value = await use(opened);
    await opened.writer?.commit().catch(() => {});
    return value;
  } catch (err) {
    await opened.writer?.abort();
    reportBrokenTransfer(opened, err, deps);
    throw err;
  }
}
