'use client';

import { shownName } from '@/lib/fs/shown-name';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { asPullscopeError, type PullscopeError } from '@/lib/errors';
import { contentKind, hexDump } from '@/lib/files/content-kind';
import { formatBytes, formatMtime } from '@/lib/format';
import { formatMode } from '@/lib/fs/mode';
import type { EntryView } from '@/lib/fs/entry';
import { DEVICE_WORDS, formatDevice, formatOwner, xattrsWords } from '@/lib/fs/listing-fields';
import { resolvedPath, type SymlinkResolution } from '@/lib/fs/symlink';
import { DeletionNote } from './deletion-note';
import { inodeOf, type TreeRow } from './tree-source';
import { VisibleText } from '@/components/inspector/visible-text';
import { hasBidiControls, hasHiddenCharacters, visibleText } from '@/lib/visible-text';

// Lines of the hex view (16 bytes each).
const HEX_LINES = 2048;

/** The first bytes of a file, and whether there are more. */
export interface FilePreview {
  bytes: Uint8Array;
  truncated: boolean;
}

interface Props {
  entry: TreeRow;
  /** Reads the file's first bytes (re-reading the layer blob; the page keeps no layer bytes). */
  loadPreview: () => Promise<FilePreview>;
  /** Saves the whole file. */
  onDownload: () => void;
  /** Opens another path of the same tree (a symlink's target). */
  onOpen: (path: string) => void;
  /** Where a symlink leads inside this tree, or why nowhere. */
  symlinkEnd?: SymlinkResolution;
  /** In a layer's view: the layer shown (0-based), and how to open a path in another layer. */
  layerView?: { index: number; openInLayer: (layer: number, path: string) => void };
  layerLabel?: (layer: number) => string;
}

/** One file: metadata, then text with line numbers or a hex dump; links followed inside the tree. */
export function FileViewer({ entry, loadPreview, onDownload, onOpen, symlinkEnd, layerView, layerLabel }: Props) {
  const symlinkTarget = symlinkEnd && resolvedPath(symlinkEnd);
  const inode = inodeOf(entry);
  // A whiteout's tar entry is a marker, not a file: there is nothing to read or save.
  const hasContent = !entry.whiteout && (entry.type === 'file' || entry.type === 'hardlink');
  const [preview, setPreview] = useState<FilePreview | undefined>();
  const [error, setError] = useState<PullscopeError | undefined>();
  // A link followed from here (a symlink's target) takes its button away: focus goes to the entry it opened.
  const heading = useRef<HTMLHeadingElement>(null);
  const followed = useRef(false);
  const follow = (path: string) => {
    followed.current = true;
    onOpen(path);
  };
  useEffect(() => {
    if (!followed.current) return;
    followed.current = false;
    heading.current?.focus();
  }, [entry]);

  useEffect(() => {
    setPreview(undefined);
    setError(undefined);
    if (!hasContent) return;
    let live = true;
    loadPreview().then(
      (p) => live && setPreview(p),
      (e: unknown) => live && setError(asPullscopeError(e)),
    );
    return () => {
      live = false;
    };
  }, [entry, hasContent, loadPreview]);

  return (
    <div data-testid="file-viewer" data-path={entry.path} className="rounded border border-slate-200 p-3 text-sm dark:border-slate-800">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 ref={heading} tabIndex={-1} className="break-all font-mono text-sm font-semibold">{shownName(entry.path)}</h3>
        {hasContent && (
          <button type="button" onClick={onDownload} className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
            Download file
          </button>
        )}
      </div>
      {/* A whiteout's header describes its marker, not anything a container sees. */}
      {!entry.whiteout && (
        <p className="mt-1 font-mono text-xs text-slate-500 dark:text-slate-400" data-testid="file-metadata">
          {formatMode(entry.type, inode.mode)} {formatOwner(inode)} {entry.linked ? `${whatItIs(entry.linked)}, hard link` : whatItIs(entry)}
          {!entry.implicit && ` ${formatMtime(inode.mtime)}`}
          {entry.layer !== undefined && ` · from ${layerLabel ? layerLabel(entry.layer) : `layer ${entry.layer + 1}`}`}
        </p>
      )}
      {!entry.whiteout && inode.xattrs !== undefined && (
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400" data-testid="file-xattrs">
          {capitalized(xattrsWords(inode.xattrs))}
        </p>
      )}
      {layerView && <DeletionNote entry={entry} layerIndex={layerView.index} onOpenInLayer={(layer) => layerView.openInLayer(layer, entry.path)} />}
      {entry.type === 'symlink' && (
        <p className="mt-2">
          Symbolic link to <code className="font-mono">{shownName(entry.linkpath ?? '')}</code>
          {symlinkTarget ? (
            <>
              {' '}
              →{' '}
              <button type="button" className="font-mono text-sky-700 hover:underline dark:text-sky-400" onClick={() => follow(symlinkTarget)} data-testid="follow-symlink">
                {symlinkTarget}
              </button>
            </>
          ) : (
            <span className="text-amber-700" data-testid="symlink-nowhere">
              {symlinkEnd && 'nowhere' in symlinkEnd && symlinkEnd.nowhere === 'loop'
                ? ' (a loop, or too many links: following it never reaches an entry)'
                : ' (dangling: nothing at the target in this tree)'}
            </span>
          )}
        </p>
      )}
      {entry.type === 'hardlink' && entry.linkpath && (
        <p className="mt-2">
          Hard link to{' '}
          <button type="button" className="font-mono text-sky-700 hover:underline dark:text-sky-400" onClick={() => follow(entry.linkpath!)}>
            {shownName(entry.linkpath)}
          </button>
        </p>
      )}
      {error && <p role="alert" className="mt-2 text-red-700">{visibleText(error.message, { multiline: true })}</p>}
      {preview && <ContentPreview preview={preview} />}
      {!preview && !error && hasContent && <p className="mt-2 text-slate-500 dark:text-slate-400">Reading…</p>}
    </div>
  );
}

