'use client';

import { memo, useCallback, useRef, useSyncExternalStore } from 'react';
import type { LayerState } from '@/lib/pipeline/layer-scheduler';
import type { LayerView, ManifestView } from '@/lib/oci/manifest-view';
import { formatBytes } from '@/lib/format';
import { Panel } from '@/components/inspector/panel';
import { focusPanel } from '@/components/inspector/focus-panel';
import { FILES_ANCHOR } from '@/components/inspector/links';
import { Annotations } from '@/components/inspector/annotations';
import type { LayerProgressFeed } from './layer-progress-feed';

interface Props {
  manifest: ManifestView;
  /** Each layer as of its last change of status or result. */
  layers: LayerState[];
  /** Live byte counts for the progress bars. */
  progress: LayerProgressFeed;
  chainIds: string[];
  selected?: string;
  onSelect: (digest: string) => void;
  /** Pulls the layers again. */
  onRetry: () => void;
}

/** Every layer's download and checks: bytes, speed, digest ✓, diff_id ✓, chain ID, cache. */
export function LayersPanel({ manifest, layers, progress, chainIds, selected, onSelect, onRetry }: Props) {
  const done = layers.filter((l) => l.status === 'done').length;
  const settled = layers.length > 0 && layers.every((l) => l.status === 'done' || l.status === 'error');
  // A failure in bytes whose digest held is the image's own: pulling again gives the same bytes, so only the others are retried.
  const failed = layers.filter((l) => l.status === 'error' && l.error?.verifiedBlob === undefined).length;
  // Layers whose media types name no layer format, and whose bytes (once read) were no tar either: an attestation's statements, an artifact's blobs.
  const documentsOnly = manifest.layers.every((d, i) => d.compression === undefined && (layers[i]?.status !== 'done' || layers[i]?.result?.artifact));
  // The page's handler changes with every render of it; the rows keep one, so a row re-renders only when its own layer changes.
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const select = useCallback((digest: string) => onSelectRef.current(digest), []);
  return (
    <Panel
      title="Layers"
      testId="layers-panel"
      aside={
        // Polite, and changed by a layer's end alone (never by its bytes): a screen reader hears each layer verified or failed.
        <span role="status" data-testid="layers-count" className="text-sm text-slate-500 dark:text-slate-400">
          {done} of {manifest.layers.length} verified{failed > 0 && `, ${failed} failed`}
        </span>
      }
    >
      <p className="mb-2 text-xs text-slate-500 dark:text-slate-400" data-testid="layers-explainer">
        {documentsOnly ? (
          <>
            Each blob streams through a worker and is hashed as received (sha256, against the manifest&apos;s digest, and the config&apos;s
            diff_id where it lists one). These blobs are documents, not filesystems: there is nothing to inflate or index.
          </>
        ) : (
          <>
            Each blob streams through a worker: sha256 of the bytes as received (the manifest&apos;s digest), inflate, sha256 of the tar (the
            config&apos;s diff_id), then the tar&apos;s file index. Up to 3 layers at once; the layer in the URL first, then bottom-up.
          </>
        )}
      </p>
      {settled && failed > 0 && (
        <p className="mb-2 text-sm">
          <button
            type="button"
            data-testid="layers-retry"
            onClick={onRetry}
            className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            Retry
          </button>{' '}
          <span className="text-xs text-slate-500 dark:text-slate-400">
            {failed === 1 ? 'A layer' : `${failed} layers`} failed: pull the layers again, each checked as before.
          </span>
        </p>
      )}
      <ol className="space-y-2">
        {manifest.layers.map((descriptor, i) => (
          <LayerItem
            key={`${i}-${descriptor.digest}`}
            descriptor={descriptor}
            index={i}
            state={layers[i]}
            chainId={chainIds[i]}
            selected={selected === descriptor.digest}
            progress={progress}
            onSelect={select}
          />
        ))}
      </ol>
    </Panel>
  );
}

/**
 * One layer's row. A pull of hundreds of layers changes some layer's status
 * every few milliseconds; each row re-renders only when its own layer
 * changed (the page keeps the state object of every other layer as it was).
 */
