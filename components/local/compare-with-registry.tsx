'use client';

import { useEffect, useRef, useState } from 'react';
import { asPullscopeError, type PullscopeError } from '@/lib/errors';
import { inspectImage, type InspectionState } from '@/lib/inspect/inspect-image';
import { ProxyClient } from '@/lib/inspect/proxy-client';
import { compareImages, type ComparedImage, type ImageComparison, type ImageVerdict } from '@/lib/local/compare-layers';
import { comparableNames } from '@/lib/local/archive-names';
import { parseReference } from '@/lib/reference';
import type { TraceSink } from '@/lib/registry/trace';
import { CredentialsElsewhere } from '@/components/inspector/credentials-elsewhere';
import { registryOf, type RegistryName } from '@/components/inspector/held-credentials';
import type { Credentials } from '@/components/inspector/reference-form';

const BUTTON =
  'rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800';

type Outcome = { kind: 'done'; name: string; comparison: ImageComparison } | { kind: 'error'; name: string; error: PullscopeError };

/** What a comparison needs from the page: the credentials it holds, and its pull trace. */
export interface ComparisonContext {
  /** The registry the credentials held are for, if any: another registry is asked without them. */
  heldFor?: RegistryName;
  /** At a click: what goes to `registry`. Fields typed since become its credentials, as Inspect makes them. */
  credentialsFor: (registry: RegistryName) => Credentials;
  /** "Send them to …": the held credentials become `registry`'s; returns them. */
  sendTo: (registry: RegistryName) => Credentials;
  /** The page's pull trace: it shows the exchanges of the comparison whose outcome is shown, and none once that is gone. */
  trace: {
    /** A comparison begins, with credentials or without: the trace starts over for it. */
    begin: (credentialed: boolean) => void;
    add: TraceSink;
    clear: () => void;
  };
}

/**
 * Asks the registry for the archive's repository:tag (the same platform) and
 * compares the layers. Credentials go as they go for a pull: to the registry
 * they were entered for, and to another only when the user says so.
 */
export function CompareWithRegistry({ names, state, context }: { names: readonly string[]; state: InspectionState; context: ComparisonContext }) {
  const candidates = comparableNames(names);
  const [name, setName] = useState(candidates[0]);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  // The comparison under way. Once this view is gone (another image, or no archive), so is its trace, and the exchanges
  // still to come of a comparison it began are no one's.
  const running = useRef<object | undefined>(undefined);
  const { clear } = context.trace;
  useEffect(
    () => () => {
      running.current = undefined;
      clear();
    },
    [clear],
  );
  const local = comparedOf(state);
  if (candidates.length === 0 || !local) return null;
  const target = registryOf(parseReference(name));

  const compare = async (credentials: Credentials) => {
    if (busy) return;
    setBusy(true);
    setOutcome(undefined);
    const run = {};
    running.current = run;
    context.trace.begin(credentials.username !== '' || credentials.password !== '');
    try {
      const client = new ProxyClient({ credentials, onTrace: (entries) => running.current === run && context.trace.add(entries) });
      const remote = await inspectImage(parseReference(name), { client, platform: state.platform?.chosen ?? state.config?.view.platform });
      const theirs = comparedOf(remote);
      if (!theirs) throw new Error(`the registry's ${name} has no image manifest and config to compare`);
      setOutcome({ kind: 'done', name, comparison: compareImages(local, theirs) });
    } catch (err) {
      setOutcome({ kind: 'error', name, error: asPullscopeError(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="mt-3" data-testid="compare-with-registry">
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className={BUTTON} disabled={busy} onClick={() => void compare(context.credentialsFor(target))} data-testid="compare-button">
          {busy ? 'Asking the registry…' : 'Compare with the registry'}
        </button>
        {candidates.length > 1 ? (
          <select aria-label="Name to compare" className="rounded border border-slate-300 bg-transparent px-1 py-1 text-sm dark:border-slate-700" value={name} onChange={(e) => setName(e.target.value)}>
            {candidates.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        ) : (
          <span className="font-mono text-sm">{name}</span>
        )}
      </div>
      {context.heldFor && context.heldFor.apiHost !== target.apiHost && (
        <div className="mt-2">
          <CredentialsElsewhere
            heldFor={context.heldFor.shown}
            target={target.shown}
            without="the comparison asks it without them"
            onSendHere={() => void compare(context.sendTo(target))}
          />
        </div>
      )}
      {outcome?.kind === 'error' && (
        <p role="alert" data-testid="compare-error" className="mt-2 text-sm text-red-700 dark:text-red-400">
          Could not compare with {outcome.name}: {outcome.error.message}
          {outcome.error.suggestion && <span className="block text-slate-600 dark:text-slate-400">{outcome.error.suggestion}</span>}
        </p>
      )}
      {outcome?.kind === 'done' && <ComparisonTable name={outcome.name} comparison={outcome.comparison} />}
    </div>
  );
}

const SUMMARY: Record<ImageVerdict, (name: string) => string> = {
  'same manifest': (name) => `The registry serves exactly this manifest for ${name}.`,
  'same image': (name) =>
    `The same image: the registry's ${name} has the same config (the image ID), so the same layers by content. Only the manifests differ, as they do when an archive stores its layers otherwise than the registry (docker save keeps uncompressed tars).`,
  'same filesystem': (name) =>
    `The same filesystem under another config: every layer of the registry's ${name} has the same content, in the same order, but the configs differ (its environment, command, labels or history).`,
  different: (name) => `The registry's ${name} is a different image from the archive's.`,
};

function ComparisonTable({ name, comparison }: { name: string; comparison: ImageComparison }) {
  const newer =
    comparison.newer === 'unknown'
      ? 'Which is newer is unknown: a config has no creation date.'
      : comparison.newer === 'same time'
        ? 'Both configs give the same creation date.'
        : `The ${comparison.newer}'s image is newer (its config's creation date is later).`;
  return (
    <div className="mt-2 text-sm" data-testid="comparison">
      <p data-testid="comparison-summary" data-image={comparison.image}>
        {SUMMARY[comparison.image](name)} {comparison.image === 'same manifest' || comparison.image === 'same image' ? '' : newer}
      </p>
      <table className="mt-2 w-full text-left text-xs">
        <thead className="text-slate-500 dark:text-slate-400">
          <tr className="[&>th]:py-1 [&>th]:pr-3">
            <th>Layer</th>
            <th>Archive</th>
            <th>Registry</th>
            <th>Verdict</th>
          </tr>
        </thead>
        <tbody>
          {comparison.layers.map((row) => (
            <tr key={row.index} data-testid="comparison-row" data-verdict={row.verdict} className="[&>td]:py-1 [&>td]:pr-3 [&>td]:align-top">
              <td>{row.index + 1}</td>
              <td className="digest">{row.local?.digest ?? '—'}</td>
              <td className="digest">{row.registry?.digest ?? '—'}</td>
              <td className={row.verdict === 'same digest' ? 'text-emerald-700' : row.verdict === 'same content, stored differently' ? 'text-sky-700' : 'text-amber-700'}>
                {row.verdict}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function comparedOf(state: InspectionState): ComparedImage | undefined {
  const manifest = state.manifest?.view;
  const config = state.config?.view;
  if (!manifest || manifest.kind !== 'manifest' || !config) return undefined;
  if (!manifest.config) return undefined;
  return {
    manifestDigest: manifest.digest,
    configDigest: manifest.config.digest,
    layers: manifest.layers.map((l) => l.digest),
    diffIds: config.diffIds,
    created: config.created,
  };
}
