'use client';

import { useRef } from 'react';
import type { MergedTree } from '@/lib/fs/merged-tree';
import type { LayerState } from '@/lib/pipeline/layer-scheduler';
import type { LayerSource } from '@/lib/pipeline/messages';

/** What the files section is given: one platform's layers and their merged tree. */
export interface FilesOfPlatform {
  layerDigests: string[];
  layers: LayerState[];
  merged?: MergedTree;
  mergedNote?: string;
  sourceOf: (layerIndex: number) => LayerSource | undefined;
}

/**
 * The merged files to show: the platform's own, or, while another platform of the same pull (`pull`) is still
 * being read, the last merged tree shown (`held`). The tree and the open file stay in place, as a tab switch
 * keeps its panel until the next is ready, instead of the section collapsing and the page jumping when the new
 * tree arrives. A failed layer ends the hold: its error is the news.
 */
export function useFilesAcrossPlatforms(pull: string, view: string, current: FilesOfPlatform): FilesOfPlatform & { held: boolean } {
  const ready = useRef<{ pull: string; files: FilesOfPlatform } | undefined>(undefined);
  if (current.merged) ready.current = { pull, files: current };
  const failed = current.layers.some((l) => l.status === 'error');
  // After a failure (and on Retry) the platform's own state is the news, not a tree it moved away from.
  if (failed) ready.current = undefined;
  const last = ready.current;
  if (view === 'merged' && !current.merged && last?.pull === pull) return { ...last.files, held: true };
  return { ...current, held: false };
}
