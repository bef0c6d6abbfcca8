'use client';

import { useEffect, useRef, useState } from 'react';
import { asPullscopeError, UnexpectedError, type PullscopeError } from '@/lib/errors';
import { inspectImage, type InspectionState } from '@/lib/inspect/inspect-image';
import type { ArchiveImage, ArchiveImageSource } from '@/lib/local/archive-image-source';
import type { LocalLayerBlob } from '@/lib/pipeline/messages';
import type { Reference } from '@/lib/reference';
import { EXAMPLE_URL, type LocalInput } from './local-input';

/** A local archive's inspection: the same state the registry path fills, plus the archive and its layer Blobs. */
export interface ArchiveInspection {
  state?: InspectionState;
  status: 'idle' | 'loading' | 'done' | 'error';
  error?: PullscopeError;
  archive?: ArchiveImageSource;
  image?: ArchiveImage;
  /** The chosen manifest's layers as Blobs of the archive, by digest; set once every one was found. */
  layerBlobs?: ReadonlyMap<string, LocalLayerBlob>;
  /** True while another platform of the same image is read: the fields above still hold the platform left. */
  replacing?: boolean;
}

/** Opens `input` once, then inspects its image `imageIndex` for `platform` (re-run when `attempt` changes). */
export function useArchiveInspection(input: LocalInput | undefined, platform: string | undefined, imageIndex: number, attempt: number): ArchiveInspection {
  const [result, setResult] = useState<ArchiveInspection>({ status: 'idle' });
  // Opening may inflate a whole gzip'd archive: once per input, not per platform.
  // Started from the effect, never while rendering: the server renders this
  // component too, and has neither the file nor a base URL for the example.
  const opening = useRef<{ input: LocalInput; archive: Promise<ArchiveImageSource> } | undefined>(undefined);
  // The image and attempt of the last run: another platform of the same image replaces its view in place.
  const lastRun = useRef<{ input: LocalInput; imageIndex: number; attempt: number } | undefined>(undefined);

  useEffect(() => {
    if (!input) {
      opening.current = undefined;
      setResult({ status: 'idle' });
      return;
    }
    if (opening.current?.input !== input) {
      const archive = openInput(input);
      opening.current = { input, archive };
      // An archive that failed to open is opened afresh on retry.
      archive.catch(() => {
        if (opening.current?.archive === archive) opening.current = undefined;
      });
    }
    const opened = opening.current.archive;
    const controller = new AbortController();
    const alive = () => !controller.signal.aborted;
    const last = lastRun.current;
    const switching = last?.input === input && last.imageIndex === imageIndex && last.attempt === attempt;
    lastRun.current = { input, imageIndex, attempt };
    // The platform left stays on screen, its index marking the new choice, until the new platform is read.
    let latest: InspectionState | undefined;
    if (switching) setResult((r) => ({ ...r, status: 'loading', error: undefined, replacing: r.state?.index !== undefined }));
    else setResult({ status: 'loading' });
    (async () => {
      const archive = await opened;
      const image = archive.images[Math.min(imageIndex, archive.images.length - 1)];
      const base = { archive, image };
      if (alive() && !switching) setResult({ ...base, status: 'loading' });
      const final = await inspectImage(archiveReference(image, input.name), {
        client: archive,
        platform,
        signal: controller.signal,
        onUpdate: (state) => {
          latest = state;
          if (!alive()) return;
          setResult((r) =>
            r.replacing ? { ...r, state: r.state && state.platform ? { ...r.state, platform: state.platform } : r.state } : { ...base, state, status: 'loading' },
          );
        },
      });
      let layerBlobs: Map<string, LocalLayerBlob> | undefined;
      if (final.manifest?.view.kind === 'manifest') {
        const layers = final.manifest.view.layers;
        // A synthesized manifest's layer digests are the config's diff_ids: the archive names its tars by nothing else.
        const namedBy = image.synthesized ? 'diff_id' : 'digest';
        layerBlobs = new Map(await Promise.all(layers.map(async (l) => [l.digest, { ...(await archive.layerFile(l.digest)), namedBy }] as const)));
      }
      if (alive()) setResult({ ...base, state: final, status: 'done', layerBlobs });
    })().catch((err: unknown) => {
      if (alive()) setResult((r) => ({ ...r, ...(r.replacing && { state: latest, layerBlobs: undefined, replacing: false }), status: 'error', error: asPullscopeError(err) }));
    });
    return () => controller.abort();
  }, [platform, imageIndex, attempt, input]);

  return result;
}

async function openInput(input: LocalInput): Promise<ArchiveImageSource> {
  // The archive readers (tar, gzip, the hashing) are loaded on first use: a registry image's first view never needs them.
  const { openImageArchive } = await import('@/lib/local/open-image-archive');
  if (input.kind === 'file') return openImageArchive(input.blob);
  if (input.kind === 'folder') return openImageArchive(input.files);
  // Same origin and static: no registry, no proxy, no network beyond this app.
  const response = await fetch(EXAMPLE_URL);
  if (!response.ok) throw new UnexpectedError(`The built-in example could not be loaded: ${EXAMPLE_URL} answered ${response.status}`);
  return openImageArchive(await response.blob());
}

/** A Reference for the page's views: the archive's file as the repository, the image's digest as what it resolves to. */
function archiveReference(image: ArchiveImage, label: string): Reference {
  return { registry: 'local archive', apiHost: '', repository: label, tag: image.names[0], digest: image.descriptor.digest };
}
