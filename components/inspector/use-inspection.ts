'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { asPullscopeError, type PullscopeError } from '@/lib/errors';
import { parseReference, type Reference } from '@/lib/reference';
import { inspectImage, type InspectionState } from '@/lib/inspect/inspect-image';
import { InspectionStoppedError } from '@/lib/inspect/inspection-stopped';
import { ProxyClient } from '@/lib/inspect/proxy-client';
import { overlayFirstView, type ShownState } from '@/lib/inspect/first-view-state';
import type { TraceEntry, TraceSink } from '@/lib/registry/trace';
import { TraceLog } from '@/lib/trace/trace-log';
import { adoptEarly, documentCache } from './early-inspection';
import type { Credentials } from './reference-form';

export type InspectionStatus = 'idle' | 'loading' | 'done' | 'error';

/** What the page shows about the image in the URL, kept current as the pull proceeds. */
export interface Inspection {
  state?: InspectionState;
  /** What the inspection panels show: `state`, or the page's first view where the tab has not got to yet. */
  shown?: ShownState;
  status: InspectionStatus;
  error?: PullscopeError;
  referenceError?: PullscopeError;
  /** The pull trace as it grows; the panels that show it subscribe to it themselves (components/trace/pull-trace-section.tsx). */
  traceLog: TraceLog;
  credentialed: boolean;
  /** The client of this inspection (credentials included), for the layers to reuse. */
  client?: ProxyClient;
  /** Adds exchanges made later (layer downloads) to the trace. */
  addTrace: TraceSink;
  /** Gives up on the documents still awaited (status 'loading'): their requests are aborted, and the error says so. */
  stop: () => void;
  /** The credentials the current run was started with: its outcome (a refusal) is about these. */
  runCredentials: Credentials;
  /**
   * True while another platform of the same image is being read: `state` and `shown` still hold the platform left
   * (with the new choice marked in the index) until the new platform's documents are in.
   */
  replacing: boolean;
}

/** The first view the server rendered into the page, for the image and platform of its URL. */
export interface FirstView {
  image: string;
  platform?: string;
  state: ShownState;
}

/**
 * Runs the inspection of `image` (re-run when `attempt` changes); credentials are read at start, never stored.
 * `firstView`, from the page's HTML, is shown until the page's first inspection has checked it.
 */
