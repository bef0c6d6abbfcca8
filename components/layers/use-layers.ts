'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { adoptEarlyLayers } from './early-layers';
import { layerJobs } from './layer-jobs';
import { LayerProgressFeed, settledChange } from './layer-progress-feed';
import type { MergedTree } from '@/lib/fs/merged-tree';
import { LayerScheduler, type LayerJob, type LayerState } from '@/lib/pipeline/layer-scheduler';
import type { LayerSource, LocalLayerBlob } from '@/lib/pipeline/messages';
import type { InspectionState } from '@/lib/inspect/inspect-image';
import type { TraceEntry, TraceSink } from '@/lib/registry/trace';
import { labelTrace } from '@/lib/trace/label-trace';
import { asPullscopeError } from '@/lib/errors';
import { Throttle, type ThrottleClock } from '@/lib/throttle';

/** The least time between two renders of the page for layers changing status (the first comes on the next frame). */
const SETTLED_INTERVAL_MS = 100;

/** Runs on the first animation frame after the wait, so the changes of one frame make one render. */
const frameClock: ThrottleClock = {
  now: () => performance.now(),
  later(run, ms) {
    let frame: number | undefined;
    const timer = ms > 0 ? setTimeout(() => (frame = requestAnimationFrame(run)), ms) : undefined;
    if (timer === undefined) frame = requestAnimationFrame(run);
    return () => {
      clearTimeout(timer);
      if (frame !== undefined) cancelAnimationFrame(frame);
    };
  },
};

/** Every layer's progress and result, and the merged tree once all of them verified. */
export interface LayersView {
  /** Each layer as of its last change of status, cache origin, result or error; byte counts may be behind. */
  layers: LayerState[];
  /** Live byte counts, for progress bars: the rest of the page does not re-render for them. */
  progress: LayerProgressFeed;
  merged?: MergedTree;
  /** Why there is no merged tree yet (or ever). */
  mergedNote?: string;
  /** Layers (0-based) verified as documents, not filesystems (an attestation manifest's statements). */
  documents: number[];
  /** Where to read a layer's blob again (file previews and downloads). */
  sourceOf: (layerIndex: number) => LayerSource | undefined;
  /** Pulls the layers again (after a failure); those already verified come back from the tab's cache. */
  retry: () => void;
}

/**
 * Fetches, verifies and indexes every layer of the inspected manifest in
 * workers. The layer named in the URL goes first; then the rest bottom-up,
 * the order the merged filesystem is built in and the order people read a
 * history in.
 *
 * The workers' client, the blob cache and the overlay merge load with the
 * first layer job, not with the page: the first view (manifest and config)
 * never waits for their code.
 *
 * `localBlobs` (a local archive's layers, by digest) makes the workers read
 * those Blobs instead of the proxy; they verify them the same way.
 *
 * `onTrace` receives the proxy's exchanges for each blob fetched from the
 * network, each noted with its layer, for the pull trace.
 */
