'use client';

import { useCallback, useId, useMemo, useRef } from 'react';
import { formatBytes } from '@/lib/format';
import type { LayerIndex } from '@/lib/fs/layer-index';
import type { MergedTree } from '@/lib/fs/merged-tree';
import { shownName } from '@/lib/fs/shown-name';
import { shadowedSpace, type ShadowedSpace } from '@/lib/fs/shadowed-space';
import { layerChanges } from '@/lib/fs/layer-changes';
import { LayerAsOf } from '@/lib/fs/layer-as-of';
import { ALL_CHANGES, type ChangeMask } from '@/lib/fs/change-kind';
import type { LayerState } from '@/lib/pipeline/layer-scheduler';
import type { LayerSource } from '@/lib/pipeline/messages';
import type { LayerFileLocation } from '@/lib/pipeline/read-file';
import type { Compression } from '@/lib/stream/inflate';
import type { TraceSink } from '@/lib/registry/trace';
import { labelledSink } from '@/lib/trace/label-trace';
import { Panel } from '@/components/inspector/panel';
import { FILES_ANCHOR } from '@/components/inspector/links';
import { layerPool } from '@/components/layers/layer-pool';
import { describeMediaType } from '@/lib/oci/media-types';
import { AbsentPath } from './absent-path';
import { ArtifactDocument } from './artifact-document';
import { FileTree } from './file-tree';
import { layerColumnStyle } from './tree-row';
import { FilesTabs, tabElementId } from './files-tabs';
import { ShadowedSpaceSummary } from './shadowed-space-summary';
import { LayerChangesSummary } from './layer-changes-summary';
import { FileViewer, type FilePreview } from './file-viewer';
import { asOfSource, layerSource, mergedSource, type TreeRow, type TreeSource } from './tree-source';
import { AS_OF_TREE, changesParam } from './as-of-params';
import { LayerViewSwitch } from './layer-view-switch';
import { ChangeFilter } from './change-filter';
import { DownloadProgress } from '@/components/downloads/download-progress';
import { useDownload } from '@/components/downloads/use-download';
import { fileDownloadName } from '@/components/downloads/download-names';

// Text previews stop here; the rest is a download.
const PREVIEW_BYTES = 1024 * 1024;

/** Where the files section goes: a view and path, with the layer view's mode and change filter as URL parameters. */
export interface FilesNavigation {
  layer: string;
  path?: string;
  /** The path names the entry the layer replaced there with one of the other shape, not its replacement (as-of view). */
  replaced?: boolean;
  tree?: string;
  changes?: string;
}

interface Props {
  layerDigests: string[];
  layers: LayerState[];
  merged?: MergedTree;
  mergedNote?: string;
  /** `merged` or a layer digest, from the URL. */
  view: string;
  path?: string;
  /** `path` is the replaced one of two entries there (`&replaced=1`), in the as-of view. */
  replaced?: boolean;
  /** A layer's tab shows the filesystem as of that layer (`&tree=as-of`), not its own entries. */
  asOf?: boolean;
  /** In the as-of view, the kinds of change shown (`&changes=`). */
  changes: ChangeMask;
  sourceOf: (layerIndex: number) => LayerSource | undefined;
  /** Goes to another view of the files; `replace` puts it in the current history entry instead of a new one. */
  onNavigate: (next: FilesNavigation, replace?: boolean) => void;
  /** Hears the proxy's exchanges when a file's layer must come from the network again (the pull trace). */
  onTrace?: TraceSink;
  /** Where a manifest digest named in a document (an attestation's subject) opens; absent for a local archive. */
  linkManifest?: (digest: string) => string;
}

/** Names a layer in the tree and the viewer; one function for every render, so the tree's rows need not redraw. */
const label = (l: number) => `layer ${l + 1}`;

// Counted once per merge, when the merged view is first shown.
const spaces = new WeakMap<MergedTree, ShadowedSpace>();
function shadowedSpaceOf(merged: MergedTree): ShadowedSpace {
  let space = spaces.get(merged);
  if (!space) spaces.set(merged, (space = shadowedSpace(merged)));
  return space;
}

