'use client';

import { useEffect, useRef, useState, useSyncExternalStore, type FormEvent, type RefObject } from 'react';
import type { PullscopeError } from '@/lib/errors';
import { cleanReferenceInput } from '@/lib/reference';
import { detectSecret } from '@/lib/secret-like';

/** What the user typed into the credential fields; held in memory only. */
export interface Credentials {
  username: string;
  password: string;
}

const EXAMPLES = ['ubuntu:24.04', 'alpine', 'registry.k8s.io/pause:3.9', 'ghcr.io/containerd/busybox:1.36', 'localhost:5000/team/api:dev'];

interface Props {
  initialValue: string;
  credentials: Credentials;
  /** The image's documents are awaited: Stop is offered, and Inspect still takes another reference. */
  busy: boolean;
  onStop: () => void;
  referenceError?: PullscopeError;
  openCredentials: boolean;
  /** Kept equal to what the credential fields hold, submitted or not (a local archive's comparison reads it). */
  typed?: RefObject<Credentials>;
  /** What cleaning the shown reference's input removed ("Removed 'docker pull'."), while that reference is shown. */
  note?: string;
  /**
   * `platform` is the one a pasted command asked for (`--platform`), as 'os/arch[/variant]'; `note` says what cleaning the
   * input removed, if anything. Returns false when the reference does not parse (the form shows why).
   */
  onSubmit: (reference: string, credentials: Credentials, platform?: string, note?: string) => boolean;
}

/** The reference box, its examples, and the (collapsed) private-repository credentials. */
export function ReferenceForm({ initialValue, credentials, busy, onStop, referenceError, openCredentials, typed, note, onSubmit }: Props) {
  const [value, setValue] = useState(initialValue);
  const [secretWarning, setSecretWarning] = useState<string | undefined>();
  // What a pasted command was read as, when that does not parse: the box keeps what was pasted.
  const [readAs, setReadAs] = useState<string | undefined>();
  // Another image in the address (Back, a platform, a link in the page) is shown in the box; the credential fields keep
  // what the user typed.
  const [shownImage, setShownImage] = useState(initialValue);
  if (shownImage !== initialValue) {
    setShownImage(initialValue);
    setValue(initialValue);
    setSecretWarning(undefined);
    setReadAs(undefined);
  }
  const [username, setUsername] = useState(credentials.username);
  const [password, setPassword] = useState(credentials.password);
  // Uncontrolled: React writes a controlled input's value into its `value` attribute, where the page's HTML would hold the
  // password. Only the DOM property holds it, set once here and then by the user.
  const passwordField = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (passwordField.current) passwordField.current.value = credentials.password;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const waited = useSecondsWhile(busy);
  const scripted = useScripted();
  useEffect(() => {
    if (typed) typed.current = { username, password };
  }, [typed, username, password]);

  const submit = (raw: string) => {
    // A credential pasted here would end up in the shareable URL (history, logs, chats): stop before navigating.
    const secret = detectSecret(raw);
    setSecretWarning(secret);
    setReadAs(undefined);
    if (secret) return;
    const cleaned = cleanReferenceInput(raw);
    const ok = onSubmit(cleaned.reference, { username, password }, cleaned.platform, cleaned.note);
    if (ok) setValue(cleaned.reference);
    else if (cleaned.note) setReadAs(`'${cleaned.reference}' was read as the image in what was pasted (${cleaned.note.replace(/\.$/, '')}).`);
  };

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit(value);
  };

  return (
    <form onSubmit={handleSubmit} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <label htmlFor="reference" className="block text-sm font-medium">
        Image reference
      </label>
      {/* The box keeps at least 12rem beside the buttons; on a narrower screen (320 px) they wrap under it, never past the edge. */}
      <div className="mt-1 flex flex-wrap gap-2">
        <input
          id="reference"
          // Without JavaScript the form is a plain GET of the page: `image` is the parameter the server renders a first view for.
          name="image"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder="ubuntu:24.04, ghcr.io/owner/app@sha256:…, localhost:5000/team/api:dev"
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          aria-invalid={referenceError || secretWarning ? true : undefined}
          aria-describedby={secretWarning ? 'reference-secret-warning' : referenceError ? 'reference-error' : undefined}
          className="min-w-0 flex-[1_1_12rem] rounded border border-slate-300 bg-white px-3 py-2 font-mono text-sm dark:border-slate-700 dark:bg-slate-950"
        />
        <button type="submit" className="rounded bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800">
          Inspect
        </button>
        {/* Stop works through the page's script: the server's HTML (a page without JavaScript) has none. */}
        {busy && scripted && (
          <button
            type="button"
            onClick={onStop}
            className="rounded border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            Stop
          </button>
        )}
      </div>
      {/* Only after a second: a page that is checking its first view for a moment does not jump. */}
      {busy && waited >= 1 && (
        <p role="status" data-testid="inspect-waiting" className="mt-2 text-xs text-slate-500 dark:text-slate-400">
          Inspecting…{waited >= 3 ? ` ${waited} s without the image’s documents yet; Stop gives up on them.` : ''}
        </p>
      )}
      {secretWarning && (
        <p id="reference-secret-warning" role="alert" data-testid="reference-secret-warning" className="mt-2 text-sm text-amber-800 dark:text-amber-300">
          This looks like {secretWarning}, not an image reference, so it was not used or put in the page address. Remove it from the box;
          for a private repository, enter the username and the password or token under “Private repository”.
        </p>
      )}
      {referenceError && !secretWarning && (
        <p id="reference-error" role="alert" data-testid="reference-error" className="mt-2 text-sm text-red-700 [overflow-wrap:anywhere] dark:text-red-400">
          {referenceError.message}
          {referenceError.suggestion && <span className="block text-slate-600 dark:text-slate-400">{referenceError.suggestion}</span>}
          {readAs && (
            <span data-testid="reference-read-as" className="block text-slate-600 dark:text-slate-400">
              {readAs}
            </span>
          )}
        </p>
      )}
      {note && !referenceError && !secretWarning && (
        <p data-testid="cleaning-note" className="mt-2 text-xs text-slate-500 dark:text-slate-400 [overflow-wrap:anywhere]">
          {note}
        </p>
      )}
      <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
        Examples:{' '}
        {EXAMPLES.map((example, i) => (
          <span key={example}>
            {i > 0 && ', '}
            <button type="button" className="font-mono text-sky-700 hover:underline dark:text-sky-400" onClick={() => submit(example)}>
              {example}
            </button>
          </span>
        ))}
      </p>
      <details open={openCredentials || undefined} className="mt-3 text-sm">
        <summary className="cursor-pointer text-slate-700 dark:text-slate-300">Private repository</summary>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          <div>
            <label htmlFor="username" className="block text-xs font-medium">
              Username
            </label>
            <input
              id="username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              autoComplete="off"
              className="w-full rounded border border-slate-300 px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950"
            />
          </div>
          <div>
            <label htmlFor="password" className="block text-xs font-medium">
              Password or token
            </label>
            <input
              id="password"
              type="password"
              ref={passwordField}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="off"
              className="w-full rounded border border-slate-300 px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950"
            />
          </div>
        </div>
        <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          Kept in this tab&apos;s memory only and sent with each proxied request; never put in the URL or stored.
        </p>
      </details>
    </form>
  );
}

const noSubscription = () => () => {};

/** False in the server's HTML and while hydrating it, true once the page's script runs. */
function useScripted(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

/** Whole seconds since `active` turned true (0 while false), counted once a second. */
function useSecondsWhile(active: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    setSeconds(0);
    if (!active) return;
    const started = Date.now();
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return seconds;
}
