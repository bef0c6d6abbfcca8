'use client';

import { shownName } from '@/lib/fs/shown-name';
import type { HiddenReason } from '@/lib/fs/merged-tree';
import type { ShadowedSpace } from '@/lib/fs/shadowed-space';
import { formatBytes } from '@/lib/format';

const HOW: Record<HiddenReason, (layer: number) => string> = {
  whiteout: (l) => `deleted by layer ${l}`,
  opaque: (l) => `hidden by layer ${l}'s opaque directory`,
  replaced: (l) => `replaced by layer ${l}`,
};

/** Above the merged tree: how much of what the layers ship no container sees, and the largest such files. */
export function ShadowedSpaceSummary({ space, onOpen }: { space: ShadowedSpace; onOpen: (layer: number, path: string) => void }) {
  const { layerBytes, shadowedBytes, shadowedFiles, largest } = space;
  if (layerBytes === 0) return null;
  if (shadowedFiles === 0) {
    return (
      <p data-testid="shadowed-space" data-bytes="0" className="mb-3 text-xs text-slate-500 dark:text-slate-400">
        Every file byte the layers ship ({formatBytes(layerBytes)}) is in the merged filesystem: no layer replaces or deletes another layer&apos;s files.
      </p>
    );
  }
  const share = shadowedBytes / layerBytes;
  const percent = share > 0 && share < 0.01 ? 'under 1%' : `${Math.round(share * 100)}%`;
  return (
    <details data-testid="shadowed-space" data-bytes={shadowedBytes} className="mb-3 text-xs">
      <summary className="cursor-pointer text-slate-600 dark:text-slate-400">
        <strong className="text-slate-900 dark:text-slate-100">{formatBytes(shadowedBytes)}</strong> of the {formatBytes(layerBytes)} of files the layers
        ship ({percent}) never reach a container: {shadowedFiles === 1 ? 'one file' : `${shadowedFiles.toLocaleString('en-US')} files`} replaced or deleted by
        a higher layer, which every pull downloads all the same.
      </summary>
      <table className="mt-1 w-full text-left" data-testid="shadowed-files">
        <tbody>
          {largest.map((f) => (
            <tr key={`${f.layer}:${f.path}`} data-testid="shadowed-file" data-path={f.path} data-layer={f.layer}>
              <td className="py-0.5 pr-3 [overflow-wrap:anywhere]">
                <button
                  type="button"
                  className="text-left font-mono text-sky-700 hover:underline dark:text-sky-400"
                  title={`Open ${shownName(f.path)} in layer ${f.layer + 1}, where it still is`}
                  onClick={() => onOpen(f.layer, f.path)}
                >
                  {shownName(f.path)}
                </button>
              </td>
              <td className="whitespace-nowrap py-0.5 pr-3 text-right" title={f.apparentSize !== undefined ? `A sparse file of ${formatBytes(f.apparentSize)} with its holes: its layer stores ${formatBytes(f.size)}` : undefined}>
                {formatBytes(f.size)}
                {f.apparentSize !== undefined && <span className="text-slate-500 dark:text-slate-400"> (sparse, {formatBytes(f.apparentSize)} with holes)</span>}
              </td>
              <td className="py-0.5 text-slate-500 dark:text-slate-400">
                layer {f.layer + 1}, {HOW[f.reason](f.hiddenBy + 1)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shadowedFiles > largest.length && (
        <p className="mt-1 text-slate-500 dark:text-slate-400">
          The {largest.length} largest of {shadowedFiles.toLocaleString('en-US')}; &ldquo;show hidden&rdquo; in the tree lists every one in its place.
        </p>
      )}
    </details>
  );
}
