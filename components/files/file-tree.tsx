'use client';

import { shownName } from '@/lib/fs/shown-name';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { formatBytes, formatMtime } from '@/lib/format';
import { formatMode } from '@/lib/fs/mode';
import { inodeOf, type TreeRow, type TreeSource } from './tree-source';

type Sort = 'name' | 'size';

interface VisibleRow {
  row: TreeRow;
  depth: number;
  size: number;
}

// Rendering is the cost with huge directories; past this many rows, ask.
const PAGE = 2000;

// A phone has room for the name or for the date: the name wins, and the viewer shows the date.
const MTIME_CELL = 'hidden sm:table-cell';

interface Props {
  source: TreeSource;
  selectedPath?: string;
  onSelect: (path: string) => void;
  /** Names a layer for attribution in the merged view. */
  layerLabel?: (layer: number) => string;
}

/** A browsable, filterable, keyboard-navigable file tree of one layer or of the merged filesystem. */
export function FileTree({ source, selectedPath, onSelect, layerLabel }: Props) {
  // A directory the page opens with, or a link or followed symlink leads to, is shown open; one clicked here toggles.
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set(['/', ...ancestors(selectedPath), ...(selectedPath ? [selectedPath] : [])]));
  const selectedHere = useRef<string | undefined>(undefined);
  const select = (path: string) => {
    selectedHere.current = path;
    onSelect(path);
  };
  const [sort, setSort] = useState<Sort>('name');
  const [filter, setFilter] = useState('');
  const [showHidden, setShowHidden] = useState(false);
  const [limit, setLimit] = useState(PAGE);
  const [focus, setFocus] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);
  const rowIdPrefix = useId();
  // The selected path the keyboard cursor was last moved to: a selection made elsewhere (a followed
  // symlink, a link) moves the cursor once its row is shown, and arrows then go on from there.
  const cursorAt = useRef<string | undefined>(undefined);

  useEffect(() => {
    if (!selectedPath) return;
    const opened = selectedPath === selectedHere.current ? [] : [selectedPath];
    setExpanded((prev) => new Set([...prev, ...ancestors(selectedPath), ...opened]));
  }, [selectedPath]);

  const rows = useMemo<VisibleRow[]>(() => {
    if (filter.trim()) {
      return source.filter(filter.trim(), limit + 1, showHidden).map((row) => ({ row, depth: 0, size: sizeOf(source, row) }));
    }
    const out: VisibleRow[] = [];
    const visit = (path: string, depth: number) => {
      const children = source.children(path, showHidden).map((row) => ({ row, depth, size: sizeOf(source, row) }));
      children.sort(sort === 'size' ? (a, b) => b.size - a.size || cmp(a.row.name, b.row.name) : (a, b) => cmp(a.row.name, b.row.name));
      for (const child of children) {
        if (out.length > limit) return;
        out.push(child);
        if (child.row.type === 'directory' && !child.row.hidden && expanded.has(child.row.path)) visit(child.row.path, depth + 1);
      }
    };
    visit('/', 0);
    return out;
  }, [source, filter, sort, showHidden, expanded, limit]);

  const truncated = rows.length > limit;
  const shown = truncated ? rows.slice(0, limit) : rows;

  useEffect(() => {
    if (!selectedPath || cursorAt.current === selectedPath) return;
    const at = shown.findIndex((v) => v.row.path === selectedPath && !v.row.hidden);
    if (at < 0) return;
    cursorAt.current = selectedPath;
    setFocus(at);
    listRef.current?.querySelectorAll<HTMLElement>('[role="treeitem"]')[at]?.scrollIntoView({ block: 'nearest' });
  }, [selectedPath, shown]);

  const toggle = (path: string, open?: boolean) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      const want = open ?? !next.has(path);
      if (want) next.add(path);
      else next.delete(path);
      return next;
    });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const current = shown[focus];
    if (!current) return;
    const move = (to: number) => {
      event.preventDefault();
      const clamped = Math.max(0, Math.min(shown.length - 1, to));
      setFocus(clamped);
      listRef.current?.querySelectorAll<HTMLElement>('[role="treeitem"]')[clamped]?.scrollIntoView({ block: 'nearest' });
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(focus + 1);
      case 'ArrowUp':
        return move(focus - 1);
      case 'Home':
        return move(0);
      case 'End':
        return move(shown.length - 1);
      case 'ArrowRight':
        if (current.row.type === 'directory' && !expanded.has(current.row.path)) {
          event.preventDefault();
          toggle(current.row.path, true);
        } else move(focus + 1);
        return;
      case 'ArrowLeft':
        if (current.row.type === 'directory' && expanded.has(current.row.path)) {
          event.preventDefault();
          toggle(current.row.path, false);
        } else {
          const parent = parentOf(current.row.path);
          const at = shown.findIndex((r) => r.row.path === parent);
          if (at >= 0) move(at);
        }
        return;
      case 'Enter':
      case ' ':
        event.preventDefault();
        if (current.row.type === 'directory') toggle(current.row.path);
        select(current.row.path);
        return;
    }
  };

  return (
    <div data-testid="file-tree" data-kind={source.kind}>
      <div className="mb-2 flex flex-wrap items-center gap-3 text-sm">
        <label className="flex items-center gap-1">
          <span className="text-slate-500">Filter</span>
          <input
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value);
              setFocus(0);
            }}
            placeholder="path contains…"
            aria-label="Filter paths"
            className="rounded border border-slate-300 px-2 py-0.5 font-mono text-xs dark:border-slate-700 dark:bg-slate-950"
          />
        </label>
        <label className="flex items-center gap-1">
          <span className="text-slate-500">Sort</span>
          <select value={sort} onChange={(e) => setSort(e.target.value as Sort)} aria-label="Sort by" className="rounded border border-slate-300 px-1 text-xs dark:border-slate-700 dark:bg-slate-950">
            <option value="name">name</option>
            <option value="size">size</option>
          </select>
        </label>
        {source.kind === 'merged' && (
          <label className="flex items-center gap-1">
            <input type="checkbox" checked={showHidden} onChange={(e) => setShowHidden(e.target.checked)} />
            <span>show hidden</span>
          </label>
        )}
      </div>
      <div
        ref={listRef}
        role="tree"
        tabIndex={0}
        aria-label="Files"
        aria-activedescendant={shown[focus] ? `${rowIdPrefix}-${focus}` : undefined}
        onKeyDown={onKeyDown}
        className="max-h-[36rem] overflow-auto rounded border border-slate-200 font-mono text-xs focus:outline focus:outline-2 focus:outline-sky-600 dark:border-slate-800"
      >
        {/* Metadata first and the name last, as `ls -l` and dive lay it out: a long or deep name widens only its own column, never pushing the others out of view. */}
        <table className="w-full border-collapse">
          {/* Column names for the eye; inside role="tree" only tree items may speak. */}
          <thead aria-hidden="true" className="sticky top-0 z-10 bg-white text-left text-slate-500 dark:bg-slate-900">
            <tr data-testid="tree-header">
              <th className="py-0.5 pl-1 pr-3 font-normal">mode</th>
              <th className="pr-3 font-normal">owner</th>
              <th className="pr-3 text-right font-normal">size</th>
              <th className={`pr-3 font-normal ${MTIME_CELL}`}>mtime</th>
              {source.kind === 'merged' && <th className="pr-3 font-normal">layer</th>}
              <th className="w-full pr-1 font-normal">name</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((v, i) => (
              <Row
                key={`${v.row.path}#${v.row.layer ?? ''}#${v.row.hidden ? 'h' : ''}`}
                id={`${rowIdPrefix}-${i}`}
                v={v}
                focused={i === focus}
                selected={v.row.path === selectedPath && !v.row.hidden}
                expanded={expanded.has(v.row.path)}
                flat={filter.trim() !== ''}
                layerLabel={layerLabel}
                onClick={() => {
                  setFocus(i);
                  cursorAt.current = v.row.path;
                  if (v.row.type === 'directory' && !v.row.hidden) toggle(v.row.path);
                  select(v.row.path);
                }}
              />
            ))}
          </tbody>
        </table>
        {shown.length === 0 && <p className="p-2 text-slate-500">{filter ? 'No path matches.' : 'Empty.'}</p>}
      </div>
      {truncated && (
        <button type="button" onClick={() => setLimit((n) => n + PAGE)} className="mt-1 text-xs text-sky-700 hover:underline">
          Show {PAGE} more rows
        </button>
      )}
    </div>
  );
}