const LayerItem = memo(function LayerItem({
  descriptor,
  index: i,
  state,
  chainId,
  selected,
  progress,
  onSelect,
}: {
  descriptor: LayerView;
  index: number;
  state: LayerState | undefined;
  chainId: string | undefined;
  selected: boolean;
  progress: LayerProgressFeed;
  onSelect: (digest: string) => void;
}) {
  return (
    <li
      data-testid="layer-status"
      data-digest={descriptor.digest}
      data-status={state?.status ?? 'queued'}
      data-from-cache={state?.fromCache ? 'true' : 'false'}
      // The layer the address names (a history step or a digest led here): its files are the ones shown.
      data-selected={selected ? 'true' : 'false'}
      aria-current={selected ? 'true' : undefined}
      className={`rounded border p-2 text-sm ${selected ? 'border-sky-500' : 'border-slate-200 dark:border-slate-800'}`}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <span>
          <strong>Layer {i + 1}</strong> <span className="text-xs text-slate-500 dark:text-slate-400">{descriptor.mediaTypeWords}</span>
          {state?.fromCache && (
            <span className="ml-2 rounded bg-emerald-100 px-1 text-xs text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100" data-testid="from-cache">
              from cache
            </span>
          )}
        </span>
        {state?.status === 'done' && (
          <button
            type="button"
            className="text-xs text-sky-700 hover:underline dark:text-sky-400"
            onClick={() => {
              onSelect(descriptor.digest);
              // The layer's files open in the Files section, far below on a many-layer image: go there, as its digest link does.
              focusPanel(FILES_ANCHOR);
            }}
          >
            {state.result?.artifact ? 'Read the document' : 'Browse files'}
          </button>
        )}
      </div>
      {descriptor.nondistributable && (
        <p className="mt-1 text-xs text-amber-800 dark:text-amber-300" data-testid="foreign-layer">
          Non-distributable layer
          {descriptor.urls?.length ? (
            <>
              {' '}
              (its publisher serves it from <span className="break-all font-mono">{descriptor.urls.join(', ')}</span>)
            </>
          ) : null}
          : Pullscope asks this registry for it by digest and never follows outside URLs; if the registry does not hold it, it
          cannot be fetched here.
        </p>
      )}
      {/* The layer descriptor's annotations (a title, a source): written by the publisher, shown as text. */}
      {descriptor.annotations && <Annotations entries={descriptor.annotations} testId="layer-annotations" />}
      {state && <LiveProgress feed={progress} index={i} settled={state} label={`Layer ${i + 1} download`} />}
      {state?.result && (
        <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3 text-xs">
          <dt className="text-slate-500 dark:text-slate-400">digest</dt>
          <dd className="digest" data-testid="layer-digest-check" data-ok={String(state.result.digest.ok)}>
            {state.result.digest.ok ? '✓ ' : '✗ '}
            {state.result.digest.got}
          </dd>
          <dt className="text-slate-500 dark:text-slate-400">diff_id</dt>
          {state.result.diffId.want === undefined ? (
            // Nothing to compare with (an artifact's config, or counts that cannot be paired): no check, so no mark.
            <dd className="digest" data-testid="layer-diffid-check" data-ok="unchecked">
              {state.result.diffId.got}
              <span className="block font-sans text-slate-500 dark:text-slate-400">not checked: the config gives this layer no diff_id</span>
            </dd>
          ) : (
            <dd className="digest" data-testid="layer-diffid-check" data-ok={String(state.result.diffId.ok)}>
              {state.result.diffId.ok ? '✓ ' : '✗ '}
              {state.result.diffId.got}
              {!state.result.diffId.ok && <span className="block text-red-700">config says {state.result.diffId.want}</span>}
            </dd>
          )}
          <dt className="text-slate-500 dark:text-slate-400">chain ID</dt>
          <dd className="digest">{chainId ?? '—'}</dd>
          <dt className="text-slate-500 dark:text-slate-400">content</dt>
          <dd data-testid="layer-content">
            {state.result.artifact
              ? `a document, not a filesystem · ${formatBytes(state.result.compressedBytes)}`
              : `${state.result.compression} · ${formatBytes(state.result.uncompressedBytes)} uncompressed · ${state.result.entries} tar entries`}
            {state.result.compressionNote && <span className="block text-amber-700">{state.result.compressionNote}</span>}
          </dd>
        </dl>
      )}
      {state?.error?.verifiedBlob !== undefined && <VerifiedBlob digest={state.error.verifiedBlob} code={state.error.code} />}
      {state?.error && (
        <p role="alert" data-testid="layer-error" data-code={state.error.code} className="mt-1 text-xs text-red-700 [overflow-wrap:anywhere] dark:text-red-400">
          {state.error.message}
          {state.error.suggestion && <span className="block text-slate-600 dark:text-slate-400">{state.error.suggestion}</span>}
        </p>
      )}
    </li>
  );
});