export function useLayers(
  state: InspectionState | undefined,
  credentials: { username: string; password: string },
  priorityDigest: string | undefined,
  localBlobs?: ReadonlyMap<string, LocalLayerBlob>,
  onTrace?: TraceSink,
): LayersView {
  const manifest = state?.manifest?.view;
  const diffIds = state?.config?.view.diffIds;
  const pairDiffIds = state?.config?.view.diffIdsMatchLayers === true;
  const reference = state?.reference;
  const [layers, setLayers] = useState<LayerState[]>([]);
  const [progress] = useState(() => new LayerProgressFeed());
  const onTraceRef = useRef(onTrace);
  onTraceRef.current = onTrace;
  // Bumped by retry(): new jobs, so the pull runs again.
  const [round, setRound] = useState(0);

  const jobs = useMemo<LayerJob[] | undefined>(
    () => layerJobs(state, credentials, priorityDigest, typeof window === 'undefined' ? '' : window.location.origin, localBlobs),
    // Credentials and priority are read when the jobs start; a change of either alone must not restart the pull.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [manifest, diffIds, pairDiffIds, reference, localBlobs, round],
  );

  useEffect(() => {
    if (!jobs) {
      setLayers([]);
      progress.replace([]);
      return;
    }
    const controller = new AbortController();
    const current: LayerState[] = jobs.map((job) => ({
      status: 'queued',
      fromCache: false,
      compressedBytes: 0,
      totalBytes: job.size,
      uncompressedBytes: 0,
      bytesPerSecond: 0,
      entries: 0,
    }));
    // The page's first pull may have begun before hydration, for these very jobs: it is taken over, not repeated.
    const early = adoptEarlyLayers(jobs);
    early?.states.forEach((s, i) => s && (current[i] = s));
    let settled = [...current];
    setLayers(settled);
    progress.replace(current);
    // Progress arrives after every chunk: it goes to the progress bars alone, and the page re-renders only when a
    // layer's status, cache origin, result or error changes: on the next frame, and then at most once per
    // SETTLED_INTERVAL_MS, since each render of the page costs in proportion to its layers (hundreds, on some images).
    const settledRenders = new Throttle(
      () => {
        if (controller.signal.aborted) return;
        settled = [...current];
        setLayers(settled);
      },
      SETTLED_INTERVAL_MS,
      frameClock,
    );
    const onState = (i: number, s: LayerState) => {
      current[i] = s;
      progress.publish(current);
      if (settledChange(settled[i], s)) settledRenders.request();
    };
    const onLayerTrace = (i: number, entries: readonly TraceEntry[]) => {
      const add = onTraceRef.current;
      if (controller.signal.aborted || !add) return;
      const label = `layer ${jobs[i].layerNumber ?? i + 1} of ${jobs.length}`;
      add(labelTrace(entries, label));
    };
    // Without its code no layer can start: each says why instead of waiting forever.
    const failAll = (err: unknown) => {
      const error = asPullscopeError(err);
      current.forEach((s, i) => (current[i] = { ...s, status: 'error', error }));
    };
    (async () => {
      if (early) {
        controller.signal.addEventListener('abort', () => early.abort(), { once: true });
        early.follow(onState, onLayerTrace);
        // It rejects only when aborted (by this effect's cleanup) or when the pipeline's code failed to load.
        await early.done.catch((err: unknown) => controller.signal.aborted || failAll(err));
        return;
      }
      let pipeline: typeof import('./layer-pool');
      try {
        pipeline = await import('./layer-pool');
      } catch (err) {
        failAll(err);
        return;
      }
      if (controller.signal.aborted) return;
      const scheduler = new LayerScheduler({ pool: pipeline.layerPool(), store: pipeline.blobStore() });
      await scheduler.run(jobs, onState, controller.signal, onLayerTrace);
    })()
      .catch(() => undefined)
      .finally(() => {
        if (controller.signal.aborted) return;
        progress.publish(current);
        settledRenders.runNow();
      });
    return () => {
      controller.abort();
      progress.close();
      settledRenders.cancel();
    };
  }, [jobs, progress]);

  // Layers that are documents (an attestation manifest's statements): verified, but no filesystem to merge.
  const documents = layers.flatMap((l, i) => (l.result?.artifact ? [i] : []));
  const allDone = layers.length > 0 && documents.length === 0 && layers.every((l) => l.status === 'done' && l.result);
  // Results are fixed once a layer is done, so their digests identify the merge's input.
  const resultsKey = allDone ? layers.map((l) => l.result!.digest.got).join(' ') : '';
  const [mergedOf, setMergedOf] = useState<{ key: string; tree: MergedTree } | undefined>();
  useEffect(() => {
    if (!resultsKey) return;
    let current = true;
    const indexes = layers.map((l) => l.result!.index);
    void import('@/lib/fs/overlay').then(({ mergeLayers }) => {
      if (current) setMergedOf({ key: resultsKey, tree: mergeLayers(indexes) });
    });
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resultsKey]);
  const merged = resultsKey && mergedOf?.key === resultsKey ? mergedOf.tree : undefined;

  const failed = layers.filter((l) => l.status === 'error').length;
  const mergedNote = merged
    ? undefined
    : documents.length > 0
      ? documentsNote(documents, manifest?.layers.length ?? layers.length, (i) => manifest?.layers[i]?.mediaTypeWords ?? 'a document')
      : failed > 0
      ? `The merged filesystem needs every layer verified; ${failed} layer${failed > 1 ? 's' : ''} failed.`
      : 'The merged filesystem appears when every layer has been verified.';

  const sourceOf = useCallback(
    (i: number): LayerSource | undefined => {
      const job = jobs?.[i];
      if (!job) return undefined;
      const { priority: _p, diffId: _d, layerNumber: _n, ...source } = job;
      return source;
    },
    [jobs],
  );

  const retry = useCallback(() => setRound((n) => n + 1), []);
  return { layers, progress, merged, mergedNote, documents, sourceOf, retry };
}

/** Why a manifest with document layers has no merged filesystem. */
function documentsNote(documents: number[], layerCount: number, wordsOf: (layer: number) => string): string {
  const kinds = [...new Set(documents.map(wordsOf))].join(', ');
  if (documents.length === layerCount) {
    return `This manifest has no filesystem: ${layerCount === 1 ? 'its layer is a document' : `its ${layerCount} layers are documents`} (${kinds}), not files. Open a layer to read it.`;
  }
  const which = documents.map((i) => i + 1).join(', ');
  return `Layer${documents.length > 1 ? 's' : ''} ${which} ${documents.length > 1 ? 'are documents' : 'is a document'} (${kinds}), not a filesystem, so this manifest has no merged filesystem.`;
}
