import type { ShownState } from '@/lib/inspect/first-view-state';
import { isPending } from '@/lib/inspect/first-view-state';
import { Facts, Panel } from './panel';

/** Whether the document the reference named came back as other bytes (the pull stopped there). */
function substituted(state: ShownState): boolean {
  const check = (state.index ?? state.manifest)?.check;
  return check !== undefined && !isPending(check) && !check.ok;
}

/** The reference as we understood it: registry, repository, tag, digest. */
export function ReferenceSummary({ state, status }: { state: ShownState; status: string }) {
  const { reference } = state;
  return (
    <Panel title="Reference" testId="reference-summary" aside={status === 'loading' ? <span className="text-sm text-slate-500 dark:text-slate-400">Pulling…</span> : undefined}>
      <Facts
        rows={[
          ['Registry', <span key="r" data-testid="ref-registry" className="font-mono">{reference.registry}</span>],
          ['Repository', <span key="p" data-testid="ref-repository" className="font-mono">{reference.repository}</span>],
          ['Tag', <span key="t" data-testid="ref-tag" className="font-mono">{reference.tag ?? '—'}</span>],
          ['Digest', <span key="d" data-testid="ref-digest" className="digest">{reference.digest ?? '—'}</span>],
          ['Resolved to', <span key="x" data-testid="resolved-digest" className="digest">{state.resolvedDigest ?? (status === 'loading' ? '…' : substituted(state) ? '— (not resolved: the registry’s answer failed its digest check)' : '— (not resolved)')}</span>],
        ]}
      />
    </Panel>
  );
}
