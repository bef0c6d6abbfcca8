'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { asPullscopeError, type PullscopeError } from '@/lib/errors';
import { formatReference, parseReference, type Reference } from '@/lib/reference';
import { inspectImage, type InspectionState } from '@/lib/inspect/inspect-image';
import { ProxyClient } from '@/lib/inspect/proxy-client';
import { ReferenceForm, type Credentials } from './reference-form';
import { ErrorPanel } from './error-panel';
import { ReferenceSummary } from './reference-summary';
import { IndexPanel } from './index-panel';
import { ManifestPanel } from './manifest-panel';
import { ConfigPanel } from './config-panel';
import { HistoryPanel } from './history-panel';

type Status = 'idle' | 'loading' | 'done' | 'error';

/** The whole inspection page: the URL is the state (image, platform); credentials stay in memory. */
export function Inspector() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const image = params.get('image') ?? '';
  const platform = params.get('platform') ?? undefined;

  // Credentials live only in this component's memory: never in the URL or storage.
  const [credentials, setCredentials] = useState<Credentials>({ username: '', password: '' });
  const [state, setState] = useState<InspectionState | undefined>();
  const [status, setStatus] = useState<Status>('idle');
  const [error, setError] = useState<PullscopeError | undefined>();
  const [referenceError, setReferenceError] = useState<PullscopeError | undefined>();
  const [attempt, setAttempt] = useState(0);
  const credentialsRef = useRef(credentials);
  credentialsRef.current = credentials;

  useEffect(() => {
    if (!image) {
      setState(undefined);
      setStatus('idle');
      setError(undefined);
      setReferenceError(undefined);
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
    const controller = new AbortController();
    const client = new ProxyClient({ credentials: credentialsRef.current });
    setStatus('loading');
    setError(undefined);
    setState({ reference });
    inspectImage(reference, {
      client,
      platform,
      signal: controller.signal,
      onUpdate: (next) => {
        if (!controller.signal.aborted) setState(next);
      },
    })
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
  }, [image, platform, attempt]);

  const navigate = useCallback(
    (next: { image?: string; platform?: string }) => {
      const query = new URLSearchParams();
      if (next.image) query.set('image', next.image);
      if (next.platform) query.set('platform', next.platform);
      const qs = query.toString();
      router.push(qs ? `${pathname}?${qs}` : pathname);
    },
    [router, pathname],
  );

  const onSubmit = (input: string, creds: Credentials) => {
    setCredentials(creds);
    credentialsRef.current = creds;
    let reference: Reference;
    try {
      reference = parseReference(input);
    } catch (err) {
      setReferenceError(asPullscopeError(err));
      return;
    }
    setReferenceError(undefined);
    const canonical = formatReference(reference);
    if (canonical === image && !platform) setAttempt((n) => n + 1);
    else navigate({ image: canonical });
  };

  return (
    <div className="space-y-4">
      <ReferenceForm
        key={image}
        initialValue={image}
        credentials={credentials}
        busy={status === 'loading'}
        referenceError={referenceError}
        openCredentials={error?.code === 'AUTH_REQUIRED' || error?.code === 'AUTH_FAILED'}
        onSubmit={onSubmit}
      />
      {state && <ReferenceSummary state={state} status={status} />}
      {error && <ErrorPanel error={error} />}
      {state?.index && (
        <IndexPanel
          index={state.index}
          reference={state.reference}
          choice={state.platform}
          onChoose={(p) => navigate({ image, platform: p })}
        />
      )}
      {state?.manifest && <ManifestPanel manifest={state.manifest} reference={state.reference} />}
      {state?.config && <ConfigPanel config={state.config} />}
      {state?.config && <HistoryPanel config={state.config} />}
    </div>
  );
}
