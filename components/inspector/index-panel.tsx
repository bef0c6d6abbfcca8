import type { ShownState } from '@/lib/inspect/first-view-state';
import { formatBytes } from '@/lib/format';
import type { Reference } from '@/lib/reference';
import { DigestBadge } from './digest-badge';
import { digestLinker } from './links';
import { Panel } from './panel';
import { RawJson, type DigestLinker } from './raw-json';

type IndexState = NonNullable<ShownState['index']>;

/** An image index: its platforms (choose one), its attestations, its digest check. */
export function IndexPanel({
  index,
  choice,
  onChoose,
  reference,
  linkDigest,
}: {
  reference: Reference;
  /** Where digests lead; a local archive passes its own (its digests lead nowhere on a registry). */
  linkDigest?: DigestLinker;
  index: IndexState;
  choice?: ShownState['platform'];
  onChoose: (platform: string) => void;
}) {
  const { view, check } = index;
  return (
    <Panel title="Image index" testId="index-panel" aside={<DigestBadge check={check} />}>
      <p className="text-sm">
        <span data-testid="index-media-type">{view.mediaTypeWords}</span>{' '}
        <span className="break-all font-mono text-xs text-slate-500">{view.mediaType}</span>
      </p>
      <p className="digest mt-1" data-testid="index-digest">
        {view.digest}
      </p>
      <table className="mt-3 w-full text-left text-sm">
        <thead className="text-xs text-slate-500">
          <tr>
            <th className="py-1">Platform</th>
            <th>OS version</th>
            <th>Size</th>
            <th>Digest</th>
          </tr>
        </thead>
        <tbody>
          {view.platforms.map((p) => {
            const chosen = choice?.chosen === p.platform;
            return (
              <tr key={p.digest + p.platform} data-testid="platform-row" data-platform={p.platform} data-chosen={chosen ? 'true' : 'false'} className={chosen ? 'bg-sky-50 dark:bg-sky-950' : ''}>
                <td className="py-1">
                  <button type="button" onClick={() => onChoose(p.platform)} className="font-mono text-sky-700 hover:underline dark:text-sky-400" aria-pressed={chosen}>
                    {p.platform}
                  </button>
                  {chosen && <span className="ml-2 rounded bg-sky-700 px-1.5 text-xs text-white">chosen</span>}
                </td>
                <td className="font-mono text-xs">{p.osVersion ?? ''}</td>
                <td title={`${p.size} bytes`}>{formatBytes(p.size)}</td>
                <td className="digest">{p.digest}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {choice && <p className="mt-2 text-xs text-slate-500" data-testid="platform-reason">{choice.reason}</p>}
      {view.attestations.length > 0 && (
        <div className="mt-3">
          <h3 className="text-sm font-medium">Attestations (not platforms)</h3>
          <ul className="mt-1 space-y-1 text-xs">
            {view.attestations.map((a) => (
              <li key={a.digest} data-testid="attestation-row">
                <span className="rounded bg-amber-100 px-1 text-amber-900 dark:bg-amber-900 dark:text-amber-100">{a.type}</span>{' '}
                <span className="digest">{a.digest}</span>
                {a.refersTo && (
                  <span className="text-slate-500">
                    {' '}
                    for <span className="digest">{a.refersTo}</span>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      <RawJson text={index.raw} linkDigest={linkDigest ?? digestLinker(reference)} testId="index-raw" />
    </Panel>
  );
}