/** What an entry is, in the metadata line: a file's size, a device's numbers (as `tar -tvv` lists them), else its type. */
function whatItIs(entry: EntryView): string {
  if (entry.type === 'file') return `${entry.size.toLocaleString('en-US')} bytes`;
  if (entry.type === 'char' || entry.type === 'block') return `${DEVICE_WORDS[entry.type]} ${formatDevice(entry.devmajor, entry.devminor)}`;
  return entry.type;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The first bytes of some content: text with line numbers, or a hex dump. */
export function ContentPreview({ preview }: { preview: FilePreview }) {
  const kind = contentKind(preview.bytes);
  const more = preview.truncated && (
    <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">Showing the first {formatBytes(preview.bytes.length)}; download the file for the rest.</p>
  );
  if (kind.text) return <TextPreview bytes={preview.bytes} more={more} />;
  // A page of hex is the DOM's cost, not the preview's: past this, say where it stops.
  const hexBytes = HEX_LINES * 16;
  return (
    <>
      <p className="mt-2 text-xs" data-testid="file-format">
        Binary{kind.format ? `: ${kind.format}` : ''}
      </p>
      <pre data-testid="file-hex" className="mt-1 max-h-[32rem] overflow-auto rounded bg-slate-100 p-2 text-xs leading-5 dark:bg-slate-950">
        {hexDump(preview.bytes, HEX_LINES).join('\n')}
      </pre>
      {preview.bytes.length > hexBytes ? (
        <p data-testid="file-hex-more" className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          Showing the first {formatBytes(hexBytes)} as hex; download the file for the rest.
        </p>
      ) : (
        more
      )}
    </>
  );
}

// Lines put in the page at first: a 1 MiB preview of indented JSON is ~50,000 lines, seconds of layout and 150,000 nodes.
const LINES_SHOWN = 2000;

/**
 * Text with line numbers, a page of lines at a time. A character that would
 * hide or reorder the text (a bidi override: "Trojan Source") reads as its
 * escape, under a warning, as GitHub shows such a file; the download keeps
 * the bytes as they are.
 */
function TextPreview({ bytes, more }: { bytes: Uint8Array; more: ReactNode }) {
  const [shown, setShown] = useState(LINES_SHOWN);
  const { lines, bidi, hidden } = useMemo(() => {
    const text = new TextDecoder().decode(bytes);
    // A CRLF line ends as an LF one does; a CR anywhere else is shown.
    const all = text.split(/\r?\n/);
    if (all.length > 1 && all[all.length - 1] === '') all.pop();
    return { lines: all, bidi: hasBidiControls(text), hidden: hasHiddenCharacters(text, { multiline: true }) };
  }, [bytes]);
  const rest = lines.length - shown;
  return (
    <>
      {hidden && (
        <p role="note" data-testid="file-text-warning" className="mt-2 rounded bg-amber-50 p-2 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          {bidi
            ? 'This file contains bidirectional Unicode text that may be displayed, read or run differently than it appears in an editor.'
            : 'This file contains invisible or control characters that an editor or a terminal may not show.'}{' '}
          Each is shown below as its escape, marked (such as <code className="font-mono">\u202e</code>); the downloaded file holds the bytes as they are.
        </p>
      )}
      <pre data-testid="file-text" className="mt-2 max-h-[32rem] overflow-auto rounded bg-slate-100 text-xs leading-5 dark:bg-slate-950">
        <code className="grid grid-cols-[max-content_1fr]">
          {lines.slice(0, shown).map((line, i) => (
            <span key={i} className="contents">
              <span className="select-none border-r border-slate-300 px-2 text-right text-slate-600 dark:border-slate-700 dark:text-slate-400">{i + 1}</span>
              <span className="whitespace-pre-wrap break-all px-2">
                <VisibleText text={line} multiline />
              </span>
            </span>
          ))}
        </code>
      </pre>
      {rest > 0 && (
        <button
          type="button"
          data-testid="file-text-more"
          onClick={() => setShown((n) => n + LINES_SHOWN)}
          className="mt-1 rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          Show {Math.min(rest, LINES_SHOWN).toLocaleString('en-US')} more lines (of {rest.toLocaleString('en-US')} not shown)
        </button>
      )}
      {more}
    </>
  );
}
