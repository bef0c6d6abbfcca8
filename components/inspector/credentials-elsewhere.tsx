'use client';

/**
 * Says that the credentials entered are for `heldFor`, so `target` is asked without them (`without` says what is done
 * without them), and offers to send them there too.
 */
export function CredentialsElsewhere({ heldFor, target, without, onSendHere }: { heldFor: string; target: string; without: string; onSendHere: () => void }) {
  return (
    <p data-testid="credentials-elsewhere" className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      The credentials entered are for {heldFor}, so they are not sent to {target}: {without}.{' '}
      <button type="button" data-testid="credentials-send-here" className="text-sky-700 underline dark:text-sky-400" onClick={onSendHere}>
        Send them to {target}
      </button>
    </p>
  );
}
