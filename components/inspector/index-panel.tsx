import { isPending, type ShownState } from '@/lib/inspect/first-view-state';
import { formatBytes } from '@/lib/format';
import { MediaType } from '@/lib/oci/media-types';
import type { Reference } from '@/lib/reference';
import { DigestBadge, NotAskedFor } from './digest-badge';
import { digestLinker } from './links';
import { Panel } from './panel';
import { Annotations } from './annotations';
import { ViewLink } from './view-link';
import { RawJson } from './raw-json';
import { VisibleText } from './visible-text';
import { indexTargets, type DigestLinker } from './digest-targets';

type IndexState = NonNullable<ShownState['index']>;

/** An image index: its platforms (choose one), its attestations, its digest check. */
export function IndexPanel({
  index,
  choice,
  onChoose,
  reference,
  linkDigest,
  nested = false,
}: {
  reference: Reference;
  /** An index named by an entry of another, followed to find the platform. */
  nested?: boolean;
  /** Where digests lead; a local archive passes its own (its digests lead nowhere on a registry). */
  linkDigest?: DigestLinker;
  index: IndexState;
  choice?: ShownState['platform'];
  onChoose: (platform: string) => void;
}) {
  const { view, check } = index;
  const link = linkDigest ?? digestLinker(reference);
  // Only Windows images say their OS version: an empty column would take a phone's width from the digests.
  const anyOsVersion = view.platforms.some((p) => p.osVersion);
  // Every entry of an index is a manifest (or an index) of the same repository: each digest opens its own view.
  const manifestLink = (digest: string, mediaType: string = MediaType.OciManifest) => link(digest, mediaType);
  return (
    <Panel title={nested ? 'Nested image index' : 'Image index'} testId={nested ? 'nested-index-panel' : 'index-panel'} aside={<DigestBadge check={check} />}>
      <p className="text-sm">
        <span data-testid="index-media-type">{view.mediaTypeWords}</span>{' '}
        <span className="break-all font-mono text-xs text-slate-500 dark:text-slate-400"><VisibleText text={view.mediaType} /></span>
      </p>
      <p className="digest mt-1" data-testid="index-digest">
        {view.digest}
      </p>
      {!isPending(check) && !check.ok && <NotAskedFor subject="index" />}
      <table className="mt-3 w-full text-left text-sm">
        <thead className="text-xs text-slate-500 dark:text-slate-400">
          <tr>
            <th className="py-1">Platform</th>
            {anyOsVersion && <th>OS version</th>}
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
                    <VisibleText text={p.platform} />
                  </button>
                  {chosen && <span className="ml-2 rounded bg-sky-700 px-1.5 text-xs text-white">chosen</span>}
                </td>
                {anyOsVersion && <td className="font-mono text-xs">{p.osVersion && <VisibleText text={p.osVersion} />}</td>}
                <td title={`${p.size} bytes`}>{formatBytes(p.size)}</td>
                <td className="digest">
                  <DigestLink href={manifestLink(p.digest, p.mediaType)} digest={p.digest} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {/* Our sentence: the platforms in it are escaped already (choosePlatform). */}
      {choice && (
        <p className="mt-2 text-xs text-slate-500 dark:text-slate-400" data-testid="platform-reason">
          {choice.reason}
        </p>
      )}
      {view.attestations.length > 0 && (
        <div className="mt-3">
          <h3 className="text-sm font-medium">Attestations (not platforms)</h3>
          <ul className="mt-1 space-y-1 text-xs">
            {view.attestations.map((a) => (
              <li key={a.digest} data-testid="attestation-row">
                <span className="rounded bg-amber-100 px-1 text-amber-900 dark:bg-amber-900 dark:text-amber-100">
                  <VisibleText text={a.type} />
                </span>{' '}
                <span className="digest">
                  <DigestLink href={manifestLink(a.digest)} digest={a.digest} />
                </span>
                {a.refersTo && (
                  <span className="text-slate-500 dark:text-slate-400">
                    {' '}
                    for{' '}
                    <span className="digest">
                      <DigestLink href={manifestLink(a.refersTo)} digest={a.refersTo} />
                    </span>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {view.others.length > 0 && (
        <div className="mt-3">
          <h3 className="text-sm font-medium">Other entries (no platform)</h3>
          <ul className="mt-1 space-y-1 text-xs">
            {view.others.map((o) => (
              <li key={o.digest} data-testid="other-entry-row" className="[overflow-wrap:anywhere]">
                <span>{o.mediaTypeWords}</span>
                {o.artifactType && (
                  <span className="font-mono text-slate-500 dark:text-slate-400">
                    {' '}
                    (<VisibleText text={o.artifactType} />)
                  </span>
                )}{' '}
                <span title={`${o.size} bytes`}>{formatBytes(o.size)}</span>{' '}
                <span className="digest">
                  <DigestLink href={link(o.digest, o.mediaType)} digest={o.digest} />
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <Annotations entries={view.annotations} testId="index-annotations" />
      <RawJson text={index.raw} targetOf={indexTargets(view, link, onChoose)} testId="index-raw" />
    </Panel>
  );
}

/** A digest that opens its own view, or plain text where it leads nowhere (a local archive). */
function DigestLink({ href, digest }: { href: string | undefined; digest: string }) {
  if (!href) return <>{digest}</>;
  return (
    <ViewLink href={href} data-testid="index-digest-link" className="text-sky-700 hover:underline dark:text-sky-400">
      {digest}
    </ViewLink>
  );
}
