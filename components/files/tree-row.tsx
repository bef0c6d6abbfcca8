'use client';

import { memo, type CSSProperties } from 'react';
import { shownName } from '@/lib/fs/shown-name';
import { formatBytes, formatMtime } from '@/lib/format';
import { formatMode } from '@/lib/fs/mode';
import { DEVICE_WORDS, formatDevice, formatOwner, ownerIds, xattrsWords } from '@/lib/fs/listing-fields';
import type { RemovedBy } from '@/lib/fs/layer-as-of';
import { inodeOf, type TreeRow } from './tree-source';
import type { VisibleRow } from './tree-rows';

/** Height of every row, in px: the list is windowed, so a row's place is its index times this. */
export const ROW_PX = 22;

/**
 * The metadata columns after the name, each shown once the tree is wide enough (a container query, so the same
 * rule holds beside the viewer and on its own): the name always keeps most of the room, and the viewer shows
 * every field of the row selected. Sizes first, as they are what a tree of an image is read for.
 */
export const COLUMN = {
  size: 'w-[9ch] shrink-0 text-right',
  // As wide as the image's widest layer label (layerColumnStyle): "layer 127" needs a character more than "layer 12".
  layer: 'hidden w-[var(--layer-column,8ch)] shrink-0 truncate @sm:block',
  mode: 'hidden w-[10ch] shrink-0 @md:block',
  mtime: 'hidden w-[19ch] shrink-0 @xl:block',
  owner: 'hidden w-[11ch] shrink-0 truncate @3xl:block',
} as const;

/** Sizes the layer column of the trees inside the element it styles for an image of `layers` layers, whose widest label is "layer <layers>". */
export function layerColumnStyle(layers: number): CSSProperties {
  // A character to spare: a label exactly as wide as its column may round over it and lose its last digit to an ellipsis.
  return { '--layer-column': `${`layer ${Math.max(1, layers)}`.length + 1}ch` } as CSSProperties;
}

interface Props {
  id: string;
  index: number;
  v: VisibleRow;
  /** The keyboard cursor is on it; drawn only while the tree has focus. */
  focused: boolean;
  selected: boolean;
  expanded: boolean;
  /** A filter's flat list: full paths, no indent. */
  flat: boolean;
  merged: boolean;
  layerLabel: (layer: number) => string;
  onActivate: (index: number) => void;
}

