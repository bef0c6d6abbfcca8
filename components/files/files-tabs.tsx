'use client';

import { useEffect, useRef, type KeyboardEvent } from 'react';

/** One tab of the files section: the merged filesystem or a layer. */
export interface FilesTab {
  id: string;
  label: string;
  /** Its tree is ready to show; until then the tab is disabled. */
  ready: boolean;
  /** Said on hover: what the layer is (its size, its digest). */
  title?: string;
}

/** The id of the element of the tab at `index`, for the tab panel's aria-labelledby. */
export function tabElementId(idPrefix: string, index: number): string {
  return `${idPrefix}-tab-${index}`;
}

/**
 * The views of the files section as the ARIA tabs pattern has them: one Tab stop (the selected tab), arrows,
 * Home and End move between the tabs and select the one reached; an image of 65 layers is then one key press to
 * cross, not 66. A tab reached by the arrows replaces the page's history entry (`replace`), so Back goes to the view
 * before the arrows, not through every tab passed; a click or Enter adds one.
 */
export function FilesTabs({
  tabs,
  selected,
  onSelect,
  idPrefix,
}: {
  tabs: FilesTab[];
  selected: string;
  onSelect: (id: string, replace: boolean) => void;
  idPrefix: string;
}) {
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const ready = tabs.flatMap((t, i) => (t.ready ? [i] : []));
  // The selected tab is the Tab stop; when it is not one of these (a link's missing layer), the first ready one is.
  const stop = tabs.findIndex((t) => t.id === selected && t.ready) >= 0 ? tabs.findIndex((t) => t.id === selected) : ready[0];

  // Back and Forward change the selected tab: a focus left inside the tablist follows it, as the arrows' focus does.
  // Not for a selection asked for here: arrows pressed faster than the address follows them have the focus ahead of
  // the selection, rightly. These are the tabs asked for, oldest first, whose selection has not come yet.
  const asked = useRef<string[]>([]);
  const ask = (id: string, replace: boolean) => {
    if (id !== selected) asked.current.push(id);
    onSelect(id, replace);
  };
  useEffect(() => {
    const ours = asked.current.indexOf(selected);
    if (ours >= 0) {
      asked.current.splice(0, ours + 1);
      return;
    }
    asked.current = [];
    const at = tabs.findIndex((t) => t.id === selected);
    const focused = refs.current.findIndex((el) => el !== null && el === document.activeElement);
    if (focused >= 0 && focused !== at) refs.current[at]?.focus();
    // Only a change of the selection moves the focus, not the tabs' list, which changes as layers finish.
  }, [selected]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = ready.indexOf(refs.current.findIndex((el) => el === event.target));
    if (at < 0 || ready.length === 0) return;
    const to =
      event.key === 'ArrowRight'
        ? ready[(at + 1) % ready.length]
        : event.key === 'ArrowLeft'
          ? ready[(at - 1 + ready.length) % ready.length]
          : event.key === 'Home'
            ? ready[0]
            : event.key === 'End'
              ? ready[ready.length - 1]
              : undefined;
    if (to === undefined) return;
    event.preventDefault();
    refs.current[to]?.focus();
    ask(tabs[to].id, true);
  };

  return (
    <div role="tablist" aria-label="Files of" className="mb-3 flex flex-wrap gap-1 text-sm" onKeyDown={onKeyDown}>
      {tabs.map((t, i) => (
        <button
          key={t.id}
          ref={(el) => {
            refs.current[i] = el;
          }}
          id={tabElementId(idPrefix, i)}
          type="button"
          role="tab"
          aria-selected={selected === t.id}
          aria-controls={`${idPrefix}-panel`}
          tabIndex={i === stop ? 0 : -1}
          title={t.title}
          data-testid={`files-tab-${t.id === 'merged' ? 'merged' : 'layer'}`}
          disabled={!t.ready}
          onClick={() => ask(t.id, false)}
          className={`rounded px-2 py-0.5 ${selected === t.id ? 'bg-sky-700 text-white' : 'bg-slate-100 hover:bg-slate-200 disabled:opacity-50 dark:bg-slate-800'}`}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