export function useInspection(
  image: string,
  platform: string | undefined,
  credentials: Credentials,
  attempt: number,
  firstView?: FirstView,
): Inspection {
  const [state, setState] = useState<InspectionState | undefined>();
  // Rendered on the server and on hydration alike, so the first view hydrates without a mismatch.
  const [pendingView, setPendingView] = useState<ShownState | undefined>(() =>
    firstView && firstView.image === image && firstView.platform === platform ? firstView.state : undefined,
  );
  const [status, setStatus] = useState<InspectionStatus>(pendingView ? 'loading' : 'idle');
  const [error, setError] = useState<PullscopeError | undefined>();
  const [referenceError, setReferenceError] = useState<PullscopeError | undefined>();
  // One log per page, read whole by the panels that show it (lib/trace/trace-log.ts says why it is not queued state).
  const [traceLog] = useState(() => new TraceLog());
  const [client, setClient] = useState<ProxyClient | undefined>();
  const credentialsRef = useRef(credentials);
  credentialsRef.current = credentials;
  // The credentials the current run was started with (the very object): what its outcome says something about.
  const [runCredentials, setRunCredentials] = useState(credentials);
  const addTrace = traceLog.append;
  // The run in progress, for stop(): its controller, registry, start, and whether the registry answered in it.
  const inFlight = useRef<{ controller: AbortController; registry: string; startedAt: number; registryAnswered: boolean } | undefined>(undefined);
  // The image and attempt of the last run, and what the page showed of it: another platform of the same pull replaces it in place.
  const lastRun = useRef<{ image: string; attempt: number } | undefined>(undefined);
  const lastShown = useRef<Replaced | undefined>(undefined);
  const [replaced, setReplaced] = useState<Replaced | undefined>();

  useEffect(() => {
    // Another platform of the image on the page continues the same pull, as `docker pull --platform` after a pull would:
    // its exchanges follow the earlier ones, and the panels of the platform left stay until the new one's documents are in.
    const switching = image !== '' && lastRun.current?.image === image && lastRun.current.attempt === attempt && lastShown.current?.shown?.index !== undefined;
    lastRun.current = { image, attempt };
    setReplaced(switching ? lastShown.current : undefined);
    if (!switching) traceLog.clear();
    setError(undefined);
    inFlight.current = undefined;
    if (!image) {
      setPendingView(undefined);
      setState(undefined);
      setStatus('idle');
      setReferenceError(undefined);
      setClient(undefined);
      return;
    }
    let reference: Reference;
    try {
      reference = parseReference(image);
    } catch (err) {
      setReferenceError(asPullscopeError(err));
      setPendingView(undefined);
      setState(undefined);
      setStatus('idle');
      return;
    }
    setReferenceError(undefined);
    const c = credentialsRef.current;
    // Only the page's first inspection, anonymous as it began, may be the early one.
    const adopted = adoptEarly(image, platform, attempt === 0 && c.username === '' && c.password === '');
    // The first view belongs to the page's first inspection only: any other run (another image, a retry) drops it.
    if (!adopted) setPendingView(undefined);
    const controller = adopted?.controller ?? new AbortController();
    const run = { controller, registry: reference.registry, startedAt: Date.now(), registryAnswered: false };
    inFlight.current = run;
    const onTrace = (entries: TraceEntry[]) => {
      if (controller.signal.aborted) return;
      if (answeredBy(entries, reference.apiHost)) run.registryAnswered = true;
      addTrace(entries);
    };
    const onUpdate = (s: InspectionState) => {
      if (!controller.signal.aborted) setState(s);
    };
    let next: ProxyClient;
    let running: Promise<InspectionState>;
    if (adopted) {
      next = adopted.client;
      adopted.adopter = { onUpdate, onTrace };
      if (adopted.trace.length > 0) onTrace(adopted.trace);
      running = adopted.result;
    } else {
      next = new ProxyClient({ credentials: c, onTrace });
      running = inspectImage(reference, { client: next, platform, signal: controller.signal, documentCache, onUpdate });
    }
    setClient(next);
    setRunCredentials(c);
    setStatus('loading');
    setState(adopted?.latest ?? { reference });
    running
      .then((final) => {
        if (controller.signal.aborted) return;
        inFlight.current = undefined;
        setState(final);
        setStatus('done');
        setPendingView(undefined);
        setReplaced(undefined);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        inFlight.current = undefined;
        setError(asPullscopeError(err));
        setStatus('error');
        setPendingView(undefined);
        setReplaced(undefined);
      });
    return () => controller.abort();
  }, [image, platform, attempt, traceLog, addTrace]);

  const stop = useCallback(() => {
    const run = inFlight.current;
    if (!run || run.controller.signal.aborted) return;
    inFlight.current = undefined;
    run.controller.abort(new DOMException('stopped by the user', 'AbortError'));
    setError(new InspectionStoppedError(run.registry, Math.round((Date.now() - run.startedAt) / 1000), run.registryAnswered));
    setStatus('error');
    setPendingView(undefined);
    setReplaced(undefined);
  }, []);

  const c = credentialsRef.current;
  const runShown = pendingView ? overlayFirstView(pendingView, state) : state;
  lastShown.current = replaced ?? { state, shown: runShown };
  // The platform left, with the index's choice already the new run's (once it has read the index).
  const choice = state?.platform;
  const carried = useMemo(
    () =>
      replaced && {
        state: replaced.state && choice ? { ...replaced.state, platform: choice } : replaced.state,
        shown: replaced.shown && choice ? { ...replaced.shown, platform: choice } : replaced.shown,
      },
    [replaced, choice],
  );
  return {
    state: carried ? carried.state : state,
    shown: carried ? carried.shown : runShown,
    status,
    error,
    referenceError,
    traceLog,
    credentialed: c.username !== '' || c.password !== '',
    client,
    addTrace,
    stop,
    runCredentials,
    replacing: carried !== undefined,
  };
}

/** True when one of these exchanges is an answer from the registry's API host (a request not sent, or one with no answer, is not). */
function answeredBy(entries: readonly TraceEntry[], apiHost: string): boolean {
  return entries.some((entry) => entry.status > 0 && hostOf(entry.url) === apiHost);
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/** What the page showed of a run, kept on screen while another platform of the same image is read. */
interface Replaced {
  state?: InspectionState;
  shown?: ShownState;
}