function Row({
  id,
  v,
  focused,
  selected,
  expanded,
  flat,
  layerLabel,
  onClick,
}: {
  id: string;
  v: VisibleRow;
  focused: boolean;
  selected: boolean;
  expanded: boolean;
  flat: boolean;
  layerLabel?: (layer: number) => string;
  onClick: () => void;
}) {
  const { row, depth, size } = v;
  const inode = inodeOf(row);
  // A whiteout's header describes its marker, not anything a container sees: its row shows only the deletion.
  const marker = row.whiteout === true;
  const isDir = row.type === 'directory';
  const deleted = row.whiteout || row.hidden;
  const classes = [
    'cursor-pointer',
    focused ? 'bg-sky-100 dark:bg-sky-900' : selected ? 'bg-sky-50 dark:bg-sky-950' : 'hover:bg-slate-50 dark:hover:bg-slate-800',
    deleted ? 'text-red-700 line-through decoration-red-400 dark:text-red-400' : '',
  ].join(' ');
  return (
    <tr
      id={id}
      role="treeitem"
      aria-selected={selected}
      aria-expanded={isDir ? expanded : undefined}
      data-testid="tree-row"
      data-focused={focused ? 'true' : undefined}
      data-path={row.path}
      data-type={row.type}
      data-layer={row.layer}
      data-hidden={row.hidden ? 'true' : undefined}
      data-whiteout={row.whiteout ? 'true' : undefined}
      className={classes}
      onClick={onClick}
    >
      <td className="whitespace-nowrap py-0.5 pl-1 pr-3 text-slate-600 dark:text-slate-400" data-testid="row-mode">
        {marker ? '' : formatMode(row.type, inode.mode)}
      </td>
      <td className="whitespace-nowrap pr-3 text-slate-500" data-testid="row-owner">
        {marker ? '' : `${inode.uid}:${inode.gid}`}
      </td>
      {row.type === 'hardlink' ? (
        <td className="whitespace-nowrap pr-3 text-right text-slate-500" data-testid="row-size" title={`${size} bytes, shared with ${shownName(row.linkpath ?? '')}: counted once, there`}>
          {size > 0 ? formatBytes(size) : ''}
        </td>
      ) : (
        <td className="whitespace-nowrap pr-3 text-right" data-testid="row-size" title={`${size} bytes`}>
          {!marker && (row.type === 'file' || isDir) ? formatBytes(size) : ''}
        </td>
      )}
      {/* A directory only implied by its entries has no header, so no mtime. */}
      <td className={`whitespace-nowrap pr-3 text-slate-500 ${MTIME_CELL}`} data-testid="row-mtime">
        {row.implicit || marker ? '' : formatMtime(inode.mtime)}
      </td>
      {row.layer !== undefined && (
        <td className="whitespace-nowrap pr-3 text-slate-500" data-testid="row-layer">
          {layerLabel ? layerLabel(row.layer) : `layer ${row.layer + 1}`}
        </td>
      )}
      <td className="whitespace-nowrap py-0.5 pr-1" data-testid="row-name" style={{ paddingLeft: `${indentRem(flat ? 0 : depth)}rem` }}>
        <span className="inline-block w-3 text-slate-400">{isDir && !flat ? (expanded ? '▾' : '▸') : ''}</span>
        {shownName(flat ? row.path : row.name)}
        {isDir && '/'}
        {row.type === 'symlink' && <span className="text-slate-500"> → {shownName(row.linkpath ?? '')}</span>}
        {row.type === 'hardlink' && <span className="text-slate-500"> ⇒ {shownName(row.linkpath ?? '')} (hardlink)</span>}
        {row.whiteout && <span className="ml-2 rounded bg-red-100 px-1 text-red-800 no-underline dark:bg-red-900 dark:text-red-100">deleted</span>}
        {row.deletes !== undefined && (
          <span className="ml-1 text-slate-500" data-testid="row-deletes">
            {row.deletes === 'nothing' ? '(nothing below to delete)' : `(layer ${row.deletes + 1}'s)`}
          </span>
        )}
        {row.replaces !== undefined && (
          <span className="ml-2 text-xs" data-testid="row-replaces" title={`Writes over layer ${row.replaces + 1}'s entry at this path`}>
            <span className="rounded bg-amber-100 px-1 text-amber-800 dark:bg-amber-900 dark:text-amber-100">changed</span>
            <span className="ml-1 text-slate-500">over layer {row.replaces + 1}</span>
          </span>
        )}
        {row.opaque && <span className="ml-2 rounded bg-amber-100 px-1 text-amber-800 dark:bg-amber-900 dark:text-amber-100">opaque</span>}
        {row.hidden && (
          <span className="ml-2 text-slate-500">
            ({row.reason} by layer {(row.hiddenBy ?? 0) + 1})
          </span>
        )}
      </td>
    </tr>
  );
}

// A level of indent is a full step up to FULL_STEPS levels, then a small one: a name 60 levels down stays within reach.
const FULL_STEPS = 12;
const FULL_STEP_REM = 1;
const SMALL_STEP_REM = 0.125;

/** The left padding of a name `depth` levels down, in rem. */
function indentRem(depth: number): number {
  return 0.25 + Math.min(depth, FULL_STEPS) * FULL_STEP_REM + Math.max(0, depth - FULL_STEPS) * SMALL_STEP_REM;
}

function sizeOf(source: TreeSource, row: TreeRow): number {
  if (row.type === 'directory' && !row.hidden) return source.totalSize(row.path);
  // A hard link's tar entry holds no bytes; it shares its target's, as `ls -l` shows them. Not added to directories: counted once, at the target.
  if (row.type === 'hardlink') return row.linked?.size ?? 0;
  return row.type === 'file' ? row.size : 0;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

function ancestors(path: string | undefined): string[] {
  if (!path) return [];
  const out: string[] = [];
  let p = parentOf(path);
  while (p !== '/') {
    out.push(p);
    p = parentOf(p);
  }
  return out;
}
