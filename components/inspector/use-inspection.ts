'use client';

import { useEffect, useRef, useState } from 'react';
import { asPullscopeError, type PullscopeError } from '@/lib/errors';
import { parseReference, type Reference } from '@/lib/reference';
import { inspectImage, type InspectionState } from '@/lib/inspect/inspect-image';
import { ProxyClient } from '@/lib/inspect/proxy-client';
import type { TraceEntry } from '@/lib/registry/trace';
import { adoptEarly, documentCache } from './early-inspection';
import type { Credentials } from './reference-form';

export type InspectionStatus = 'idle' | 'loading' | 'done' | 'error';

/** What the page shows about the image in the URL, kept current as the pull proceeds. */
export interface Inspection {
  state?: InspectionState;
  status: InspectionStatus;
  error?: PullscopeError;
  referenceError?: PullscopeError;
  trace: TraceEntry[];
  credentialed: boolean;
  /** The client of this inspection (credentials included), for the layers to reuse. */
  client?: ProxyClient;
  /** Adds exchanges made later (layer downloads) to the trace. */
  addTrace: (entries: TraceEntry[]) => void;
}

/** Runs the inspection of `image` (re-run when `attempt` changes); credentials are read at start, never stored. */
export function useInspection(image: string, platform: string | undefined, credentials: Credentials, attempt: number): Inspection {
  const [state, setState] = useState<InspectionState | undefined>();
  const [status, setStatus] = useState<InspectionStatus>('idle');
  const [error, setError] = useState<PullscopeError | undefined>();
  const [referenceError, setReferenceError] = useState<PullscopeError | undefined>();
  const [trace, setTrace] = useState<TraceEntry[]>([]);
  const [client, setClient] = useState<ProxyClient | undefined>();
  const credentialsRef = useRef(credentials);
  credentialsRef.current = credentials;
  const addTrace = useRef((entries: TraceEntry[]) => setTrace((t) => [...t, ...entries])).current;

  useEffect(() => {
    setTrace([]);
    setError(undefined);
    if (!image) {
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
      setState(undefined);
      setStatus('idle');
      return;
    }
    setReferenceError(undefined);
    const c = credentialsRef.current;
    // Only the page's first inspection, anonymous as it began, may be the early one.
    const adopted = adoptEarly(image, platform, attempt === 0 && c.username === '' && c.password === '');
    const controller = adopted?.controller ?? new AbortController();
    const onTrace = (entries: TraceEntry[]) => {
      if (!controller.signal.aborted) addTrace(entries);
    };
    const onUpdate = (s: InspectionState) => {
      if (!controller.signal.aborted) setState(s);
    };
    let next: ProxyClient;
    let running: Promise<InspectionState>;
    if (adopted) {
      next = adopted.client;
      adopted.adopter = { onUpdate, onTrace };
      if (adopted.trace.length > 0) addTrace(adopted.trace);
      running = adopted.result;
    } else {
      next = new ProxyClient({ credentials: c, onTrace });
      running = inspectImage(reference, { client: next, platform, signal: controller.signal, documentCache, onUpdate });
    }
    setClient(next);
    setStatus('loading');
    setState(adopted?.latest ?? { reference });
    running
      .then((final) => {
        if (controller.signal.aborted) return;
        setState(final);
        setStatus('done');
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        setError(asPullscopeError(err));
        setStatus('error');
      });
    return () => controller.abort();
  }, [image, platform, attempt, addTrace]);

  const c = credentialsRef.current;
  return { state, status, error, referenceError, trace, credentialed: c.username !== '' || c.password !== '', client, addTrace };
}