/** Every layer index below `layer`, or undefined while one is still to come (or is a document's). */
function indexesBelow(layers: LayerState[], layer: number): LayerIndex[] | undefined {
  const below = layers.slice(0, layer).map((l) => l.result?.index);
  return below.every((i) => i !== undefined) ? (below as LayerIndex[]) : undefined;
}

/** The array of the last render when it holds the same items, so memos keyed on it keep. */
function useSameArray<T>(items: T[] | undefined): T[] | undefined {
  const last = useRef(items);
  const same = last.current === items || (last.current !== undefined && items !== undefined && last.current.length === items.length && items.every((x, i) => x === last.current![i]));
  if (!same) last.current = items;
  return last.current;
}

/** The first symbolic link on the way to `path` and where the path leads through it, when that is an entry of `source`. */
function linkOnTheWay(source: TreeSource, path: string): { link: string; target: string; resolved: string } | undefined {
  const parts = path.split('/').filter(Boolean);
  for (let i = 1; i < parts.length; i++) {
    const link = `/${parts.slice(0, i).join('/')}`;
    const row = source.lookup(link);
    if (!row) return undefined;
    if (row.type !== 'symlink') continue;
    const resolved = source.followSymlinks(path);
    if (!('path' in resolved) || resolved.path === path || !source.lookup(resolved.path)) return undefined;
    return { link, target: row.linkpath ?? '', resolved: resolved.path };
  }
  return undefined;
}

interface Located {
  layer: number;
  compression: Compression;
  file: LayerFileLocation;
}

