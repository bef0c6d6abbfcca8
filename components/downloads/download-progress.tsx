'use client';

import { formatBytes } from '@/lib/format';
import { shownName } from '@/lib/fs/shown-name';
import { secondsLeft, type DownloadStatus } from './use-download';

/**
 * The panel's one download: bar, bytes, rate and time left, Cancel; or how it ended. How it ended is said in a
 * polite status region that is on the page before it fills, so a screen reader announces it once (not every byte).
 */
export function DownloadProgress({ status, onCancel }: { status: DownloadStatus; onCancel: () => void }) {
  return (
    <>
      <div role="status" data-testid="download-outcome">
        {(status.kind === 'done' || status.kind === 'cancelled') && <Outcome status={status} />}
      </div>
      {status.kind === 'error' && (
        <div role="alert" data-testid="download-error" data-code={status.error.code} className="text-sm text-red-700 dark:text-red-400">
          <strong>{status.label} failed:</strong> {status.error.message}
          {status.error.suggestion && <span className="block text-slate-600 dark:text-slate-400">{status.error.suggestion}</span>}
          <span className="block text-xs text-slate-500 dark:text-slate-400">Nothing was saved as complete.</span>
        </div>
      )}
      {status.kind === 'running' && <Running status={status} onCancel={onCancel} />}
    </>
  );
}

/** A download that ended saved or cancelled. */
function Outcome({ status }: { status: Extract<DownloadStatus, { kind: 'done' | 'cancelled' }> }) {
  if (status.kind === 'cancelled') {
    return (
      <p data-testid="download-progress" data-status="cancelled" className="text-sm text-slate-500 dark:text-slate-400">
        {status.label}: cancelled, nothing saved.
      </p>
    );
  }
  const { leftOut } = status;
  if (leftOut.length === 0) {
    return (
      <p data-testid="download-progress" data-status="done" data-bytes={status.bytes} className="text-sm text-emerald-700 dark:text-emerald-400">
        ✓ {status.label}: saved {shownName(status.name)} ({formatBytes(status.bytes)})
      </p>
    );
  }
  // Saved, but not all of the image: say so in the same breath, and list every entry missing with its reason.
  return (
    <div data-testid="download-progress" data-status="done" data-bytes={status.bytes} data-left-out={leftOut.length} className="text-sm">
      <p className="text-amber-700 dark:text-amber-400">
        ⚠ {status.label}: saved {shownName(status.name)} ({formatBytes(status.bytes)}) without {leftOut.length === 1 ? '1 entry' : `${leftOut.length} entries`} of the image:
      </p>
      <ul data-testid="download-left-out" className="mt-1 list-disc pl-5 text-xs text-slate-700 dark:text-slate-300">
        {leftOut.map((entry) => (
          <li key={entry.path} className="break-all">
            {entry.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A download under way: its bar, bytes, rate, time left and Cancel. */
function Running({ status, onCancel }: { status: Extract<DownloadStatus, { kind: 'running' }>; onCancel: () => void }) {
  const { bytes, total, approximate } = status;
  // An estimated total may be passed: hold the bar short of full until the end.
  const fraction = total ? Math.min(approximate ? 0.99 : 1, bytes / total) : 0;
  const eta = secondsLeft(status);
  return (
    <div data-testid="download-progress" data-status="running" data-bytes={bytes}>
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span>
          {status.label}: <span className="break-all font-mono text-xs">{shownName(status.name)}</span>
        </span>
        <button
          type="button"
          data-testid="download-cancel"
          className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          onClick={onCancel}
        >
          Cancel
        </button>
      </div>
      <div
        className="mt-1 h-1.5 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-800"
        role="progressbar"
        aria-label={`${status.label} progress`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
      >
        <div className="h-full bg-sky-500" style={{ width: `${fraction * 100}%` }} />
      </div>
      <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
        {formatBytes(bytes)} / {total === undefined ? '?' : `${approximate ? 'about ' : ''}${formatBytes(total)}`}
        {status.bytesPerSecond > 0 && ` · ${formatBytes(Math.round(status.bytesPerSecond))}/s`}
        {eta !== undefined && <span data-testid="download-eta">{` · ${formatDuration(eta)} left`}</span>}
      </p>
      {status.method === 'memory' && (
        <p data-testid="download-in-memory" className="mt-0.5 text-xs text-amber-700 dark:text-amber-400">
          This browser cannot stream downloads here: the file is collected in the tab and offered when complete.
        </p>
      )}
    </div>
  );
}

/** "42 s", "3 min 5 s", "1 h 2 min". */
function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
