'use client';

import type { InspectionState } from '@/lib/inspect/inspect-image';
import type { ArchiveImage, ArchiveImageSource } from '@/lib/local/archive-image-source';
import { Facts, Panel } from '@/components/inspector/panel';
import { CompareWithRegistry, type ComparisonContext } from './compare-with-registry';

interface Props {
  /** The file name (or "built-in example"), as the URL labels it. */
  label: string;
  example: boolean;
  status: string;
  archive?: ArchiveImageSource;
  image?: ArchiveImage;
  state?: InspectionState;
  imageIndex: number;
  onChooseImage: (index: number) => void;
  /** The page's credentials and pull trace, for comparing with the registry the archive names. */
  comparison: ComparisonContext;
}

/** What the archive is and holds, where the registry path shows the reference. */
export function ArchiveSummary({ label, example, status, archive, image, state, imageIndex, onChooseImage, comparison }: Props) {
  // What a fact not known yet shows: "…" while the archive is read; once reading failed, that it never will be known.
  const unknown = status === 'error' ? 'not read' : '…';
  return (
    <Panel
      title={example ? 'Built-in example' : 'Local archive'}
      testId="archive-summary"
      aside={status === 'loading' ? <span className="text-sm text-slate-500 dark:text-slate-400">Reading…</span> : undefined}
    >
      <Facts
        rows={[
          ['File', <span key="f" data-testid="archive-name" className="font-mono">{label}</span>],
          ['Container', <span key="c" data-testid="archive-container">{archive?.files.container ?? unknown}</span>],
          ['Layout', <span key="l" data-testid="archive-layout">{archive?.layout ?? unknown}</span>],
          ['Names', <span key="n" className="font-mono">{image?.names.length ? image.names.join(', ') : '—'}</span>],
          [
            image?.synthesized ? 'Synthesized manifest' : 'Resolved to',
            <span key="x" data-testid="resolved-digest" className="digest">
              {state?.resolvedDigest ?? unknown}
              {image?.synthesized && state?.resolvedDigest && <span className="block font-sans text-xs text-slate-500 dark:text-slate-400">made in this tab from manifest.json: no registry serves this digest, so do not pull by it</span>}
            </span>,
          ],
        ]}
      />
      {archive?.files.layoutFolder && (
        <p className="mt-2 text-sm" data-testid="archive-folder-note">
          Read the {archive.layout === 'oci-layout' ? 'layout' : archive.layout} inside the folder &apos;{archive.files.layoutFolder}&apos;: the
          archive holds that folder, with the image&apos;s files in it rather than at its root.
        </p>
      )}
      {archive && archive.images.length > 1 && (
        <label className="mt-2 block text-sm">
          The archive holds {archive.images.length} images:{' '}
          <select
            className="rounded border border-slate-300 bg-transparent px-1 py-0.5 dark:border-slate-700"
            value={imageIndex}
            onChange={(e) => onChooseImage(Number(e.target.value))}
          >
            {archive.images.map((img, i) => (
              <option key={`${i}-${img.descriptor.digest}`} value={i}>
                {img.names[0] ?? img.descriptor.digest.slice(0, 19)}
              </option>
            ))}
          </select>
        </label>
      )}
      <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
        Read in this browser; nothing was uploaded. Every document and layer is checked against the digest that names it.{' '}
        {example
          ? 'This link reopens the example on any Pullscope, with no registry and no network.'
          : 'The link names the file only as a label: a file on your disk cannot be reopened from a link, so choose it again after a reload.'}
      </p>
      {image && state && <CompareWithRegistry key={image.descriptor.digest} names={image.names} state={state} context={comparison} />}
    </Panel>
  );
}