/** One entry of the file tree: a treeitem named by the file's name, its metadata in its description. */
export const TreeRowView = memo(function TreeRowView({ id, index, v, focused, selected, expanded, flat, merged, layerLabel, onActivate }: Props) {
  const { row, depth, size } = v;
  const inode = inodeOf(row);
  // A whiteout's header describes its marker, not anything a container sees: its row shows only the deletion.
  const marker = row.whiteout === true;
  const isDir = row.type === 'directory';
  const deleted = row.whiteout || row.hidden || row.change === 'removed';
  const name = shownName(flat ? row.path : row.name) + (isDir ? '/' : '');
  const link = row.type === 'symlink' ? ` → ${shownName(row.linkpath ?? '')}` : row.type === 'hardlink' ? ` ⇒ ${shownName(row.linkpath ?? '')} (hardlink${row.impossibleLink ? `: ${IMPOSSIBLE_LINK[row.impossibleLink]}` : ''})` : '';
  // On a selected row's tinted background the secondary text darkens (lightens, dark) to keep 4.5:1.
  const quiet = selected ? 'text-slate-700 dark:text-slate-200' : 'text-slate-500 dark:text-slate-400';
  const mode = marker ? '' : formatMode(row.type, inode.mode);
  // The column has room for the numbers; the names tar shows are in its title and in the description.
  const owner = marker ? '' : ownerIds(inode);
  const ownerNamed = marker ? '' : formatOwner(inode);
  // A directory only implied by its entries has no header, so no mtime.
  const mtime = row.implicit || marker ? '' : formatMtime(inode.mtime);
  const device = !marker && (row.type === 'char' || row.type === 'block');
  // A device has no size: `tar -tv` and `ls -l` show its major and minor numbers in that column.
  const shownSize = row.type === 'hardlink' ? (size > 0 ? formatBytes(size) : '') : device ? formatDevice(row.devmajor, row.devminor) : !marker && (row.type === 'file' || isDir) ? formatBytes(size) : '';
  const layer = row.layer !== undefined ? layerLabel(row.layer) : '';
  const classes = [
    'absolute inset-x-0 flex cursor-pointer items-center gap-3 px-1',
    selected ? 'bg-sky-100 dark:bg-sky-900' : 'hover:bg-slate-50 dark:hover:bg-slate-800',
    // The cursor is an outline, selection a background: both can show on one row and never look alike.
    focused ? 'group-focus:outline group-focus:outline-2 group-focus:-outline-offset-2 group-focus:outline-sky-600 dark:group-focus:outline-sky-400' : '',
    deleted ? `line-through decoration-red-400 ${selected ? 'text-red-800 dark:text-red-200' : 'text-red-700 dark:text-red-400'}` : '',
  ].join(' ');
  return (
    <div
      id={id}
      role="treeitem"
      aria-level={depth + 1}
      aria-setsize={v.setSize}
      aria-posinset={v.position}
      aria-selected={selected}
      aria-expanded={isDir && !row.hidden && !flat ? expanded : undefined}
      aria-label={row.change !== undefined && row.change !== 'unchanged' ? `${name}, ${row.change}` : name}
      aria-description={describe(v, { mode, owner: ownerNamed, mtime, size: device ? '' : shownSize, layer })}
      data-testid="tree-row"
      data-focused={focused ? 'true' : undefined}
      data-path={row.path}
      data-type={row.type}
      data-layer={row.layer}
      data-hidden={row.hidden ? 'true' : undefined}
      data-whiteout={row.whiteout ? 'true' : undefined}
      data-change={row.change}
      className={classes}
      style={{ top: index * ROW_PX, height: ROW_PX }}
      onClick={() => onActivate(index)}
    >
      <span data-testid="row-name" className="flex min-w-0 flex-1 items-center whitespace-pre" title={name + link}>
        {/* The indent stops at 40% of the name's room: a name 80 levels down still starts in view; aria-level tells its depth. */}
        <span data-testid="row-indent" className="shrink-0" style={{ width: `min(${indentRem(flat ? 0 : depth)}rem, 40%)` }} />
        <span className={`inline-block w-3 shrink-0 ${quiet}`}>{isDir && !flat ? (expanded ? '▾' : '▸') : ''}</span>
        <MiddleEllipsis text={name} tail={flat ? tailOfPath(name) : NAME_TAIL} />
        {/* The name keeps its room: what follows it has only the room it leaves (a basis of 0). There a link's target gives
            way first, then the marks, cut at their end (a removal's reason before its mark); a removed entry keeps the
            start of its mark, so even a long name's row reads as removed. The viewer shows all of it. */}
        <span className={`flex flex-1 basis-0 items-center overflow-hidden ${row.change === 'removed' ? 'min-w-[5ch]' : 'min-w-0'}`}>
          <span className={`min-w-0 truncate ${quiet}`}>{link}</span>
          <RowMarks v={v} quiet={quiet} />
        </span>
      </span>
      <span
        className={COLUMN.size}
        data-testid="row-size"
        title={
          row.type === 'hardlink'
            ? `${size} bytes, shared with ${shownName(row.linkpath ?? '')}: counted once, there`
            : device
              ? `${DEVICE_WORDS[row.type as 'char' | 'block']} ${shownSize} (major ${row.devmajor ?? 0}, minor ${row.devminor ?? 0})`
              : `${size} bytes`
        }
      >
        {shownSize}
      </span>
      {merged && (
        <span className={`${COLUMN.layer} ${quiet}`} data-testid="row-layer">
          {layer}
        </span>
      )}
      <span className={`${COLUMN.mode} ${quiet}`} data-testid="row-mode">
        {mode}
      </span>
      <span className={`${COLUMN.mtime} ${quiet}`} data-testid="row-mtime">
        {mtime}
      </span>
      <span className={`${COLUMN.owner} ${quiet}`} data-testid="row-owner" title={ownerNamed !== owner ? ownerNamed : undefined}>
        {owner}
      </span>
    </div>
  );
});

/** The badges after a name: deleted, what a layer's entry did to the layers below, opaque, hidden. */
function RowMarks({ v, quiet }: { v: VisibleRow; quiet: string }) {
  const { row } = v;
  return (
    <span className="flex shrink-0 items-center">
      {row.change !== undefined && row.change !== 'unchanged' && <ChangeMark row={row} quiet={quiet} />}
      {row.whiteout && <span className="ml-2 rounded bg-red-100 px-1 text-red-800 no-underline dark:bg-red-900 dark:text-red-100">deleted</span>}
      {row.deletes !== undefined && (
        <span className={`ml-1 truncate ${quiet}`} data-testid="row-deletes">
          {row.deletes === 'nothing' ? '(nothing below to delete)' : `(layer ${row.deletes + 1}'s)`}
        </span>
      )}
      {row.replaces !== undefined && (
        <span className="ml-2 truncate" data-testid="row-replaces" title={`Writes over layer ${row.replaces + 1}'s entry at this path`}>
          <span className="rounded bg-amber-100 px-1 text-amber-800 dark:bg-amber-900 dark:text-amber-100">changed</span>
          <span className={`ml-1 ${quiet}`}>over layer {row.replaces + 1}</span>
        </span>
      )}
      {row.opaque && <span className="ml-2 rounded bg-amber-100 px-1 text-amber-800 dark:bg-amber-900 dark:text-amber-100">opaque</span>}
      {row.hidden && (
        <span className={`ml-2 truncate ${quiet}`}>
          ({row.reason} by layer {(row.hiddenBy ?? 0) + 1})
        </span>
      )}
    </span>
  );
}

