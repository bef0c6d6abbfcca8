'use client';

import { useCallback, useDeferredValue, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { scrollToReveal, visibleRange } from './row-window';
import { treeRows, type TreeSort } from './tree-rows';
import { closedSiblingDirectories, nextRowStartingWith, TYPE_AHEAD_PAUSE_MS } from './type-ahead';
import { COLUMN, ROW_PX, TreeRowView } from './tree-row';
import type { TreeRow, TreeSource } from './tree-source';

// A filter lists at most this many matches (and says when there are more): the count is read, the rows are scrolled.
const MATCH_LIMIT = 20_000;
// Rows put in the page beyond the visible ones, on each side, so a scroll of a few rows shows no gap.
const OVERSCAN = 10;
// The list's height before it is measured: its max-h-[36rem].
const VIEW_PX = 576;
const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock']);

interface Props {
  source: TreeSource;
  selectedPath?: string;
  /** The selection is the entry replaced at `selectedPath`, listed beside its replacement (the as-of view), not the replacement. */
  selectedReplaced?: boolean;
  /** Selects a row: its path, and whether it is the replaced one of two rows at that path. */
  onSelect: (path: string, replaced?: boolean) => void;
  /** Names a layer for attribution in the merged view; stable across renders, so rows need not redraw. */
  layerLabel?: (layer: number) => string;
  /** Directories shown open at first besides the way to the selection: those open in the view the user came from. */
  openAtStart?: ReadonlySet<string>;
  /** Hears which directories are open, so the next view can open them too. */
  onOpenChange?: (open: ReadonlySet<string>) => void;
  /** What an empty tree says when a filter outside it (the change boxes) may be what empties it. */
  emptyNote?: string;
}

const defaultLabel = (layer: number) => `layer ${layer + 1}`;

/**
 * A browsable, filterable, keyboard-navigable file tree of one layer or of the merged filesystem. The rows are a
 * windowed list of fixed height: only those in view (and a few around) are in the page, so a layer of a million
 * entries or a filter matching most of them costs what a screenful does.
 */
export function FileTree({ source, selectedPath, selectedReplaced = false, onSelect, layerLabel = defaultLabel, openAtStart, onOpenChange, emptyNote = 'Empty.' }: Props) {
  // A directory the page opens with, or a link or followed symlink leads to, is shown open; one clicked here toggles.
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set(['/', ...(openAtStart ?? []), ...ancestors(selectedPath), ...(selectedPath ? [selectedPath] : [])]));
  useEffect(() => {
    onOpenChange?.(expanded);
  }, [expanded, onOpenChange]);
  const selectedHere = useRef<string | undefined>(undefined);
  const [sort, setSort] = useState<TreeSort>('name');
  const [filter, setFilter] = useState('');
  // Typing stays immediate; the rows follow when React has time, and a keystroke interrupts a stale filtering.
  const deferredFilter = useDeferredValue(filter);
  const [showHidden, setShowHidden] = useState(false);
  const [focus, setFocus] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewHeight, setViewHeight] = useState(VIEW_PX);
  const listRef = useRef<HTMLDivElement>(null);
  const rowIdPrefix = useId();
  // The selected path the keyboard cursor was last moved to: a selection made elsewhere (a followed
  // symlink, a link) moves the cursor once its row is shown, and arrows then go on from there.
  const cursorAt = useRef<string | undefined>(undefined);
  // The name typed so far (type-ahead), and when its last character came.
  const typed = useRef({ text: '', at: 0 });
  // A row the cursor stays on while rows open above it (`*`): its index moves, its path does not.
  const keepCursorOn = useRef<string | undefined>(undefined);

  useEffect(() => {
    if (!selectedPath) return;
    const opened = selectedPath === selectedHere.current ? [] : [selectedPath];
    setExpanded((prev) => new Set([...prev, ...ancestors(selectedPath), ...opened]));
  }, [selectedPath]);

  // Two rows share a path where a layer replaced an entry with one of the other shape: the flag tells which is meant.
  const isSelected = (row: TreeRow) => row.path === selectedPath && !row.hidden && (row.replacedHere === true) === selectedReplaced;

  const flat = deferredFilter.trim() !== '';
  const { rows, moreMatches } = useMemo(
    () => treeRows(source, { filter: deferredFilter, sort, showHidden, expanded, matchLimit: MATCH_LIMIT }),
    [source, deferredFilter, sort, showHidden, expanded],
  );

  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const measure = () => setViewHeight(list.clientHeight - ROW_PX);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(list);
    return () => observer.disconnect();
  }, []);

  /** Scrolls the list (never the page) so row `index` is in view, and draws it at once. */
  const reveal = useCallback((index: number) => {
    const list = listRef.current;
    if (!list) return;
    const to = scrollToReveal(index, list.scrollTop, list.clientHeight - ROW_PX, ROW_PX);
    if (to === undefined) return;
    list.scrollTop = to;
    setScrollTop(list.scrollTop);
  }, []);

  useEffect(() => {
    const list = listRef.current;
    if (list) list.scrollTop = 0;
    setScrollTop(0);
  }, [deferredFilter]);

  useEffect(() => {
    if (!selectedPath || cursorAt.current === selectedPath) return;
    const at = rows.findIndex((v) => v.row.path === selectedPath && !v.row.hidden && (v.row.replacedHere === true) === selectedReplaced);
    if (at < 0) return;
    cursorAt.current = selectedPath;
    setFocus(at);
    reveal(at);
  }, [selectedPath, selectedReplaced, rows, reveal]);

  useEffect(() => {
    const path = keepCursorOn.current;
    if (path === undefined) return;
    keepCursorOn.current = undefined;
    const at = rows.findIndex((v) => v.row.path === path);
    if (at < 0) return;
    setFocus(at);
    reveal(at);
  }, [rows, reveal]);

  const toggle = useCallback(
    (path: string, open?: boolean) =>
      setExpanded((prev) => {
        const next = new Set(prev);
        const want = open ?? !next.has(path);
        if (want) next.add(path);
        else next.delete(path);
        return next;
      }),
    [],
  );

  // Rows are memoized and get one click handler for all: it reads the rows of the latest render.
  const latest = useRef({ rows, onSelect });
  latest.current = { rows, onSelect };
  const activate = useCallback(
    (i: number) => {
      const v = latest.current.rows[i];
      if (!v) return;
      setFocus(i);
      cursorAt.current = v.row.path;
      if (v.row.type === 'directory' && !v.row.hidden) toggle(v.row.path);
      selectedHere.current = v.row.path;
      latest.current.onSelect(v.row.path, v.row.replacedHere);
    },
    [toggle],
  );

  const cursor = Math.min(focus, rows.length - 1);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const current = rows[cursor];
    if (!current) return;
    const move = (to: number) => {
      event.preventDefault();
      const clamped = Math.max(0, Math.min(rows.length - 1, to));
      setFocus(clamped);
      reveal(clamped);
    };
    // Any other key (a modifier aside: Shift types capitals) ends the name being typed: letters typed after it start a new one.
    if (event.key.length !== 1 && !MODIFIER_KEYS.has(event.key)) typed.current.text = '';
    const page = Math.max(1, Math.floor(viewHeight / ROW_PX) - 1);
    const isDir = current.row.type === 'directory' && !current.row.hidden && !flat;
    switch (event.key) {
      case 'ArrowDown':
        return move(cursor + 1);
      case 'ArrowUp':
        return move(cursor - 1);
      case 'PageDown':
        return move(cursor + page);
      case 'PageUp':
        return move(cursor - page);
      case 'Home':
        return move(0);
      case 'End':
        return move(rows.length - 1);
      case 'ArrowRight':
        // A closed directory opens, an open one leads to its first child; on a file the key does nothing (WAI-ARIA tree).
        event.preventDefault();
        if (!isDir) return;
        if (!expanded.has(current.row.path)) toggle(current.row.path, true);
        else if ((rows[cursor + 1]?.depth ?? -1) > current.depth) move(cursor + 1);
        return;
      case 'ArrowLeft':
        if (isDir && expanded.has(current.row.path)) {
          event.preventDefault();
          toggle(current.row.path, false);
        } else {
          const parent = parentOf(current.row.path);
          const at = rows.findIndex((r) => r.row.path === parent);
          if (at >= 0) move(at);
        }
        return;
      case 'Enter':
      case ' ':
        event.preventDefault();
        activate(cursor);
        return;
      case '*': {
        event.preventDefault();
        if (flat) return;
        const closed = closedSiblingDirectories(rows, cursor, (path) => expanded.has(path));
        if (closed.length === 0) return;
        keepCursorOn.current = current.row.path;
        setExpanded((prev) => new Set([...prev, ...closed]));
        return;
      }
    }
    // Type-ahead: a printable character, without a modifier that makes it a shortcut, extends the name typed so far.
    if (event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    const now = event.timeStamp;
    const text = now - typed.current.at > TYPE_AHEAD_PAUSE_MS ? event.key : typed.current.text + event.key;
    typed.current = { text, at: now };
    const to = nextRowStartingWith(rows, cursor, text);
    if (to >= 0) move(to);
  };

  // The rows in view, and the cursor's row wherever it is: aria-activedescendant must name an element of the page.
  const { start, end } = visibleRange(scrollTop, viewHeight, ROW_PX, rows.length, OVERSCAN);
  // In index order, so the page reads in the order the tree shows.
  const drawn: number[] = [];
  if (cursor >= 0 && cursor < start) drawn.push(cursor);
  for (let i = start; i < end; i++) drawn.push(i);
  if (cursor >= end) drawn.push(cursor);
  // The merged filesystem and the filesystem as of a layer both say which layer wrote each entry.
  const merged = source.kind !== 'layer';

  return (
    <div data-testid="file-tree" data-kind={source.kind} className="@container">
      <div className="mb-2 flex flex-wrap items-center gap-3 text-sm">
        <label className="flex items-center gap-1">
          <span className="text-slate-500 dark:text-slate-400">Filter</span>
          <input
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value);
              setFocus(0);
            }}
            placeholder="path contains…"
            aria-label="Filter paths"
            aria-describedby={flat ? `${rowIdPrefix}-count` : undefined}
            className="rounded border border-slate-300 px-2 py-0.5 font-mono text-xs dark:border-slate-700 dark:bg-slate-950"
          />
        </label>
        <label className="flex items-center gap-1">
          <span className="text-slate-500 dark:text-slate-400">Sort</span>
          <select value={sort} onChange={(e) => setSort(e.target.value as TreeSort)} aria-label="Sort by" className="rounded border border-slate-300 px-1 text-xs dark:border-slate-700 dark:bg-slate-950">
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
        {flat && (
          <span id={`${rowIdPrefix}-count`} data-testid="filter-count" aria-live="polite" className="text-xs text-slate-500 dark:text-slate-400">
            {moreMatches
              ? `more than ${MATCH_LIMIT.toLocaleString('en-US')} paths match; the first ${MATCH_LIMIT.toLocaleString('en-US')} are listed`
              : `${rows.length.toLocaleString('en-US')} ${rows.length === 1 ? 'path matches' : 'paths match'}`}
          </span>
        )}
      </div>
      <div
        ref={listRef}
        role="tree"
        tabIndex={0}
        aria-label="Files"
        aria-activedescendant={rows[cursor] ? `${rowIdPrefix}-${cursor}` : undefined}
        aria-busy={filter !== deferredFilter || undefined}
        onKeyDown={onKeyDown}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        className="group max-h-[36rem] overflow-y-auto overflow-x-hidden rounded border border-slate-200 font-mono text-xs focus:outline focus:outline-2 focus:outline-sky-600 dark:border-slate-800"
      >
        {/* The name first, where the eye starts and a narrow screen keeps it; the columns after it give way as the tree narrows. */}
        <div
          aria-hidden="true"
          data-testid="tree-header"
          className="sticky top-0 z-10 flex items-center gap-3 bg-white px-1 text-slate-500 dark:bg-slate-900 dark:text-slate-400"
          style={{ height: ROW_PX }}
        >
          <span className="min-w-0 flex-1 pl-4">name</span>
          <span className={COLUMN.size}>size</span>
          {merged && <span className={COLUMN.layer}>layer</span>}
          <span className={COLUMN.mode}>mode</span>
          <span className={COLUMN.mtime}>mtime</span>
          <span className={COLUMN.owner}>owner</span>
        </div>
        <div className="relative" style={{ height: rows.length * ROW_PX }}>
          {drawn.map((i) => {
            const v = rows[i];
            return (
              <TreeRowView
                key={`${v.row.path}#${v.row.layer ?? ''}#${v.row.hidden ? 'h' : ''}#${v.row.change ?? ''}`}
                id={`${rowIdPrefix}-${i}`}
                index={i}
                v={v}
                focused={i === cursor}
                selected={isSelected(v.row)}
                expanded={expanded.has(v.row.path)}
                flat={flat}
                merged={merged}
                layerLabel={layerLabel}
                onActivate={activate}
              />
            );
          })}
        </div>
        {rows.length === 0 && <p className="p-2 text-slate-500 dark:text-slate-400">{flat ? 'No path matches.' : emptyNote}</p>}
      </div>
    </div>
  );
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