/** The files of one layer or of the merged filesystem, with one file open; the URL names both. */
export function FilesSection({ layerDigests, layers, merged, mergedNote, view, path, replaced = false, asOf = false, changes, sourceOf, onNavigate: navigateTo, onTrace, linkManifest }: Props) {
  // Every step within the files keeps the layer view's mode and filter, as dive keeps them from layer to layer.
  const mode = { tree: asOf ? AS_OF_TREE : undefined, changes: asOf ? changesParam(changes) : undefined };
  const onNavigate = (next: FilesNavigation, replace?: boolean) => navigateTo({ ...mode, ...next }, replace);
  const tabIdPrefix = useId();
  const layerIndex = view === 'merged' ? -1 : layerDigests.indexOf(view);
  const artifact = layerIndex >= 0 && layers[layerIndex]?.result?.artifact === true;
  // One object while the view stays: a new one would read the document again.
  const artifactSource = useMemo(() => (artifact ? sourceOf(layerIndex) : undefined), [artifact, sourceOf, layerIndex]);
  const index: LayerIndex | undefined = layerIndex >= 0 && !artifact ? layers[layerIndex]?.result?.index : undefined;
  // The layers below this one, once every one of them is indexed: then each entry says what it did to them.
  const below = useSameArray(layerIndex > 0 ? indexesBelow(layers, layerIndex) : undefined);
  // The filesystem as of this layer, read from the indexes as the tree asks: it needs every layer below.
  const asOfView = useMemo(
    () => (asOf && index && (layerIndex === 0 || below) ? new LayerAsOf([...(below ?? []), index], layerIndex) : undefined),
    [asOf, index, layerIndex, below],
  );
  const source = useMemo<TreeSource | undefined>(
    () =>
      view === 'merged'
        ? merged
          ? mergedSource(merged)
          : undefined
        : asOfView
          ? asOfSource(asOfView, changes)
          : index
            ? layerSource(index, layerIndex, below)
            : undefined,
    [view, merged, index, layerIndex, below, asOfView, changes],
  );
  const counts = useMemo(() => asOfView?.summary().counts, [asOfView]);
  const entry = useMemo<TreeRow | undefined>(() => (path && source ? source.lookup(path, replaced) : undefined), [path, replaced, source]);
  const space = view === 'merged' && merged ? shadowedSpaceOf(merged) : undefined;
  const layerChanged = useMemo(() => (merged && index && layerIndex >= 0 ? layerChanges(merged, layerIndex) : undefined), [merged, index, layerIndex]);

  // Where the bytes of the open file live: a byte range of one layer's tar (a hard link's, of the file it shares).
  const located = useMemo<Located | undefined>(() => {
    const content = entry && path && source ? source.contentOf(path, replaced) : undefined;
    const result = content && layers[content.layer]?.result;
    return content && result ? { layer: content.layer, compression: result.compression, file: content } : undefined;
  }, [entry, path, replaced, source, layers]);

  const loadPreview = useCallback(async (): Promise<FilePreview> => {
    const src = located && sourceOf(located.layer);
    if (!located || !src) throw new Error('This file has no content in the layers read.');
    const preview = await layerPool().readFile(src, located.compression, located.file, {
      maxBytes: PREVIEW_BYTES,
      onTrace: labelledSink(onTrace, `file ${path} of layer ${located.layer + 1}`),
    });
    return { bytes: preview.bytes, truncated: preview.truncated };
  }, [located, sourceOf, onTrace, path]);

  // A file's download says how it goes and how it ended, as the downloads panel's do: a failure is never silent.
  const fileDownload = useDownload();
  const download = () => {
    const src = located && sourceOf(located.layer);
    if (!located || !src || !path) return;
    const trace = labelledSink(onTrace, `download, file ${path} of layer ${located.layer + 1}`);
    const { compression, file } = located;
    // The name is made one the browser keeps as given, so the outcome names the file as saved.
    fileDownload.start(`File ${shownName(path)}`, fileDownloadName(path.split('/').pop() ?? ''), () => ({
      stream: layerPool().streamFile(src, compression, file, trace),
      total: file.size,
    }));
  };

  // A manifest whose layers are all documents has no filesystem to merge: no tab offers one (unless a link asked for it).
  const noFilesystem = layerDigests.length > 0 && layerDigests.every((_, i) => layers[i]?.result?.artifact);
  const tabs = [
    ...(noFilesystem && view !== 'merged' ? [] : [{ id: 'merged', label: 'Merged filesystem', ready: Boolean(merged), title: undefined as string | undefined }]),
    ...layerDigests.map((d, i) => {
      const bytes = layers[i]?.totalBytes ?? layers[i]?.compressedBytes;
      return { id: d, label: `Layer ${i + 1}`, ready: layers[i]?.status === 'done', title: bytes ? `Layer ${i + 1}: ${formatBytes(bytes)} compressed, ${d}` : d };
    }),
  ];

  const shownTab = tabs.findIndex((t) => t.id === view);

  // In the as-of view, another layer's tab keeps the open file and directories, as dive keeps its cursor from layer to layer.
  const openDirs = useRef<ReadonlySet<string>>(undefined);
  const onOpenChange = useCallback((open: ReadonlySet<string>) => {
    openDirs.current = open;
  }, []);
  const openTab = (id: string, replace: boolean) => onNavigate({ layer: id, path: asOf && path && holdsPath(id, path) ? path : undefined }, replace);
  /** Whether the view of tab `id` (as-of for a layer) has an entry at `p`; true while that is not known yet, so the file opens once it is. */
  const holdsPath = (id: string, p: string): boolean => {
    if (id === 'merged') return merged === undefined || merged.lookup(p) !== undefined;
    const at = layerDigests.indexOf(id);
    const top = layers[at]?.result?.index;
    if (!top) return true;
    const lower = at > 0 ? indexesBelow(layers, at) : [];
    return lower ? new LayerAsOf([...lower, top], at).entryAt(p) !== undefined : top.lookup(p) !== undefined;
  };

  return (
    <Panel title="Files" testId="files-section" id={FILES_ANCHOR}>
      <FilesTabs tabs={tabs} selected={view} onSelect={openTab} idPrefix={tabIdPrefix} />
      <div
        role="tabpanel"
        id={`${tabIdPrefix}-panel`}
        aria-labelledby={shownTab >= 0 ? tabElementId(tabIdPrefix, shownTab) : undefined}
        aria-label={shownTab >= 0 ? undefined : 'Files'}
      >
        {artifactSource && (
          <ArtifactDocument
            layerNumber={layerIndex + 1}
            mediaType={artifactSource.mediaType}
            mediaTypeWords={describeMediaType(artifactSource.mediaType)}
            size={layers[layerIndex]?.result?.compressedBytes ?? artifactSource.size ?? 0}
            diffIdChecked={layers[layerIndex]?.result?.diffId.want !== undefined}
            source={artifactSource}
            onTrace={onTrace}
            linkManifest={linkManifest}
          />
        )}
        {!source && !artifactSource && (
          <p data-testid="files-note" className="text-sm text-slate-500 dark:text-slate-400">
            {view === 'merged'
              ? mergedNote
              : layerIndex < 0 && layerDigests.length > 0
                ? `This image has no layer ${view}: the link may be of another image or platform. Pick a layer above, or the merged filesystem.`
                : 'This layer has not been verified yet.'}
          </p>
        )}
        {layerChanged && <LayerChangesSummary layerNumber={layerIndex + 1} changes={layerChanged} />}
        {index && (
          <LayerViewSwitch layerNumber={layerIndex + 1} asOf={asOf} onChange={(next) => onNavigate({ layer: view, path, tree: next ? AS_OF_TREE : undefined, changes: undefined })} />
        )}
        {asOf && index && !asOfView && (
          <p data-testid="as-of-note" className="mb-2 text-sm text-slate-500 dark:text-slate-400">
            The filesystem as of this layer shows once every layer below it is verified; until then, its own entries are shown.
          </p>
        )}
        {asOfView && <ChangeFilter shown={changes} counts={counts} onChange={(next) => onNavigate({ layer: view, path, changes: changesParam(next) })} />}
        {space && <ShadowedSpaceSummary space={space} onOpen={(layer, p) => onNavigate({ layer: layerDigests[layer], path: p })} />}
        {source && (
          // min-w-0: a grid item is otherwise as wide as its longest line, and a narrow screen scrolls the whole page sideways.
          // The tree takes the whole width below xl (the viewer under it), and the larger share beside the viewer above:
          // its names need the room more than a file's lines, which wrap; from 2xl the viewer gets half, a hex dump's width.
          <div className="grid gap-3 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] 2xl:grid-cols-2 [&>*]:min-w-0" style={layerColumnStyle(layerDigests.length)}>
            <FileTree
              key={view}
              source={source}
              selectedPath={path}
              selectedReplaced={replaced}
              onSelect={(p, old) => onNavigate({ layer: view, path: p, replaced: old })}
              layerLabel={label}
              openAtStart={asOf ? openDirs.current : undefined}
              onOpenChange={onOpenChange}
              emptyNote={asOfView && changes !== ALL_CHANGES ? 'No entries of the ticked kinds: tick more above.' : undefined}
            />
            {entry ? (
              <FileViewer
                entry={entry}
                loadPreview={loadPreview}
                onDownload={download}
                onOpen={(p) => onNavigate({ layer: view, path: p })}
                symlinkEnd={entry.type === 'symlink' ? source.followSymlinks(entry.path) : undefined}
                layerView={layerIndex >= 0 ? { index: layerIndex, openInLayer: (layer, p) => onNavigate({ layer: layerDigests[layer], path: p }) } : undefined}
                layerLabel={label}
              />
            ) : (
              path && (
                <AbsentPath
                  path={path}
                  layerIndex={view === 'merged' ? -1 : layerIndex}
                  asOf={asOfView !== undefined}
                  merged={merged}
                  viaLink={linkOnTheWay(source, path)}
                  onOpen={(where) => onNavigate({ layer: where === 'merged' ? 'merged' : layerDigests[where], path })}
                  onOpenPath={(p) => onNavigate({ layer: view, path: p })}
                />
              )
            )}
          </div>
        )}
        <div className="mt-2" data-testid="file-download">
          <DownloadProgress status={fileDownload.status} onCancel={fileDownload.cancel} />
        </div>
      </div>
    </Panel>
  );
}