/** What a layer did to an entry of the filesystem as of it: a symbol and a word, so the mark never rests on colour alone. */
const CHANGE_MARK = {
  added: { text: '+ added', className: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100' },
  modified: { text: '~ modified', className: 'bg-amber-100 text-amber-800 dark:bg-amber-900 dark:text-amber-100' },
  removed: { text: '− removed', className: 'bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100' },
} as const;

function ChangeMark({ row, quiet }: { row: VisibleRow['row']; quiet: string }) {
  if (row.change === undefined || row.change === 'unchanged') return null;
  const mark = CHANGE_MARK[row.change];
  return (
    <span className="ml-2 truncate" data-testid="row-change">
      {/* An inline block, so the struck-through row does not strike its mark too. */}
      <span className={`inline-block rounded px-1 ${mark.className}`}>{mark.text}</span>
      {/* An inline block too, so only the name is struck and the reason reads; a narrow screen gets its one word. */}
      {row.removedBy !== undefined && (
        <span data-testid="row-removed-by" className={`ml-1 inline-block ${quiet}`} title={`Removed ${removedWords(row.removedBy)}`}>
          <span className="@lg:hidden">({REMOVED_WORD[row.removedBy]})</span>
          <span className="hidden @lg:inline">({removedWords(row.removedBy)})</span>
        </span>
      )}
    </span>
  );
}

/** How a layer removed an entry, in a few words. */
function removedWords(by: RemovedBy): string {
  return by === 'whiteout' ? 'by a whiteout' : by === 'opaque' ? 'by an opaque directory' : 'replaced';
}

/** The same in one word, for a narrow screen. */
const REMOVED_WORD: Record<RemovedBy, string> = { whiteout: 'whiteout', opaque: 'opaque', replaced: 'replaced' };

// A name keeps its last characters (an extension, a version) when it must be cut: the cut is in the middle.
const NAME_TAIL = 10;

/** A path keeps its last component whole when it can, up to a point. */
function tailOfPath(path: string): number {
  const base = path.endsWith('/') ? path.slice(0, -1) : path;
  return Math.min(24, path.length - base.lastIndexOf('/') - 1);
}

/** Text that, when it does not fit, loses characters from its middle (an ellipsis there) and keeps its start and its last `tail` characters. */
function MiddleEllipsis({ text, tail }: { text: string; tail: number }) {
  const chars = Array.from(text);
  if (chars.length <= tail + 3)
    return (
      <span data-testid="row-label" className="min-w-0 truncate">
        {text}
      </span>
    );
  return (
    <span data-testid="row-label" className="flex min-w-0">
      <span className="min-w-0 truncate">{chars.slice(0, chars.length - tail).join('')}</span>
      <span className="shrink-0">{chars.slice(chars.length - tail).join('')}</span>
    </span>
  );
}

/** What a screen reader says after the name: the kind of entry, its marks, then its metadata. */
function describe(v: VisibleRow, shown: { mode: string; owner: string; mtime: string; size: string; layer: string }): string {
  const { row } = v;
  const kind =
    row.type === 'symlink'
      ? `symbolic link to ${shownName(row.linkpath ?? '')}`
      : row.type === 'hardlink'
        ? `hard link to ${shownName(row.linkpath ?? '')}`
        : row.type === 'directory'
          ? 'directory'
          : row.type === 'file'
            ? 'file'
            : row.type === 'char' || row.type === 'block'
              ? `${DEVICE_WORDS[row.type]} ${formatDevice(row.devmajor, row.devminor)}`
              : row.type;
  const xattrs = inodeOf(row).xattrs;
  const marks = [
    row.change === 'removed' && row.removedBy !== undefined && `removed ${removedWords(row.removedBy)}`,
    row.whiteout && (row.deletes === undefined ? 'deleted' : row.deletes === 'nothing' ? 'deleted, nothing below to delete' : `deletes layer ${row.deletes + 1}'s`),
    row.replaces !== undefined && `changed over layer ${row.replaces + 1}`,
    row.opaque && 'opaque',
    row.impossibleLink && IMPOSSIBLE_LINK[row.impossibleLink],
    row.hidden && `${row.reason} by layer ${(row.hiddenBy ?? 0) + 1}`,
    !row.whiteout && xattrs !== undefined && xattrsWords(xattrs),
  ];
  return [kind, ...marks, shown.size, shown.mode, shown.owner, shown.mtime, shown.layer && `from ${shown.layer}`].filter(Boolean).join(', ');
}

/** Why a hard link cannot exist on any filesystem (link(2) refuses it): extraction fails there, and the flattened rootfs leaves it out. */
const IMPOSSIBLE_LINK: Record<NonNullable<TreeRow['impossibleLink']>, string> = {
  directory: 'cannot exist, it links a directory',
  cycle: 'cannot exist, it links back to itself',
};

// A level of indent is a full step up to FULL_STEPS levels, then a small one: a name 60 levels down stays within reach.
const FULL_STEPS = 12;
const FULL_STEP_REM = 1;
const SMALL_STEP_REM = 0.125;

/** The left padding of a name `depth` levels down, in rem. */
function indentRem(depth: number): number {
  return 0.25 + Math.min(depth, FULL_STEPS) * FULL_STEP_REM + Math.max(0, depth - FULL_STEPS) * SMALL_STEP_REM;
}