/**
 * The blob digest of a layer whose later check failed: the registry served
 * exactly the bytes the manifest names, so the failure is the image's own.
 */
function VerifiedBlob({ digest, code }: { digest: string; code: string }) {
  return (
    <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3 text-xs">
      <dt className="text-slate-500">digest</dt>
      <dd className="digest" data-testid="layer-digest-check" data-ok="true">
        ✓ {digest}
        <span className="block font-sans text-slate-600 dark:text-slate-400" data-testid="layer-verified-blob">
          {code === 'DIGEST_MISMATCH'
            ? 'The registry served exactly the bytes the manifest names; the image’s config names other content for them.'
            : 'The blob is exactly what the manifest names, and its content is malformed.'}{' '}
          Pulling it again gives the same bytes.
        </span>
      </dd>
    </dl>
  );
}

/** One layer's bar, re-rendered by the feed's ticks alone; a finished layer's settled state is final. */
function LiveProgress({ feed, index, settled, label }: { feed: LayerProgressFeed; index: number; settled: LayerState; label: string }) {
  // Only this layer's state: the other layers' ticks leave it as it was, and this bar is not rendered again for them.
  const pick = useCallback(() => feed.snapshot()[index], [feed, index]);
  const live = useSyncExternalStore(feed.subscribe, pick, pick);
  const finished = settled.status === 'done' || settled.status === 'error';
  return <Progress state={finished || !live ? settled : live} label={label} />;
}

/** A silence shorter than this is the ordinary gap between chunks, not a wait worth naming. */
const SILENCE_SHOWN_MS = 2000;

/**
 * What a downloading layer waits for, once nothing has come for a while:
 * before its first byte, the registry's answer (a slow registry, or Pullscope's
 * server waiting out a 429's Retry-After or a 5xx before it asks again); after
 * some, the rest of the bytes.
 */
function waitWords(state: LayerState): string | undefined {
  if (state.status !== 'downloading' || state.fromCache || state.silentMs === undefined || state.silentMs < SILENCE_SHOWN_MS) return undefined;
  const seconds = Math.floor(state.silentMs / 1000);
  return state.compressedBytes === 0 ? `waiting for the registry to answer (${seconds} s)` : `nothing received for ${seconds} s`;
}

/** A layer's bar as words: what a screen reader says of it. */
function progressWords(state: LayerState): string {
  if (state.status === 'queued') return 'queued';
  const bytes = `${formatBytes(state.compressedBytes)} of ${state.totalBytes !== undefined ? formatBytes(state.totalBytes) : 'an unknown size'}`;
  const wait = waitWords(state);
  return state.status === 'done' ? `${bytes}, verified` : state.status === 'error' ? `${bytes}, failed` : wait ? `${bytes}, ${wait}` : bytes;
}

function Progress({ state, label }: { state: LayerState; label: string }) {
  const total = state.totalBytes ?? 0;
  const fraction = state.status === 'done' ? 1 : total > 0 ? Math.min(1, state.compressedBytes / total) : 0;
  const color = state.status === 'error' ? 'bg-red-500' : state.status === 'done' ? 'bg-emerald-500' : 'bg-sky-500';
  return (
    <div className="mt-1">
      <div
        className="h-1.5 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-800"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
        aria-valuetext={progressWords(state)}
      >
        <div className={`h-full ${color}`} style={{ width: `${fraction * 100}%` }} />
      </div>
      <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
        {state.status === 'queued' && 'queued'}
        {state.status !== 'queued' && (
          <>
            {formatBytes(state.compressedBytes)} / {state.totalBytes !== undefined ? formatBytes(state.totalBytes) : '?'}
            {/* A read of the tab's own copy is no measure of the registry or the network. */}
            {state.fromCache ? ' · read from this tab’s cache' : state.bytesPerSecond >= 1 && ` · ${formatBytes(Math.round(state.bytesPerSecond))}/s`}
            {waitWords(state) !== undefined && ` · ${waitWords(state)}`}
            {state.status === 'done' && ' · verified'}
            {state.status === 'error' && ' · failed'}
          </>
        )}
      </p>
    </div>
  );
}
